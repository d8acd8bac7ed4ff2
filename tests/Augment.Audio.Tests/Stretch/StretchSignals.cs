namespace Augment.Audio.Tests.Stretch;

/// <summary>
/// Test signals (sines, harmonic tones, a synthetic vowel) and independent measurements for the
/// stretch and voice tests: a peak frequency by maximising the Hann-windowed DTFT directly (no FFT of
/// the SDK involved), and formants from an LPC fit (autocorrelation method, Levinson–Durbin).
/// </summary>
internal static class StretchSignals
{
    public static float[] Sine(int frames, int sampleRate, double frequencyHz, double amplitude = 0.5)
    {
        var x = new float[frames];
        for (var i = 0; i < frames; i++)
            x[i] = (float)(amplitude * Math.Sin(2 * Math.PI * frequencyHz * i / sampleRate));
        return x;
    }

    /// <summary>Harmonics 1..count of f0 with amplitudes 1/k, peak-normalised to 0.5.</summary>
    public static float[] HarmonicTone(int frames, int sampleRate, double f0Hz, int count = 8)
    {
        var x = new float[frames];
        for (var k = 1; k <= count && k * f0Hz < sampleRate / 2.0; k++)
        {
            for (var i = 0; i < frames; i++)
                x[i] += (float)(Math.Sin((2 * Math.PI * k * f0Hz * i / sampleRate) + k) / k);
        }
        return Normalize(x, 0.5f);
    }

    /// <summary>
    /// A synthetic vowel: an impulse train at f0 through a cascade of two-pole formant resonators
    /// (Klatt 1980, "Software for a cascade/parallel formant synthesizer", JASA 67(3)).
    /// </summary>
    public static float[] Vowel(int frames, int sampleRate, double f0Hz, ReadOnlySpan<double> formantsHz, ReadOnlySpan<double> bandwidthsHz)
    {
        var x = new float[frames];
        var period = sampleRate / f0Hz;
        for (var t = 0.0; t < frames; t += period)
            x[(int)t] = 1f;
        for (var f = 0; f < formantsHz.Length; f++)
        {
            // H(z) = A / (1 − B z⁻¹ − C z⁻²) with C = −e^(−2πBW/fs), B = 2e^(−πBW/fs)cos(2πF/fs), A = 1 − B − C.
            var c = -Math.Exp(-2 * Math.PI * bandwidthsHz[f] / sampleRate);
            var b = 2 * Math.Exp(-Math.PI * bandwidthsHz[f] / sampleRate) * Math.Cos(2 * Math.PI * formantsHz[f] / sampleRate);
            var a = 1 - b - c;
            double y1 = 0, y2 = 0;
            for (var i = 0; i < frames; i++)
            {
                var y = (a * x[i]) + (b * y1) + (c * y2);
                y2 = y1;
                y1 = y;
                x[i] = (float)y;
            }
        }
        return Normalize(x, 0.5f);
    }

    public static float[] Normalize(float[] x, float peak)
    {
        var max = 0f;
        foreach (var v in x) max = Math.Max(max, Math.Abs(v));
        if (max > 0)
            for (var i = 0; i < x.Length; i++) x[i] *= peak / max;
        return x;
    }

    /// <summary>
    /// The frequency of the largest spectral peak between two limits: the Hann-windowed DTFT magnitude is
    /// scanned on a fine grid and its maximum refined by golden-section search (exact for a lone sinusoid).
    /// </summary>
    public static double PeakHz(ReadOnlySpan<float> x, int sampleRate, double lowHz, double highHz)
    {
        var n = x.Length;
        var step = sampleRate / (4.0 * n);
        double best = lowHz, bestMagnitude = -1;
        for (var f = lowHz; f <= highHz; f += step)
        {
            var m = Dtft(x, sampleRate, f);
            if (m > bestMagnitude) { bestMagnitude = m; best = f; }
        }
        double a = best - step, b = best + step;
        var g = (Math.Sqrt(5) - 1) / 2;
        for (var i = 0; i < 40; i++)
        {
            double c = b - (g * (b - a)), d = a + (g * (b - a));
            if (Dtft(x, sampleRate, c) > Dtft(x, sampleRate, d)) b = d; else a = c;
        }
        return (a + b) / 2;
    }

    public static double Dtft(ReadOnlySpan<float> x, int sampleRate, double frequencyHz)
    {
        var n = x.Length;
        double re = 0, im = 0;
        var w = 2 * Math.PI * frequencyHz / sampleRate;
        // Rotate a phasor instead of calling sin/cos per sample; renormalise now and then.
        double cr = 1, ci = 0, sr = Math.Cos(w), si = -Math.Sin(w);
        for (var i = 0; i < n; i++)
        {
            var window = 0.5 - (0.5 * Math.Cos(2 * Math.PI * i / n));
            re += window * x[i] * cr;
            im += window * x[i] * ci;
            var nr = (cr * sr) - (ci * si);
            ci = (cr * si) + (ci * sr);
            cr = nr;
            if ((i & 1023) == 1023)
            {
                var norm = Math.Sqrt((cr * cr) + (ci * ci));
                cr /= norm; ci /= norm;
            }
        }
        return Math.Sqrt((re * re) + (im * im));
    }

    public static double Cents(double measured, double expected) => 1200 * Math.Log2(measured / expected);

    /// <summary>LPC coefficients a[0..order] (a[0] = 1) by the autocorrelation method with a Hamming window.</summary>
    public static double[] Lpc(ReadOnlySpan<float> x, int order)
    {
        var n = x.Length;
        var w = new double[n];
        for (var i = 0; i < n; i++) w[i] = x[i] * (0.54 - (0.46 * Math.Cos(2 * Math.PI * i / (n - 1))));
        var r = new double[order + 1];
        for (var lag = 0; lag <= order; lag++)
            for (var i = lag; i < n; i++) r[lag] += w[i] * w[i - lag];
        r[0] *= 1 + 1e-9;
        var a = new double[order + 1];
        a[0] = 1;
        var error = r[0];
        for (var i = 1; i <= order; i++)
        {
            var acc = r[i];
            for (var j = 1; j < i; j++) acc += a[j] * r[i - j];
            var k = -acc / error;
            var previous = (double[])a.Clone();
            for (var j = 1; j < i; j++) a[j] = previous[j] + (k * previous[i - j]);
            a[i] = k;
            error *= 1 - (k * k);
        }
        return a;
    }

    /// <summary>Frequencies of the local maxima of the LPC envelope 1/|A(e^jω)| below a limit, ascending.</summary>
    public static List<double> Formants(ReadOnlySpan<float> x, int sampleRate, int order, double maxHz)
    {
        var a = Lpc(x, order);
        var stepHz = 2.0;
        var count = (int)(maxHz / stepHz);
        var envelope = new double[count];
        for (var k = 0; k < count; k++)
        {
            var w = 2 * Math.PI * k * stepHz / sampleRate;
            double re = 0, im = 0;
            for (var j = 0; j < a.Length; j++) { re += a[j] * Math.Cos(w * j); im -= a[j] * Math.Sin(w * j); }
            envelope[k] = 1 / Math.Sqrt((re * re) + (im * im));
        }
        var peaks = new List<double>();
        for (var k = 1; k + 1 < count; k++)
            if (envelope[k] > envelope[k - 1] && envelope[k] >= envelope[k + 1]) peaks.Add(k * stepHz);
        return peaks;
    }

    public static AudioBuffer Mono(float[] x, int sampleRate)
    {
        var buffer = AudioBuffer.Create(1, x.Length, sampleRate);
        x.CopyTo(buffer.Data);
        return buffer;
    }
}
