using Augment.Audio.Tests.Dsp;

namespace Augment.Audio.Tests.Reverb;

/// <summary>Reference convolution in double and an error measure for the reverb tests.</summary>
internal static class ReverbSignals
{
    /// <summary>Direct time-domain convolution in double: y[n] = Σ h[j]·x[n − j], length |x| + |h| − 1.</summary>
    public static double[] Direct(ReadOnlySpan<float> x, ReadOnlySpan<float> h)
    {
        var y = new double[x.Length + h.Length - 1];
        for (var i = 0; i < x.Length; i++)
        {
            double xi = x[i];
            if (xi == 0) continue;
            for (var j = 0; j < h.Length; j++) y[i + j] += xi * h[j];
        }
        return y;
    }

    /// <summary>10·log10(error energy / reference energy) over the reference's length.</summary>
    public static double ErrorDb(ReadOnlySpan<double> reference, ReadOnlySpan<float> actual, int offset = 0)
    {
        double signal = 0, error = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            signal += reference[i] * reference[i];
            var d = actual[i + offset] - reference[i];
            error += d * d;
        }
        return 10 * Math.Log10(error / signal);
    }

    /// <summary>An exponentially decaying noise IR, like a small room.</summary>
    public static float[] DecayingNoise(int n, int seed, double decayFrames)
    {
        var noise = Signals.Noise(n, seed);
        for (var i = 0; i < n; i++) noise[i] *= (float)Math.Exp(-i / decayFrames);
        return noise;
    }
}
