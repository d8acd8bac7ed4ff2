using System.Buffers;
using System.Globalization;

namespace Augment.Vision;

/// <summary>
/// Text-like regions with irregular strokes. Type is drawn with a nearly constant stroke width (the premise of
/// Epshtein, Ofek &amp; Wexler 2010, "Detecting Text in Natural Scenes with Stroke Width Transform"), evenly
/// spaced; image generators draw glyph-like shapes whose strokes thicken and thin at random. The check finds
/// high-contrast components against the local mean (both polarities), keeps glyph-shaped ones, measures their
/// stroke width on the medial ridge of the Euclidean distance transform (width ≈ 2·d − 0.5 pixels at a ridge
/// pixel at distance d from the background), chains glyphs of similar height into rows, and scores a row by
/// how much its stroke widths and spacing vary.
/// </summary>
internal static class StrokeTextCheck
{
    /// <summary>Half-width of the local-mean window, pixels.</summary>
    private const int WindowRadius = 15;

    /// <summary>Ink differs from the local mean by at least this much (0..1 luma).</summary>
    private const float Contrast = 0.12f;

    private const int MinGlyphHeight = 8;
    private const int MinGlyphsPerLine = 4;

    /// <summary>Rows whose median stroke is thinner than this are not measured: the pixel grid quantises their width.</summary>
    internal const double MinStrokePixels = 2.5;

    /// <summary>Type sits on a plain surface: the non-ink pixels of a row's box must vary less than this (luma standard deviation).</summary>
    internal const double MaxBackgroundDeviation = 0.06;

    /// <summary>Glyphs of a row share a baseline or a cap line: the spread of their bottoms (or tops) over the mean height stays under this.</summary>
    internal const double MaxAlignmentSpread = 0.15;

    /// <summary>Irregularity limits: a row at any one of them scores 0.5.</summary>
    internal const double AcrossLimit = 0.22, WithinLimit = 0.6, SpacingLimit = 0.3;

    public static (double Score, int TextRegions) Run(float[] luma, int width, int height, InspectionOptions options, ComputeBudget budget,
        List<ArtifactRegion> regions, IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        var lines = FindLines(luma, width, height, budget, cancellationToken);
        progress?.Report(new AugmentProgress("text", 1));
        double best = 0;
        foreach (var line in lines)
        {
            var (score, what) = Score(line);
            best = Math.Max(best, score);
            if (score < options.ReportScore)
                continue;
            regions.Add(new ArtifactRegion(line.Bounds, score, ArtifactKind.IrregularText, string.Create(CultureInfo.InvariantCulture,
                $"text-like row of {line.Glyphs} glyphs with irregular {what}: stroke width {line.MedianStrokePixels:0.0} px varies {line.AcrossVariation:P0} between glyphs (type: under {AcrossLimit:P0}), interquartile spread {line.WithinVariation:P0} within glyphs, spacing spread {line.SpacingVariation:P0} of the glyph height")));
        }
        return (best, lines.Count);
    }

    /// <summary>The row's score and which statistic drives it.</summary>
    internal static (double Score, string What) Score(TextLine line)
    {
        var across = line.AcrossVariation / AcrossLimit;
        var within = line.WithinVariation / WithinLimit;
        var spacing = line.SpacingVariation / SpacingLimit;
        var worst = Math.Max(across, Math.Max(within, spacing));
        var what = worst == across ? "stroke widths between glyphs" : worst == within ? "stroke widths within glyphs" : "spacing";
        return (InspectionScore.FromRatio(worst, 1.0, 3.0), what);
    }

    /// <summary>Every text-like row of both polarities (dark on light, light on dark).</summary>
    internal static List<TextLine> FindLines(float[] luma, int width, int height, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var pixels = width * height;
        var lines = new List<TextLine>();
        if (width < 16 || height < 16)
            return lines;
        // Working planes come from the shared pool (a 24 MP image needs about 400 MB of them; renting keeps repeated
        // inspections from zeroing and faulting in fresh pages every time). Every entry is written before it is read.
        var mean = ArrayPool<float>.Shared.Rent(pixels);
        var mask = ArrayPool<byte>.Shared.Rent(pixels);
        var labels = ArrayPool<int>.Shared.Rent(pixels);
        var distance = ArrayPool<float>.Shared.Rent(pixels);
        try
        {
            LocalMean(luma, width, height, mean, budget, cancellationToken);
            for (var polarity = 0; polarity < 2; polarity++)
            {
                var dark = polarity == 0;
                if (!InkMask(luma, mean, mask, width, height, dark, budget, cancellationToken))
                    continue;
                var boxes = ComponentLabels.Label(mask, width, height, labels, cancellationToken);
                var candidate = new bool[boxes.Length + 1];
                var candidates = 0;
                for (var b = 0; b < boxes.Length; b++)
                {
                    if (GlyphShaped(boxes[b], height))
                    {
                        candidate[b + 1] = true;
                        candidates++;
                    }
                }
                if (candidates < MinGlyphsPerLine)
                    continue;
                DistanceTransform.Squared(mask, width, height, distance, budget, cancellationToken);
                var widths = RidgeWidths(labels, distance, width, height, candidate, boxes.Length);
                var glyphs = new List<Glyph>();
                for (var b = 0; b < boxes.Length; b++)
                {
                    var samples = widths[b + 1];
                    if (samples is null || samples.Count < 4)
                        continue;
                    samples.Sort();
                    var median = Quantile(samples, 0.5);
                    var box = boxes[b];
                    if (median > (box.Bottom - box.Top) / 2.5)
                        continue;
                    var spread = (Quantile(samples, 0.75) - Quantile(samples, 0.25)) / median;
                    glyphs.Add(new Glyph(box.Left, box.Top, box.Right, box.Bottom, TrimmedMean(samples), spread));
                }
                Chain(glyphs, lines, luma, mask, width);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(mean);
            ArrayPool<byte>.Shared.Return(mask);
            ArrayPool<int>.Shared.Return(labels);
            ArrayPool<float>.Shared.Return(distance);
        }
        return lines;
    }

    /// <summary>Marks ink of one polarity (parallel row bands); returns whether any pixel is ink.</summary>
    private static bool InkMask(float[] luma, float[] mean, byte[] mask, int width, int height, bool dark, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var any = 0;
        Parallel.For(0, height, budget.ToParallelOptions(cancellationToken), y =>
        {
            var found = false;
            for (var i = y * width; i < (y + 1) * width; i++)
            {
                var ink = dark ? luma[i] < mean[i] - Contrast : luma[i] > mean[i] + Contrast;
                mask[i] = ink ? (byte)1 : (byte)0;
                found |= ink;
            }
            if (found)
                Volatile.Write(ref any, 1);
        });
        return any != 0;
    }

    private readonly record struct Glyph(int Left, int Top, int Right, int Bottom, double StrokePixels, double Spread)
    {
        public int Height => Bottom - Top;
    }

    private static bool GlyphShaped(ComponentLabels.Box box, int imageHeight)
    {
        int w = box.Right - box.Left, h = box.Bottom - box.Top;
        if (h < MinGlyphHeight || h > Math.Max(MinGlyphHeight, 0.9 * imageHeight) || w < 2 || w > 2.5 * h)
            return false;
        var fill = box.Area / (double)(w * h);
        return fill is >= 0.08 and <= 0.85;
    }

    /// <summary>Per candidate label, the stroke widths at its ridge pixels (local maxima of the distance).</summary>
    private static List<double>?[] RidgeWidths(int[] labels, float[] squared, int width, int height, bool[] candidate, int count)
    {
        var widths = new List<double>?[count + 1];
        for (var y = 0; y < height; y++)
        {
            var row = y * width;
            for (var x = 0; x < width; x++)
            {
                var label = labels[row + x];
                if (label == 0 || !candidate[label])
                    continue;
                var d = squared[row + x];
                var ridge = true;
                for (var dy = -1; dy <= 1 && ridge; dy++)
                {
                    var ny = y + dy;
                    if (ny < 0 || ny >= height)
                        continue;
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        var nx = x + dx;
                        if ((dx == 0 && dy == 0) || nx < 0 || nx >= width)
                            continue;
                        if (squared[(ny * width) + nx] > d)
                        {
                            ridge = false;
                            break;
                        }
                    }
                }
                if (!ridge)
                    continue;
                (widths[label] ??= []).Add((2 * Math.Sqrt(d)) - 0.5);
            }
        }
        return widths;
    }

    /// <summary>Links glyphs of similar height that overlap vertically and sit close side by side; rows of at least four become lines.</summary>
    private static void Chain(List<Glyph> glyphs, List<TextLine> lines, float[] luma, byte[] mask, int width)
    {
        glyphs.Sort(static (a, b) => a.Left.CompareTo(b.Left));
        var parent = new int[glyphs.Count];
        for (var i = 0; i < parent.Length; i++)
            parent[i] = i;
        for (var i = 0; i < glyphs.Count; i++)
        {
            var a = glyphs[i];
            for (var j = i + 1; j < glyphs.Count; j++)
            {
                var b = glyphs[j];
                var tallest = Math.Max(a.Height, b.Height);
                if (b.Left > a.Right + (1.2 * tallest))
                    break;
                if (tallest > 1.6 * Math.Min(a.Height, b.Height))
                    continue;
                var overlap = Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Top, b.Top);
                if (overlap < 0.6 * Math.Min(a.Height, b.Height))
                    continue;
                if (b.Left < a.Right - (0.2 * tallest))
                    continue;
                parent[Find(parent, j)] = Find(parent, i);
            }
        }
        var members = new Dictionary<int, List<Glyph>>();
        for (var i = 0; i < glyphs.Count; i++)
        {
            var root = Find(parent, i);
            if (!members.TryGetValue(root, out var list))
                members[root] = list = [];
            list.Add(glyphs[i]);
        }
        foreach (var row in members.Values)
        {
            if (row.Count < MinGlyphsPerLine)
                continue;
            var line = Measure(row);
            if (line.MedianStrokePixels < MinStrokePixels || !Aligned(row) || BackgroundDeviation(line.Bounds, luma, mask, width) > MaxBackgroundDeviation)
                continue;
            lines.Add(line);
        }
    }

    private static TextLine Measure(List<Glyph> row)
    {
        row.Sort(static (a, b) => a.Left.CompareTo(b.Left));
        int left = int.MaxValue, top = int.MaxValue, right = 0, bottom = 0;
        var strokes = new List<double>(row.Count);
        var spreads = new List<double>(row.Count);
        double heights = 0;
        foreach (var g in row)
        {
            left = Math.Min(left, g.Left);
            top = Math.Min(top, g.Top);
            right = Math.Max(right, g.Right);
            bottom = Math.Max(bottom, g.Bottom);
            strokes.Add(g.StrokePixels);
            spreads.Add(g.Spread);
            heights += g.Height;
        }
        var meanHeight = heights / row.Count;
        var gaps = new List<double>(row.Count - 1);
        for (var i = 1; i < row.Count; i++)
            gaps.Add(row[i].Left - row[i - 1].Right);
        var (strokeMean, strokeStd) = MeanStd(strokes);
        var (_, gapStd) = MeanStd(gaps);
        spreads.Sort();
        var sortedStrokes = new List<double>(strokes);
        sortedStrokes.Sort();
        return new TextLine(new PixelRegion(left, top, right - left, bottom - top), row.Count, Quantile(sortedStrokes, 0.5),
            strokeStd / strokeMean, Quantile(spreads, 0.5), gapStd / meanHeight);
    }

    /// <summary>Mean of the ridge widths between the 10th and 75th percentiles: junctions and stroke ends inflate the top quarter.</summary>
    private static double TrimmedMean(List<double> sorted)
    {
        int from = (int)(0.1 * sorted.Count), to = Math.Max(from + 1, (int)Math.Ceiling(0.75 * sorted.Count));
        double sum = 0;
        for (var i = from; i < to; i++)
            sum += sorted[i];
        return sum / (to - from);
    }

    private static bool Aligned(List<Glyph> row)
    {
        var tops = new List<double>(row.Count);
        var bottoms = new List<double>(row.Count);
        double heights = 0;
        foreach (var g in row)
        {
            tops.Add(g.Top);
            bottoms.Add(g.Bottom);
            heights += g.Height;
        }
        var spread = Math.Min(MeanStd(tops).Std, MeanStd(bottoms).Std);
        return spread <= MaxAlignmentSpread * heights / row.Count;
    }

    /// <summary>Standard deviation of the luma of the non-ink pixels in the box.</summary>
    private static double BackgroundDeviation(PixelRegion bounds, float[] luma, byte[] mask, int width)
    {
        double sum = 0, squares = 0;
        long count = 0;
        for (var y = bounds.Y; y < bounds.Y + bounds.Height; y++)
        {
            for (var x = bounds.X; x < bounds.X + bounds.Width; x++)
            {
                var i = (y * width) + x;
                if (mask[i] != 0)
                    continue;
                double v = luma[i];
                sum += v;
                squares += v * v;
                count++;
            }
        }
        if (count < 16)
            return double.PositiveInfinity;
        var mean = sum / count;
        return Math.Sqrt(Math.Max(0, (squares / count) - (mean * mean)));
    }

    private static (double Mean, double Std) MeanStd(List<double> values)
    {
        double sum = 0, squares = 0;
        foreach (var v in values)
            sum += v;
        var mean = sum / values.Count;
        foreach (var v in values)
            squares += (v - mean) * (v - mean);
        return (mean, Math.Sqrt(squares / values.Count));
    }

    /// <summary>Linear-interpolated quantile of sorted values.</summary>
    private static double Quantile(List<double> sorted, double q)
    {
        var position = q * (sorted.Count - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    /// <summary>Mean over a (2r + 1)² window clipped to the image (separable running sums; row bands and column bands in parallel).</summary>
    internal static void LocalMean(float[] luma, int width, int height, float[] mean, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var horizontal = ArrayPool<float>.Shared.Rent(width * height);
        try
        {
            LocalMean(luma, width, height, mean, horizontal, budget, cancellationToken);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(horizontal);
        }
    }

    private static void LocalMean(float[] luma, int width, int height, float[] mean, float[] horizontal, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var options = budget.ToParallelOptions(cancellationToken);
        Parallel.For(0, height, options, y =>
        {
            var row = luma.AsSpan(y * width, width);
            var target = horizontal.AsSpan(y * width, width);
            double sum = 0;
            for (var x = 0; x < Math.Min(WindowRadius, width); x++)
                sum += row[x];
            for (var x = 0; x < width; x++)
            {
                var enter = x + WindowRadius;
                if (enter < width)
                    sum += row[enter];
                var leave = x - WindowRadius - 1;
                if (leave >= 0)
                    sum -= row[leave];
                var count = Math.Min(width - 1, x + WindowRadius) - Math.Max(0, x - WindowRadius) + 1;
                target[x] = (float)(sum / count);
            }
        });
        const int BandWidth = 64;
        var bands = (width + BandWidth - 1) / BandWidth;
        Parallel.For(0, bands, options, band =>
        {
            var x0 = band * BandWidth;
            var x1 = Math.Min(width, x0 + BandWidth);
            var sums = new double[x1 - x0];
            for (var y = 0; y < Math.Min(WindowRadius, height); y++)
            {
                for (var x = x0; x < x1; x++)
                    sums[x - x0] += horizontal[(y * width) + x];
            }
            for (var y = 0; y < height; y++)
            {
                var enter = y + WindowRadius;
                var leave = y - WindowRadius - 1;
                var count = Math.Min(height - 1, y + WindowRadius) - Math.Max(0, y - WindowRadius) + 1;
                for (var x = x0; x < x1; x++)
                {
                    if (enter < height)
                        sums[x - x0] += horizontal[(enter * width) + x];
                    if (leave >= 0)
                        sums[x - x0] -= horizontal[(leave * width) + x];
                    mean[(y * width) + x] = (float)(sums[x - x0] / count);
                }
            }
        });
    }
}
