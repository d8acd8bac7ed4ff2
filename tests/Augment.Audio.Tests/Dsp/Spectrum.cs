namespace Augment.Audio.Tests.Dsp;

/// <summary>
/// Amplitude spectra for measuring resamplers: periodic 4-term Blackman-Harris window, amplitude
/// per bin scaled so that a bin-centred sine of amplitude a reads a. For a bin-centred sine the
/// periodic Blackman-Harris spectrum is exactly zero beyond ±3 bins, so every other bin shows
/// only what the system under test added.
/// </summary>
internal static class Spectrum
{
    public static double[] Amplitudes(ReadOnlySpan<float> x)
    {
        var n = x.Length;
        var window = WindowFunctions.Create(WindowKind.BlackmanHarris, n);
        double gain = 0;
        foreach (var w in window)
            gain += w;
        var windowed = new float[n];
        for (var i = 0; i < n; i++)
            windowed[i] = x[i] * window[i];
        var plan = RealFftPlan.Create(n);
        var re = new float[plan.BinCount];
        var im = new float[plan.BinCount];
        plan.Forward(windowed, re, im);
        var amplitude = new double[plan.BinCount];
        for (var k = 0; k < amplitude.Length; k++)
            amplitude[k] = 2 * Math.Sqrt((re[k] * (double)re[k]) + (im[k] * (double)im[k])) / gain;
        return amplitude;
    }

    /// <summary>The loudest bin farther than <paramref name="guardBins"/> from every listed bin, in dB relative to <paramref name="reference"/>.</summary>
    public static (double LevelDb, int Bin) LoudestOutside(double[] amplitude, ReadOnlySpan<int> toneBins, int guardBins, double reference, int firstBin = 1)
    {
        double max = 0;
        var at = -1;
        for (var k = firstBin; k < amplitude.Length; k++)
        {
            var near = false;
            foreach (var t in toneBins)
                near |= Math.Abs(k - t) <= guardBins;
            if (!near && amplitude[k] > max)
            {
                max = amplitude[k];
                at = k;
            }
        }
        return (20 * Math.Log10(Math.Max(max, 1e-300) / reference), at);
    }
}
