using System.Numerics.Tensors;

namespace Augment.Provenance.Watermarks;

/// <summary>The per-frame and per-block arithmetic of <see cref="AudioWatermark"/>, on spans.</summary>
internal static class AudioWatermarkKernels
{
    /// <summary>Samples <c>start .. start + window.Length</c> of <paramref name="signal"/> times the window, silence outside the signal.</summary>
    public static void WindowedFrame(ReadOnlySpan<float> signal, long start, ReadOnlySpan<float> window, Span<float> destination)
    {
        destination.Clear();
        var from = (int)Math.Max(0, -start);
        var to = (int)Math.Min(window.Length, signal.Length - start);
        if (to > from)
            TensorPrimitives.Multiply(signal.Slice((int)(start + from), to - from), window[from..to], destination[from..to]);
    }

    /// <summary>
    /// Turns a frame's spectrum into the mark's spectrum: bins of band b scaled by <paramref name="gains"/>[b], every
    /// bin outside the marked band set to zero. Adding the inverse of this to the signal scales each band's magnitudes
    /// by 1 + gain without touching its phases, so the mark follows the signal's own spectrum and level.
    /// </summary>
    public static void MarkSpectrum(Span<float> real, Span<float> imag, ReadOnlySpan<int> bandEdges, ReadOnlySpan<float> gains)
    {
        var bands = bandEdges.Length - 1;
        real[..bandEdges[0]].Clear();
        imag[..bandEdges[0]].Clear();
        real[bandEdges[bands]..].Clear();
        imag[bandEdges[bands]..].Clear();
        for (var b = 0; b < bands; b++)
        {
            var r = real[bandEdges[b]..bandEdges[b + 1]];
            var i = imag[bandEdges[b]..bandEdges[b + 1]];
            TensorPrimitives.Multiply(r, gains[b], r);
            TensorPrimitives.Multiply(i, gains[b], i);
        }
    }

    /// <summary>Mean power per bin of each band.</summary>
    public static void BandPowers(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, ReadOnlySpan<int> bandEdges, Span<float> powers)
    {
        for (var b = 0; b < powers.Length; b++)
        {
            var r = real[bandEdges[b]..bandEdges[b + 1]];
            var i = imag[bandEdges[b]..bandEdges[b + 1]];
            powers[b] = (TensorPrimitives.SumOfSquares(r) + TensorPrimitives.SumOfSquares(i)) / Math.Max(1, r.Length);
        }
    }

    /// <summary>Scalar reference for <see cref="BandPowers"/> (the test oracle).</summary>
    public static void BandPowersScalar(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, ReadOnlySpan<int> bandEdges, Span<float> powers)
    {
        for (var b = 0; b < powers.Length; b++)
        {
            double power = 0;
            for (var k = bandEdges[b]; k < bandEdges[b + 1]; k++)
                power += ((double)real[k] * real[k]) + ((double)imag[k] * imag[k]);
            powers[b] = (float)(power / Math.Max(1, bandEdges[b + 1] - bandEdges[b]));
        }
    }

    /// <summary>
    /// In place: each power becomes ln(power + floor), the floor being <paramref name="relativeFloor"/> times the mean
    /// power of all cells. Quiet stretches (pauses, the silence between drum hits) then sit at a constant level and
    /// neither carry nor fake the mark, and silence does not give minus infinity.
    /// </summary>
    public static void LogWithFloor(Span<float> powers, float relativeFloor)
    {
        double total = 0;
        foreach (var p in powers)
            total += p;
        var floor = (float)(relativeFloor * total / Math.Max(1, powers.Length)) + float.Epsilon;
        for (var i = 0; i < powers.Length; i++)
            powers[i] = MathF.Log(powers[i] + floor);
    }

    /// <summary>
    /// Removes the host's own level from frame-by-band log energies (rows of <paramref name="bands"/>): first each
    /// cell's median over ±<paramref name="bandRadius"/> neighbouring bands of the same frame (broadband hits, the
    /// spectral envelope), then each band's running median over ±<paramref name="timeRadius"/> frames (note onsets
    /// and decays, without smearing a step over its neighbours as a mean would), then clips to ±<paramref name="clip"/>
    /// so that transients and codec holes do not outvote the many small cells. What is left is the cell-to-cell level
    /// change the mark makes; a gain, a loudness normaliser's slow gain ride or a fixed EQ cancel out.
    /// </summary>
    public static void Whiten(ReadOnlySpan<float> energies, int frames, int bands, int bandRadius, int timeRadius, float clip, Span<float> output)
    {
        var across = new float[frames * bands];
        var window = new float[(2 * Math.Max(bandRadius, timeRadius)) + 1];
        for (var t = 0; t < frames; t++)
        {
            for (var b = 0; b < bands; b++)
            {
                var lo = Math.Max(0, b - bandRadius);
                var hi = Math.Min(bands - 1, b + bandRadius);
                energies.Slice((t * bands) + lo, hi - lo + 1).CopyTo(window);
                across[(t * bands) + b] = energies[(t * bands) + b] - Median(window.AsSpan(0, hi - lo + 1));
            }
        }
        for (var b = 0; b < bands; b++)
        {
            for (var t = 0; t < frames; t++)
            {
                var lo = Math.Max(0, t - timeRadius);
                var hi = Math.Min(frames - 1, t + timeRadius);
                for (var j = lo; j <= hi; j++)
                    window[j - lo] = across[(j * bands) + b];
                var value = across[(t * bands) + b] - Median(window.AsSpan(0, hi - lo + 1));
                output[(t * bands) + b] = Math.Clamp(value, -clip, clip);
            }
        }
    }

    /// <summary>Median of a short span (reorders it).</summary>
    private static float Median(Span<float> values)
    {
        values.Sort();
        var n = values.Length;
        return (n & 1) == 1 ? values[n / 2] : 0.5f * (values[(n / 2) - 1] + values[n / 2]);
    }

    /// <summary>Adds frame rows into a block of <paramref name="period"/> rows: folded[t mod period] += rows[t].</summary>
    public static void Fold(ReadOnlySpan<float> rows, int frames, int bands, int period, Span<float> folded)
    {
        folded.Clear();
        for (var t = 0; t < frames; t++)
        {
            var destination = folded.Slice((t % period) * bands, bands);
            TensorPrimitives.Add(destination, rows.Slice(t * bands, bands), destination);
        }
    }

    /// <summary>Cell sums for every start row: cells[t] = folded[t] + ... + folded[t + length - 1], rows taken circularly.</summary>
    public static void CircularBoxSum(ReadOnlySpan<float> folded, int period, int bands, int length, Span<float> cells)
    {
        cells.Clear();
        for (var t = 0; t < period; t++)
        {
            var destination = cells.Slice(t * bands, bands);
            for (var j = 0; j < length; j++)
                TensorPrimitives.Add(destination, folded.Slice(((t + j) % period) * bands, bands), destination);
        }
    }
}
