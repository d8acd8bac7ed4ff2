namespace Augment.Audio.Tests.Psola;

/// <summary>
/// Formant peaks from an LPC spectral envelope (autocorrelation method, Levinson–Durbin recursion; Makhoul 1975):
/// pre-emphasis 1 − 0.97 z⁻¹, Hamming window over the whole excerpt, envelope 1/|A(e^jω)| on a 1 Hz grid.
/// </summary>
internal static class FormantEstimate
{
    public static double[] LpcCoefficients(ReadOnlySpan<float> x, int order)
    {
        var n = x.Length;
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            var emphasised = x[i] - (i > 0 ? 0.97 * x[i - 1] : 0);
            y[i] = emphasised * (0.54 - (0.46 * Math.Cos(2 * Math.PI * i / (n - 1))));
        }
        var r = new double[order + 1];
        for (var lag = 0; lag <= order; lag++)
            for (var i = lag; i < n; i++) r[lag] += y[i] * y[i - lag];
        var a = new double[order + 1];
        a[0] = 1;
        var error = r[0];
        for (var m = 1; m <= order; m++)
        {
            var acc = r[m];
            for (var j = 1; j < m; j++) acc += a[j] * r[m - j];
            var k = -acc / error;
            var previous = (double[])a.Clone();
            for (var j = 1; j < m; j++) a[j] = previous[j] + (k * previous[m - j]);
            a[m] = k;
            error *= 1 - (k * k);
        }
        return a;
    }

    /// <summary>Frequency (Hz) of the envelope's highest local maximum within [lo, hi].</summary>
    public static double PeakBetween(double[] a, int sampleRate, double loHz, double hiHz)
    {
        double best = double.NaN, bestValue = double.NegativeInfinity, previous = double.NaN, beforePrevious = double.NaN;
        for (var f = loHz - 1; f <= hiHz + 1; f += 1)
        {
            var value = Envelope(a, sampleRate, f);
            if (!double.IsNaN(beforePrevious) && previous > beforePrevious && previous >= value && previous > bestValue && f - 1 >= loHz && f - 1 <= hiHz)
            {
                bestValue = previous;
                best = f - 1;
            }
            beforePrevious = previous;
            previous = value;
        }
        return best;
    }

    private static double Envelope(double[] a, int sampleRate, double hz)
    {
        var w = 2 * Math.PI * hz / sampleRate;
        double re = 0, im = 0;
        for (var k = 0; k < a.Length; k++)
        {
            re += a[k] * Math.Cos(w * k);
            im -= a[k] * Math.Sin(w * k);
        }
        return -Math.Log((re * re) + (im * im));
    }
}
