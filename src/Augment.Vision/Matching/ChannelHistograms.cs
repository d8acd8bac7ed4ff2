using System.Buffers;

namespace Augment.Vision;

/// <summary>Weighted per-channel histograms of three planes over each channel's own value range.</summary>
internal static class ChannelHistograms
{
    /// <summary>The per-channel tone curves that match <paramref name="source"/>'s histograms to <paramref name="reference"/>'s.</summary>
    public static HistogramCurve[] FitCurves(ImageFrame source, ImageFrame? sourceMask, ImageFrame reference, ImageFrame? referenceMask, int bins, CancellationToken cancellationToken)
    {
        var (sourceLow, sourceHigh) = Ranges(source, sourceMask, cancellationToken);
        var (referenceLow, referenceHigh) = Ranges(reference, referenceMask, cancellationToken);
        var sourceBins = bins;
        var sourceCounts = Count(source, sourceMask, sourceLow, sourceHigh, sourceBins, cancellationToken);
        var referenceCounts = Count(reference, referenceMask, referenceLow, referenceHigh, bins, cancellationToken);
        var curves = new HistogramCurve[3];
        for (var c = 0; c < 3; c++)
        {
            curves[c] = HistogramCurve.Build(
                sourceCounts.AsSpan(c * sourceBins, sourceBins), sourceLow[c], sourceHigh[c],
                referenceCounts.AsSpan(c * bins, bins), referenceLow[c], referenceHigh[c]);
        }
        return curves;
    }

    /// <summary>
    /// As <see cref="FitCurves(ImageFrame, ImageFrame?, ImageFrame, ImageFrame?, int, CancellationToken)"/>
    /// with several references pooled: one range over all of them, histograms summed (each pixel
    /// counts once, so a reference weighs by its pixel count).
    /// </summary>
    public static HistogramCurve[] FitCurves(ImageFrame source, ImageFrame? sourceMask, IReadOnlyList<ImageFrame> references, IReadOnlyList<ImageFrame?> referenceMasks, int bins, CancellationToken cancellationToken)
    {
        if (references.Count == 1)
            return FitCurves(source, sourceMask, references[0], referenceMasks[0], bins, cancellationToken);
        var (sourceLow, sourceHigh) = Ranges(source, sourceMask, cancellationToken);
        var referenceLow = new double[] { double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity };
        var referenceHigh = new double[] { double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity };
        for (var f = 0; f < references.Count; f++)
        {
            var (low, high) = Ranges(references[f], referenceMasks[f], cancellationToken);
            for (var c = 0; c < 3; c++)
            {
                referenceLow[c] = Math.Min(referenceLow[c], low[c]);
                referenceHigh[c] = Math.Max(referenceHigh[c], high[c]);
            }
        }
        var sourceCounts = Count(source, sourceMask, sourceLow, sourceHigh, bins, cancellationToken);
        var referenceCounts = new double[3 * bins];
        for (var f = 0; f < references.Count; f++)
        {
            var counts = Count(references[f], referenceMasks[f], referenceLow, referenceHigh, bins, cancellationToken);
            for (var i = 0; i < counts.Length; i++)
                referenceCounts[i] += counts[i];
        }
        var curves = new HistogramCurve[3];
        for (var c = 0; c < 3; c++)
        {
            curves[c] = HistogramCurve.Build(
                sourceCounts.AsSpan(c * bins, bins), sourceLow[c], sourceHigh[c],
                referenceCounts.AsSpan(c * bins, bins), referenceLow[c], referenceHigh[c]);
        }
        return curves;
    }

    // Min and max of each channel over pixels with positive weight; a flat channel gets a tiny width
    // so that bin arithmetic never divides by zero.
    private static (double[] Low, double[] High) Ranges(ImageFrame frame, ImageFrame? mask, CancellationToken cancellationToken)
    {
        var pixels = frame.PixelCount;
        var bands = PlaneBands.Count(pixels);
        var partial = new double[bands * 6];
        PlaneBands.Run(pixels, frame.Budget, cancellationToken: cancellationToken, body: (band, start, length) =>
        {
            ReadOnlySpan<float> w = mask is null ? default : mask.Plane(0).Slice(start, length);
            for (var c = 0; c < 3; c++)
            {
                ReadOnlySpan<float> v = frame.Plane(c).Slice(start, length);
                var low = double.PositiveInfinity;
                var high = double.NegativeInfinity;
                for (var i = 0; i < v.Length; i++)
                {
                    if (!w.IsEmpty && !(w[i] > 0f))
                        continue;
                    if (v[i] < low)
                        low = v[i];
                    if (v[i] > high)
                        high = v[i];
                }
                partial[band * 6 + c] = low;
                partial[band * 6 + 3 + c] = high;
            }
        });
        var lows = new double[3];
        var highs = new double[3];
        for (var c = 0; c < 3; c++)
        {
            var low = double.PositiveInfinity;
            var high = double.NegativeInfinity;
            for (var band = 0; band < bands; band++)
            {
                low = Math.Min(low, partial[band * 6 + c]);
                high = Math.Max(high, partial[band * 6 + 3 + c]);
            }
            if (double.IsInfinity(low) || double.IsInfinity(high))
                throw new ArgumentException("The mask selects no pixels (or the values are not finite).");
            var minimumWidth = Math.Max(Math.Abs(low), 1.0) * 1e-6;
            if (high - low < minimumWidth)
            {
                low -= minimumWidth / 2;
                high += minimumWidth / 2;
            }
            lows[c] = low;
            highs[c] = high;
        }
        return (lows, highs);
    }

    private static double[] Count(ImageFrame frame, ImageFrame? mask, double[] low, double[] high, int bins, CancellationToken cancellationToken)
    {
        var pixels = frame.PixelCount;
        var bands = PlaneBands.Count(pixels);
        var perBand = new double[bands][];
        PlaneBands.Run(pixels, frame.Budget, cancellationToken: cancellationToken, body: (band, start, length) =>
        {
            var counts = ArrayPool<double>.Shared.Rent(3 * bins);
            Array.Clear(counts, 0, 3 * bins);
            ReadOnlySpan<float> w = mask is null ? default : mask.Plane(0).Slice(start, length);
            for (var c = 0; c < 3; c++)
            {
                ReadOnlySpan<float> v = frame.Plane(c).Slice(start, length);
                var offset = c * bins;
                var scale = bins / (high[c] - low[c]);
                var lowC = low[c];
                for (var i = 0; i < v.Length; i++)
                {
                    double weight = w.IsEmpty ? 1.0 : w[i];
                    if (!(weight > 0.0))
                        continue;
                    var bin = (int)((v[i] - lowC) * scale);
                    bin = Math.Clamp(bin, 0, bins - 1);
                    counts[offset + bin] += weight;
                }
            }
            perBand[band] = counts;
        });
        var total = new double[3 * bins];
        for (var band = 0; band < bands; band++)
        {
            var counts = perBand[band];
            for (var i = 0; i < total.Length; i++)
                total[i] += counts[i];
            ArrayPool<double>.Shared.Return(counts);
        }
        return total;
    }
}
