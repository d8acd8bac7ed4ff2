namespace Augment.Audio.Tests.Room;

/// <summary>Generated impulse responses and test signals for the room tests (deterministic seeds).</summary>
internal static class RoomSignals
{
    /// <summary>Exponentially decaying noise whose energy falls 60 dB in <paramref name="rt60Seconds"/>; random signs (±1) make the energy envelope exact.</summary>
    public static float[] DecayingNoise(double rt60Seconds, double lengthSeconds, int rate, int seed, bool signsOnly)
    {
        var random = new Random(seed);
        var n = (int)(lengthSeconds * rate);
        var h = new float[n];
        for (var i = 0; i < n; i++)
        {
            var envelope = Math.Exp(-3 * Math.Log(10) * i / (rt60Seconds * rate));
            var value = signsOnly ? (random.Next(2) == 0 ? -1.0 : 1.0) : Gaussian(random);
            h[i] = (float)(value * envelope);
        }
        return h;
    }

    public static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Band-limits a signal with a raised-cosine spectral taper (0 below lowStop, 1 from lowPass to highPass, 0 above highStop), circularly.</summary>
    public static float[] BandLimit(float[] x, int rate, double lowStop, double lowPass, double highPass, double highStop)
    {
        var plan = RealFftPlan.Create(x.Length);
        var re = new float[plan.BinCount];
        var im = new float[plan.BinCount];
        plan.Forward(x, re, im);
        for (var k = 0; k < re.Length; k++)
        {
            var f = (double)k * rate / x.Length;
            double g;
            if (f <= lowStop || f >= highStop) g = 0;
            else if (f < lowPass) g = 0.5 - (0.5 * Math.Cos(Math.PI * (f - lowStop) / (lowPass - lowStop)));
            else if (f > highPass) g = 0.5 + (0.5 * Math.Cos(Math.PI * (f - highPass) / (highStop - highPass)));
            else g = 1;
            re[k] *= (float)g;
            im[k] *= (float)g;
        }
        var y = new float[x.Length];
        plan.Inverse(re, im, y);
        return y;
    }

    /// <summary>Direct O(N·M) convolution, the test oracle.</summary>
    public static float[] NaiveConvolve(ReadOnlySpan<float> x, ReadOnlySpan<float> h)
    {
        var y = new double[x.Length + h.Length - 1];
        for (var i = 0; i < x.Length; i++)
            for (var j = 0; j < h.Length; j++)
                y[i + j] += (double)x[i] * h[j];
        var result = new float[y.Length];
        for (var i = 0; i < y.Length; i++) result[i] = (float)y[i];
        return result;
    }

    public static AudioBuffer Mono(ReadOnlySpan<float> samples, int rate)
    {
        var buffer = AudioBuffer.Create(1, samples.Length, rate);
        samples.CopyTo(buffer.Channel(0));
        return buffer;
    }

    /// <summary>10·log10(Σ(a − b)² / Σb²) over b's length (a zero-padded or cut).</summary>
    public static double ErrorDb(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        double error = 0, energy = 0;
        for (var i = 0; i < Math.Max(actual.Length, expected.Length); i++)
        {
            double a = i < actual.Length ? actual[i] : 0, b = i < expected.Length ? expected[i] : 0;
            error += (a - b) * (a - b);
            energy += b * b;
        }
        return 10 * Math.Log10(error / energy);
    }
}
