using System.Buffers;
using System.Globalization;

namespace Augment.Vision;

/// <summary>
/// Regions whose noise does not fit the image. Every block gets Immerkær's estimate (CVIU 1996; the edge-gated
/// kernel of <see cref="ImmerkaerKernel"/>, leaving out the strongest <see cref="EdgeFraction"/> of gradients) and
/// its mean luma; the image's signal-dependent expectation is the spread of block σ as a function of brightness
/// (<see cref="NoiseExpectation"/>: per brightness bin, the quieter and the noisier quartile). A block more than
/// <see cref="LowFactor"/> below the quieter quartile or <see cref="HighFactor"/> above the noisier one at its
/// brightness is odd (quartiles rather than a mean curve because texture inflates many estimates of a genuine
/// photograph); 8-connected odd blocks of the same direction form a region, reported when it has at least
/// <see cref="MinBlocks"/> blocks.
/// </summary>
internal static class NoiseConsistencyCheck
{
    /// <summary>Fraction of the strongest Sobel gradients left out of every estimate (edges and texture).</summary>
    internal const float EdgeFraction = 0.25f;

    /// <summary>A block with σ below expected / LowFactor is "too clean".</summary>
    internal const double LowFactor = 3.0;

    /// <summary>A block with σ above expected x HighFactor is "too noisy" (texture also lands here: stricter).</summary>
    internal const double HighFactor = 2.5;

    /// <summary>Smallest region, in blocks.</summary>
    internal const int MinBlocks = 3;

    /// <summary>Fewest usable blocks for a fit; smaller images are not judged.</summary>
    private const int MinUsableBlocks = 12;

    /// <summary>8-bit quantisation noise, (1/255)/√12: no block can be expected below it.</summary>
    internal const double QuantisationSigma = 1.0 / (255.0 * 3.4641016);

    public static double Run(float[] luma, int width, int height, InspectionOptions options, ComputeBudget budget,
        List<ArtifactRegion> regions, IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        var (blocks, columns) = Measure(luma, width, height, options.NoiseBlockPixels, budget, cancellationToken);
        progress?.Report(new AugmentProgress("noise blocks", 1, blocks.Length, blocks.Length));
        if (blocks.Length == 0)
            return 0;
        var expectation = NoiseExpectation.Fit(blocks);
        if (expectation.Usable < MinUsableBlocks)
            return 0;
        var rows = blocks.Length / columns;
        var ratios = new double[blocks.Length];
        var low = new bool[blocks.Length];
        var high = new bool[blocks.Length];
        for (var i = 0; i < blocks.Length; i++)
        {
            var block = blocks[i];
            if (float.IsNaN(block.Sigma))
                continue;
            var (quiet, loud) = expectation.At(block.Mean);
            var sigma = Math.Max(block.Sigma, QuantisationSigma / 4);
            // Nothing is "noisier" than an image whose noise is below 8-bit rounding.
            loud = Math.Max(loud, QuantisationSigma);
            if (sigma * LowFactor < quiet)
            {
                low[i] = true;
                ratios[i] = quiet / sigma;
            }
            else if (sigma > loud * HighFactor)
            {
                high[i] = true;
                ratios[i] = sigma / loud;
            }
        }
        double best = 0;
        foreach (var tooLow in (ReadOnlySpan<bool>)[true, false])
        {
            var (labels, count) = GridRegions.Label(tooLow ? low : high, columns, rows);
            for (var label = 0; label < count; label++)
            {
                var bounds = default(PixelRegion);
                var members = new List<double>();
                double brightness = 0, measured = 0;
                for (var i = 0; i < blocks.Length; i++)
                {
                    if (labels[i] != label)
                        continue;
                    bounds = GridRegions.Union(bounds, blocks[i].Bounds);
                    members.Add(ratios[i]);
                    brightness += blocks[i].Mean;
                    measured += blocks[i].Sigma;
                }
                if (members.Count < MinBlocks)
                    continue;
                members.Sort();
                var factor = members[members.Count / 2];
                var threshold = tooLow ? LowFactor : HighFactor;
                // The median factor against the threshold; a region of only a few blocks counts for less.
                var size = Math.Min(1.0, members.Count / (2.0 * MinBlocks));
                var score = InspectionScore.FromRatio(factor, threshold) * (0.6 + (0.4 * size));
                best = Math.Max(best, score);
                if (score < options.ReportScore)
                    continue;
                var meanLuma = brightness / members.Count;
                var (quietAt, loudAt) = expectation.At(meanLuma);
                var explanation = tooLow
                    ? string.Create(CultureInfo.InvariantCulture, $"noise σ {255 * measured / members.Count:0.0}/255 over {members.Count} blocks, {factor:0.0}x below the quieter blocks of the image at luma {meanLuma:0.00} (σ {255 * quietAt:0.0}/255): smoothed, denoised or generated area?")
                    : string.Create(CultureInfo.InvariantCulture, $"noise σ {255 * measured / members.Count:0.0}/255 over {members.Count} blocks, {factor:0.0}x above the noisier blocks of the image at luma {meanLuma:0.00} (σ {255 * loudAt:0.0}/255): differently noised splice?");
                regions.Add(new ArtifactRegion(bounds, score, tooLow ? ArtifactKind.NoiseTooLow : ArtifactKind.NoiseTooHigh, explanation));
            }
        }
        return best;
    }

    /// <summary>Every block's σ and mean (blocks in parallel rows; the last row and column absorb the remainder).</summary>
    internal static (NoiseBlock[] Blocks, int Columns) Measure(float[] luma, int width, int height, int blockPixels, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var columns = width / blockPixels;
        var rows = height / blockPixels;
        if (columns < 1 || rows < 1)
            return ([], 0);
        var pixels = width * height;
        var gradient = ArrayPool<float>.Shared.Rent(pixels);
        var excluded = ArrayPool<byte>.Shared.Rent(pixels);
        try
        {
            ImmerkaerKernel.SobelMagnitude(luma.AsSpan(0, pixels), width, height, gradient.AsSpan(0, pixels));
            ImmerkaerKernel.EdgeMask(gradient.AsSpan(0, pixels), EdgeFraction, excluded.AsSpan(0, pixels));
            var blocks = new NoiseBlock[columns * rows];
            Parallel.For(0, rows, budget.ToParallelOptions(cancellationToken), by =>
            {
                var y = by * blockPixels;
                var h = by == rows - 1 ? height - y : blockPixels;
                for (var bx = 0; bx < columns; bx++)
                {
                    var x = bx * blockPixels;
                    var w = bx == columns - 1 ? width - x : blockPixels;
                    var region = new PixelRegion(x, y, w, h);
                    var (sum, count) = ImmerkaerKernel.SumAbsResponse(luma.AsSpan(0, pixels), width, region, excluded.AsSpan(0, pixels));
                    var (mean, clipped) = MeanAndClipping(luma, width, region);
                    // A third of the interior must be flat, and little of it clipped (clipping erases noise).
                    var sigma = count * 3 < (long)(w - 2) * (h - 2) || clipped > 0.1
                        ? float.NaN
                        : (float)(ImmerkaerKernel.Scale * sum / count);
                    blocks[(by * columns) + bx] = new NoiseBlock(region, mean, sigma);
                }
            });
            return (blocks, columns);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(gradient);
            ArrayPool<byte>.Shared.Return(excluded);
        }
    }

    private static (float Mean, double Clipped) MeanAndClipping(float[] luma, int width, PixelRegion region)
    {
        double sum = 0;
        var clipped = 0;
        for (var y = region.Y; y < region.Y + region.Height; y++)
        {
            var row = luma.AsSpan((y * width) + region.X, region.Width);
            foreach (var v in row)
            {
                sum += v;
                if (v <= 0.5f / 255 || v >= 254.5f / 255)
                    clipped++;
            }
        }
        var n = (double)region.Width * region.Height;
        return ((float)(sum / n), clipped / n);
    }
}
