using System.Numerics;

namespace Augment.Provenance.Watermarks;

/// <summary>
/// Invisible, key-dependent image watermark carrying a 64-bit <see cref="WatermarkPayload"/>, built to survive JPEG
/// re-encoding down to quality 50, resizing to half size, crops of 10 % and brightness changes of ±20 %.
/// </summary>
/// <remarks>
/// How: the payload plus a CRC-16 is coded with the K=7 rate-1/2 convolutional code (172 coded bits) and spread,
/// with keyed signs and keyed interleaving, over a 32 x 32 tile of cells together with 256 keyed pilot cells (the
/// sync template). Each cell is a smooth sine bump of 4 pixels of a resolution-normalised working grid (the image's
/// longer side mapped to 512), added to luma only; the tile repeats over the whole image. Normalising the grid to
/// the image size makes a resized copy line up again; the repetition lets a cropped copy be found by folding the
/// image into one tile and correlating the pilots over every circular shift, cell phase and crop ratio. The
/// detector whitens the image with a high-pass filter, matched-filters each cell, Viterbi-decodes the soft bits and
/// reports a payload only when the CRC matches, which keeps false positives near 1 in 65536 per decoded candidate.
/// </remarks>
public static class ImageWatermark
{
    /// <summary>
    /// Name of this algorithm and version for a C2PA <c>c2pa.soft-binding</c> assertion's <c>alg</c> field; the
    /// assertion's value is <see cref="WatermarkPayload.ToBytes"/>.
    /// </summary>
    public const string AlgorithmName = "io.augment.watermark.image.1";

    /// <summary>Smallest width or height, in pixels, that can carry the mark (two tiles along the shorter side would be better).</summary>
    public const int MinimumSidePixels = 64;

    // Candidates decoded after the sync search, best z first; more gives more chances to a damaged mark and to a false positive.
    private const int DecodeCandidates = 3;

    // Coarse crop ratios refined at half the step.
    private const int RefinedRatios = 3;

    // A pilot correlation this strong with a valid CRC at full scale needs no crop search.
    private const double EarlyExitSyncScore = 8;

    /// <summary>Adds the watermark to a copy of <paramref name="frame"/> (its luma; alpha is untouched).</summary>
    /// <param name="frame">An RGB, RGBA, grey or grey+alpha frame with samples in 0..1, at least <see cref="MinimumSidePixels"/> on each side.</param>
    /// <param name="payload">The 64 bits to carry.</param>
    /// <param name="options">Key and strength; null for <see cref="ImageWatermarkOptions.Default"/>.</param>
    /// <returns>A new frame (dispose it) with the same size, channels and colour space.</returns>
    /// <exception cref="ArgumentException">The frame is smaller than <see cref="MinimumSidePixels"/>.</exception>
    public static ImageFrame Embed(ImageFrame frame, WatermarkPayload payload, ImageWatermarkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        options ??= ImageWatermarkOptions.Default;
        CheckSize(frame);
        var layout = new WatermarkLayout(options.Key);
        var message = WatermarkLayout.MessageFor(payload);
        var coded = new byte[WatermarkLayout.CodedBits];
        ConvolutionalCode.Encode(message, coded);
        var chips = new float[WatermarkLayout.Cells];
        layout.Chips(coded, chips);

        var width = frame.Width;
        var height = frame.Height;
        var (workingWidth, workingHeight) = WorkingSize(width, height, 1.0);
        var cellX = new int[width];
        var bumpX = new float[width];
        CellCoordinates((double)workingWidth / width, cellX, bumpX);
        var cellY = new int[height];
        var bumpY = new float[height];
        CellCoordinates((double)workingHeight / height, cellY, bumpY);

        // The mark is separable inside a tile row: chip(cx, cy) * bump(x) * bump(y); precompute chip * bump(x) for
        // each of the 32 tile rows so that a pixel row costs one multiply-add per channel.
        const int n = WatermarkLayout.TileCells;
        var budget = options.Budget ?? frame.Budget;
        budget.EnsureAllocation((long)n * width * sizeof(float), "watermark row patterns");
        var rowPatterns = new float[n * width];
        for (var cy = 0; cy < n; cy++)
        {
            var pattern = rowPatterns.AsSpan(cy * width, width);
            for (var x = 0; x < width; x++)
                pattern[x] = chips[cy * n + cellX[x]] * bumpX[x];
        }

        var output = frame.Clone();
        var channels = frame.ColorChannels >= 3 ? 3 : 1;
        var amplitude = options.AmplitudePeak;
        Parallel.For(0, height, budget.ToParallelOptions(), y =>
        {
            var gain = amplitude * bumpY[y];
            var pattern = rowPatterns.AsSpan(cellY[y] * width, width);
            for (var c = 0; c < channels; c++)
                AddClamped(output.Row(c, y), pattern, gain);
        });
        return output;
    }

    /// <summary>Looks for the watermark of <paramref name="options"/>' key in <paramref name="frame"/>.</summary>
    /// <param name="frame">An RGB, RGBA, grey or grey+alpha frame with samples in 0..1.</param>
    /// <param name="options">The key used to embed; null for <see cref="ImageWatermarkOptions.Default"/>.</param>
    /// <param name="cancellationToken">Stops the crop search.</param>
    /// <returns>The payload when found, with the bit confidence and sync score either way.</returns>
    public static WatermarkDetection Detect(ImageFrame frame, ImageWatermarkOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        options ??= ImageWatermarkOptions.Default;
        if (frame.Width < MinimumSidePixels || frame.Height < MinimumSidePixels)
            return WatermarkDetection.NotFound;
        var budget = options.Budget ?? frame.Budget;
        var layout = new WatermarkLayout(options.Key);
        var (baseWidth, baseHeight) = WorkingSize(frame.Width, frame.Height, 1.0);
        var basePlane = WorkingLuma(frame, baseWidth, baseHeight, budget, cancellationToken);

        var full = Examine(basePlane, baseWidth, baseHeight, 1.0, layout);
        var fullDecoded = Decode(full, layout);
        if ((fullDecoded.Found && full.SyncScore >= EarlyExitSyncScore) || options.MinimumCropRatio >= 1)
            return fullDecoded;

        // Crop search: a copy cropped to ratio q of the longer side was marked on a grid q times finer than this
        // image's normalised one, so resample the working plane by q. Coarse 1 % steps first (a 0.5 % error still
        // leaves the fold aligned within about a third of a cell), then 0.5 % steps around the best coarse ratios.
        var coarse = new List<double>();
        for (var q = 0.99; q >= options.MinimumCropRatio - 0.005; q -= 0.01)
            coarse.Add(Math.Max(q, options.MinimumCropRatio));
        var coarseCandidates = ExamineRatios(basePlane, baseWidth, baseHeight, coarse, layout, budget, cancellationToken);
        Array.Sort(coarseCandidates, static (a, b) => b.SyncScore.CompareTo(a.SyncScore));
        var fine = new List<double>();
        for (var i = 0; i < Math.Min(RefinedRatios, coarseCandidates.Length); i++)
        {
            foreach (var delta in (ReadOnlySpan<double>)[-0.005, 0.005])
            {
                var q = coarseCandidates[i].Ratio + delta;
                if (q < 1 && q >= options.MinimumCropRatio)
                    fine.Add(q);
            }
        }
        var fineCandidates = ExamineRatios(basePlane, baseWidth, baseHeight, fine, layout, budget, cancellationToken);
        var candidates = new Candidate[coarseCandidates.Length + fineCandidates.Length];
        coarseCandidates.CopyTo(candidates, 0);
        fineCandidates.CopyTo(candidates, coarseCandidates.Length);
        Array.Sort(candidates, static (a, b) => b.SyncScore.CompareTo(a.SyncScore));
        var best = fullDecoded;
        var bestScore = full.SyncScore;
        for (var i = 0; i < Math.Min(DecodeCandidates, candidates.Length); i++)
        {
            if (fullDecoded.Found && candidates[i].SyncScore <= full.SyncScore)
                break;
            var decoded = Decode(candidates[i], layout);
            if (decoded.Found)
                return decoded;
            if (!best.Found && candidates[i].SyncScore > bestScore)
            {
                best = decoded;
                bestScore = candidates[i].SyncScore;
            }
        }
        return best;
    }

    private static Candidate[] ExamineRatios(float[] basePlane, int baseWidth, int baseHeight, List<double> ratios, WatermarkLayout layout, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var candidates = new Candidate[ratios.Count];
        Parallel.For(0, ratios.Count, budget.ToParallelOptions(cancellationToken), i =>
        {
            var w = Math.Max(1, (int)Math.Round(baseWidth * ratios[i]));
            var h = Math.Max(1, (int)Math.Round(baseHeight * ratios[i]));
            var plane = WatermarkResampler.Plane(basePlane, baseWidth, baseHeight, w, h);
            candidates[i] = Examine(plane, w, h, ratios[i], layout);
        });
        return candidates;
    }

    private static void CheckSize(ImageFrame frame)
    {
        if (frame.Width < MinimumSidePixels || frame.Height < MinimumSidePixels)
            throw new ArgumentException($"a watermark needs at least {MinimumSidePixels} x {MinimumSidePixels} pixels; the frame is {frame.Width} x {frame.Height}.", nameof(frame));
    }

    /// <summary>The working grid for an image: longer side <see cref="WatermarkLayout.WorkingLongSide"/> times <paramref name="ratio"/>.</summary>
    internal static (int Width, int Height) WorkingSize(int width, int height, double ratio)
    {
        var scale = WatermarkLayout.WorkingLongSide * ratio / Math.Max(width, height);
        return (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }

    /// <summary>For each image column (or row): its tile cell index and its bump weight, pixel centres mapped as the resampler maps them.</summary>
    private static void CellCoordinates(double ratio, Span<int> cell, Span<float> bump)
    {
        const int c = WatermarkLayout.CellPixels;
        for (var x = 0; x < cell.Length; x++)
        {
            // Working coordinate of the pixel centre, shifted so that working pixel centres 0..3 fall in cell 0.
            var t = (x + 0.5) * ratio / c;
            var index = Math.Floor(t);
            cell[x] = (int)((long)index % WatermarkLayout.TileCells);
            bump[x] = (float)Math.Sin(Math.PI * (t - index));
        }
    }

    private static void AddClamped(Span<float> row, ReadOnlySpan<float> pattern, float gain)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && row.Length >= Vector<float>.Count)
        {
            var g = new Vector<float>(gain);
            var one = Vector<float>.One;
            for (; i <= row.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = new Vector<float>(row[i..]) + g * new Vector<float>(pattern[i..]);
                Vector.Min(Vector.Max(v, Vector<float>.Zero), one).CopyTo(row[i..]);
            }
        }
        for (; i < row.Length; i++)
            row[i] = Math.Clamp(row[i] + gain * pattern[i], 0f, 1f);
    }

    /// <summary>Luma of the frame resampled to the working grid (luma computed per source row, then filtered).</summary>
    private static float[] WorkingLuma(ImageFrame frame, int outWidth, int outHeight, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var width = frame.Width;
        var height = frame.Height;
        budget.EnsureAllocation((long)outWidth * height * sizeof(float), "watermark working plane");
        var horizontal = new WatermarkResampler(width, outWidth);
        var vertical = new WatermarkResampler(height, outHeight);
        var middle = new float[outWidth * height];
        var colour = frame.ColorChannels >= 3;
        Parallel.For(0, height, budget.ToParallelOptions(cancellationToken), () => new float[width], (y, _, luma) =>
        {
            if (colour)
            {
                var r = frame.Row(0, y);
                var g = frame.Row(1, y);
                var b = frame.Row(2, y);
                for (var x = 0; x < width; x++)
                    luma[x] = WatermarkKernels.LumaR * r[x] + WatermarkKernels.LumaG * g[x] + WatermarkKernels.LumaB * b[x];
            }
            else
            {
                frame.Row(0, y).CopyTo(luma);
            }
            horizontal.Row(luma, middle.AsSpan(y * outWidth, outWidth));
            return luma;
        }, static _ => { });
        var output = new float[outWidth * outHeight];
        Parallel.For(0, outHeight, budget.ToParallelOptions(cancellationToken), y =>
            vertical.Column(middle, outWidth, y, output.AsSpan(y * outWidth, outWidth)));
        return output;
    }

    /// <summary>The best pilot alignment over the 16 cell phases of one working plane.</summary>
    private static Candidate Examine(float[] plane, int width, int height, double ratio, WatermarkLayout layout)
    {
        const int c = WatermarkLayout.CellPixels;
        var best = new Candidate { SyncScore = double.NegativeInfinity, Ratio = ratio };
        if (width < 2 * c || height < 2 * c)
            return best with { SyncScore = 0 };
        var highPassed = WatermarkKernels.HighPass(plane, width, height);
        WatermarkKernels.NormaliseLocalEnergy(highPassed, width, height);
        var correlator = new TileCorrelator(layout);
        var tile = new float[WatermarkLayout.Cells];
        var re = new float[WatermarkLayout.Cells];
        var im = new float[WatermarkLayout.Cells];
        var scratch = new float[width / c + 1];
        for (var phaseY = 0; phaseY < c; phaseY++)
        {
            for (var phaseX = 0; phaseX < c; phaseX++)
            {
                WatermarkKernels.Fold(highPassed, width, height, phaseX, phaseY, tile, scratch);
                var z = correlator.BestShift(tile, re, im, out var sx, out var sy);
                if (z > best.SyncScore)
                    best = new Candidate { SyncScore = z, Ratio = ratio, ShiftX = sx, ShiftY = sy, Tile = (float[])tile.Clone() };
            }
        }
        return best;
    }

    private static WatermarkDetection Decode(Candidate candidate, WatermarkLayout layout)
    {
        if (candidate.Tile is null)
            return WatermarkDetection.NotFound;
        var soft = new float[WatermarkLayout.CodedBits];
        WatermarkKernels.SoftBits(candidate.Tile, layout, candidate.ShiftX, candidate.ShiftY, soft);
        var bits = new byte[WatermarkLayout.CodedBits / 2];
        ConvolutionalCode.Decode(soft, bits);
        var recoded = new byte[WatermarkLayout.CodedBits];
        ConvolutionalCode.Encode(bits, recoded);
        var agree = 0;
        for (var i = 0; i < soft.Length; i++)
        {
            if ((soft[i] > 0) == (recoded[i] == 1))
                agree++;
        }
        var payload = WatermarkLayout.PayloadOf(bits);
        var confidence = (double)agree / soft.Length;
        return new WatermarkDetection(payload is not null, payload, confidence, candidate.SyncScore, candidate.Ratio);
    }

    private sealed record Candidate
    {
        public double SyncScore { get; init; }

        public double Ratio { get; init; }

        public int ShiftX { get; init; }

        public int ShiftY { get; init; }

        public float[]? Tile { get; init; }
    }
}
