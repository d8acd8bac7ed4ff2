namespace Augment.Audio;

/// <summary>
/// Decay-curve arithmetic shared by the room analysis, the sweep measurement and the blind estimate:
/// Lundeby's noise-floor crossing point, Schroeder backward integration with late-energy compensation,
/// and least-squares line fits on dB curves. Scalar, in double precision (the curves span 60+ dB).
/// </summary>
internal static class DecayKernels
{
    /// <summary>Lundeby's iteration (A. Lundeby et al., "Uncertainties of measurements in room acoustics", Acustica 81, 1995), simplified:
    /// block-averaged energy, noise from the tail, a line from 5 dB below the maximum to 10 dB above the noise,
    /// and the crossing of that line with the noise level, iterated with blocks of ~5 per 10 dB of decay.</summary>
    /// <param name="h">The impulse response from its onset.</param>
    /// <param name="sampleRate">Rate in hertz (for the initial 10 ms blocks).</param>
    internal static DecayFit Lundeby(ReadOnlySpan<float> h, int sampleRate)
    {
        var n = h.Length;
        if (n < 8) return new DecayFit(n, 0, double.NaN, double.NaN, false);
        var tailStart = n - Math.Max(n / 10, 1);
        var noise = MeanSquare(h[tailStart..]);
        var block = Math.Max(sampleRate / 100, 1);
        var blocks = BlockEnergiesDb(h, block);
        var top = IndexOfMax(blocks);
        var noiseDb = ToDb(noise);
        var end = FirstAtOrBelow(blocks, top + 1, noiseDb + 10);
        if (end < 0) end = blocks.Length - 1;
        if (end - top < 2) return new DecayFit(n, noise, double.NaN, double.NaN, false);
        var (a, b) = FitLine(blocks, top, end, block);
        if (!(b < 0)) return new DecayFit(n, noise, double.NaN, double.NaN, false);
        var crossing = Crossing(a, b, noiseDb, n);
        for (var iteration = 0; iteration < 5; iteration++)
        {
            // Blocks of about a fifth of the time the decay takes to fall 10 dB (Lundeby: 3 to 10 per 10 dB).
            block = (int)Math.Clamp(10 / -b / 5, Math.Max(sampleRate / 1000, 1), Math.Max(n / 8, 1));
            blocks = BlockEnergiesDb(h, block);
            // Noise from 10 dB of decay beyond the crossing point, but at least the last 10 % of the response.
            var noiseStart = (int)Math.Min(crossing + (10 / -b), tailStart);
            noise = noiseStart < n ? MeanSquare(h[noiseStart..]) : noise;
            noiseDb = ToDb(noise);
            top = IndexOfMax(blocks);
            var start = FirstAtOrBelow(blocks, top, blocks[top] - 5);
            if (start < 0) break;
            end = FirstAtOrBelow(blocks, start + 1, noiseDb + 10);
            if (end < 0) end = Math.Min(blocks.Length - 1, Math.Max(start + 2, (int)(crossing / block)));
            if (end - start < 2) break;
            var (a2, b2) = FitLine(blocks, start, end, block);
            if (!(b2 < 0)) break;
            var next = Crossing(a2, b2, noiseDb, n);
            (a, b) = (a2, b2);
            var converged = Math.Abs(next - crossing) < block;
            crossing = next;
            if (converged) break;
        }
        return new DecayFit(crossing, noise, a, b, true);
    }

    /// <summary>Schroeder's backward integral (M. R. Schroeder, JASA 37, 1965) of h² over [0, end) plus
    /// <paramref name="compensation"/> (the energy the decay would carry after <paramref name="end"/>),
    /// in dB relative to its value at 0 (ISO 3382-1 5.3.3).</summary>
    internal static double[] SchroederDb(ReadOnlySpan<float> h, int end, double compensation)
    {
        end = Math.Clamp(end, 0, h.Length);
        var curve = new double[end];
        var sum = compensation;
        for (var i = end - 1; i >= 0; i--)
        {
            sum += (double)h[i] * h[i];
            curve[i] = sum;
        }
        if (end == 0 || !(curve[0] > 0)) return curve;
        var total = curve[0];
        for (var i = 0; i < end; i++) curve[i] = 10 * Math.Log10(curve[i] / total);
        return curve;
    }

    /// <summary>Energy the fitted decay carries after frame <paramref name="end"/>: E(end)/(1 − e^k) for per-sample energy decaying as e^(k·t).</summary>
    internal static double Compensation(DecayFit fit, int end)
    {
        if (!fit.Reliable || !double.IsFinite(fit.SlopeDbPerFrame) || fit.SlopeDbPerFrame >= 0) return 0;
        var energy = Math.Pow(10, (fit.InterceptDb + (fit.SlopeDbPerFrame * end)) / 10);
        var k = fit.SlopeDbPerFrame * Math.Log(10) / 10;
        return energy / (1 - Math.Exp(k));
    }

    /// <summary>Reverberation time from the least-squares line through a dB decay curve between two levels (ISO 3382-1 A.2.2).</summary>
    /// <returns>Seconds to decay by 60 dB, or NaN when the curve does not reach <paramref name="toDb"/>.</returns>
    internal static double DecayTime(ReadOnlySpan<double> curveDb, double fromDb, double toDb, int sampleRate)
    {
        var from = 0;
        while (from < curveDb.Length && curveDb[from] > fromDb) from++;
        var to = from;
        while (to < curveDb.Length && curveDb[to] > toDb) to++;
        if (to >= curveDb.Length || to - from < 3) return double.NaN;
        double st = 0, sy = 0, stt = 0, sty = 0;
        var count = to - from + 1;
        for (var i = from; i <= to; i++)
        {
            double t = i - from, y = curveDb[i];
            st += t; sy += y; stt += t * t; sty += t * y;
        }
        var slope = ((count * sty) - (st * sy)) / ((count * stt) - (st * st));
        return slope < 0 ? -60 / slope / sampleRate : double.NaN;
    }

    internal static double MeanSquare(ReadOnlySpan<float> x)
    {
        if (x.IsEmpty) return 0;
        double sum = 0;
        foreach (var v in x) sum += (double)v * v;
        return sum / x.Length;
    }

    internal static double Energy(ReadOnlySpan<float> x)
    {
        double sum = 0;
        foreach (var v in x) sum += (double)v * v;
        return sum;
    }

    internal static double ToDb(double energy) => energy > 0 ? 10 * Math.Log10(energy) : -400;

    /// <summary>Index of the first sample whose magnitude is within 20 dB of the peak (the onset, ISO 3382-1 A.3.4), and the peak's index.</summary>
    internal static (int Onset, int Peak) FindOnset(ReadOnlySpan<float> h)
    {
        var peak = 0;
        var max = 0f;
        for (var i = 0; i < h.Length; i++)
        {
            var m = Math.Abs(h[i]);
            if (m > max) { max = m; peak = i; }
        }
        var threshold = max * 0.1f;
        var onset = 0;
        while (onset < peak && Math.Abs(h[onset]) < threshold) onset++;
        return (onset, peak);
    }

    private static double[] BlockEnergiesDb(ReadOnlySpan<float> h, int block)
    {
        var count = Math.Max(h.Length / block, 1);
        var blocks = new double[count];
        for (var j = 0; j < count; j++)
        {
            var start = j * block;
            blocks[j] = ToDb(MeanSquare(h.Slice(start, Math.Min(block, h.Length - start))));
        }
        return blocks;
    }

    private static int IndexOfMax(double[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
            if (values[i] > values[best]) best = i;
        return best;
    }

    private static int FirstAtOrBelow(double[] values, int start, double level)
    {
        for (var i = Math.Max(start, 0); i < values.Length; i++)
            if (values[i] <= level) return i;
        return -1;
    }

    /// <summary>Line dB = a + b·t through block energies first..last, t in frames at the block centres.</summary>
    private static (double Intercept, double Slope) FitLine(double[] blocksDb, int first, int last, int block)
    {
        double st = 0, sy = 0, stt = 0, sty = 0;
        var count = last - first + 1;
        for (var j = first; j <= last; j++)
        {
            var t = (j + 0.5) * block;
            st += t; sy += blocksDb[j]; stt += t * t; sty += t * blocksDb[j];
        }
        var slope = ((count * sty) - (st * sy)) / ((count * stt) - (st * st));
        return ((sy - (slope * st)) / count, slope);
    }

    private static int Crossing(double intercept, double slope, double noiseDb, int length)
    {
        var t = (noiseDb - intercept) / slope;
        return double.IsFinite(t) ? (int)Math.Clamp(t, 1, length) : length;
    }
}

/// <summary>Result of <see cref="DecayKernels.Lundeby"/>: truncation frame, noise energy per sample, and the late decay line (dB = intercept + slope·frame).</summary>
internal readonly record struct DecayFit(int CrossingFrame, double NoiseEnergy, double InterceptDb, double SlopeDbPerFrame, bool Reliable);
