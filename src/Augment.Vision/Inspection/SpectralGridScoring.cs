using System.Globalization;

namespace Augment.Vision;

/// <summary>
/// Turns the per-tile peak statistics of <see cref="SpectralGridCheck"/> into scores and regions. The thresholds
/// come from the inspection test set (docs/vision-inspection.md): genuine photographs, their JPEG re-encodes and
/// downscales reach peak ratios of about 350 at periods 2 and 4 (chroma clipping around JPEG's 4:2:0 grid, fine
/// regular detail) but with a modulation depth below 0.11, while upsampled images reach ratios of hundreds to
/// millions with depths of 0.2 to 1. Period 8 shares JPEG's block grid and regular textures (brick reaches 520
/// at depth 0.35), so it needs a far stronger peak.
/// </summary>
internal static class SpectralGridScoring
{
    /// <summary>Peak ratio that scores 0.5 at periods 2 and 4 when the modulation is shallow (depth ≤ 0.1).</summary>
    internal const double ShallowRatio = 400;

    /// <summary>Peak ratio that scores 0.5 at periods 2 and 4 when the modulation is deep (depth ≥ 0.2).</summary>
    internal const double DeepRatio = 150;

    /// <summary>Peak ratio that scores 0.5 at period 8 (with depth ≥ 0.5; 4x more when shallow).</summary>
    internal const double Period8Ratio = 2000;

    public static double Run(float[] luma, int width, int height, InspectionOptions options, ComputeBudget budget,
        List<ArtifactRegion> regions, IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        var (tiles, columns) = SpectralGridCheck.Measure(luma, width, height, options.SpectralTilePixels, budget, progress, cancellationToken);
        if (tiles.Length == 0)
            return 0;
        var rows = tiles.Length / columns;
        var scores = new double[tiles.Length];
        var periods = new int[tiles.Length];
        var flagged = new bool[tiles.Length];
        double best = 0;
        for (var i = 0; i < tiles.Length; i++)
        {
            (scores[i], periods[i]) = Score(tiles[i]);
            flagged[i] = scores[i] >= options.ReportScore;
            best = Math.Max(best, scores[i]);
        }
        var (labels, count) = GridRegions.Label(flagged, columns, rows);
        for (var label = 0; label < count; label++)
        {
            var bounds = default(PixelRegion);
            var strongest = -1;
            var cells = 0;
            for (var i = 0; i < tiles.Length; i++)
            {
                if (labels[i] != label)
                    continue;
                cells++;
                bounds = GridRegions.Union(bounds, new PixelRegion(tiles[i].X, tiles[i].Y, tiles[i].Size, tiles[i].Size));
                if (strongest < 0 || scores[i] > scores[strongest])
                    strongest = i;
            }
            var tile = tiles[strongest];
            var period = periods[strongest];
            var (ratio, map, depth) = period switch
            {
                2 => (tile.Period2, tile.Map2, tile.Depth2),
                4 => (tile.Period4, tile.Map4, tile.Depth4),
                _ => (tile.Period8, tile.Map8, tile.Depth8),
            };
            var explanation = string.Create(CultureInfo.InvariantCulture,
                $"period-{period} grid (a x{period} upsampling layer leaves one): spectral peak {ratio:0} times the surrounding spectrum in the {SpectralGridCheck.MapNames[map]}, modulation depth {depth:0.00}; {cells} of {tiles.Length} tiles");
            regions.Add(new ArtifactRegion(bounds, scores[strongest], ArtifactKind.UpsamplingGrid, explanation));
        }
        return best;
    }

    /// <summary>The tile's score (0..1) and the period that gives it.</summary>
    internal static (double Score, int Period) Score(SpectralTile tile)
    {
        var s2 = InspectionScore.FromRatio(tile.Period2, Threshold(tile.Depth2, ShallowRatio, DeepRatio));
        var s4 = InspectionScore.FromRatio(tile.Period4, Threshold(tile.Depth4, ShallowRatio, DeepRatio));
        var s8 = InspectionScore.FromRatio(tile.Period8, Threshold(tile.Depth8 / 2.5, 4 * Period8Ratio, Period8Ratio));
        if (s2 >= s4 && s2 >= s8)
            return (s2, 2);
        return s4 >= s8 ? (s4, 4) : (s8, 8);
    }

    /// <summary>Log-linear between the shallow threshold (depth ≤ 0.1) and the deep one (depth ≥ 0.2).</summary>
    private static double Threshold(double depth, double shallow, double deep)
    {
        var t = Math.Clamp((depth - 0.1) / 0.1, 0, 1);
        return shallow * Math.Pow(deep / shallow, t);
    }
}
