namespace Augment.Vision;

/// <summary>
/// Image completion by multi-scale expectation-maximisation over patches (Wexler, Shechtman and Irani,
/// "Space-Time Completion of Video", PAMI 2007, section 3): at each pyramid level, coarsest first,
/// (1) every target patch (one that overlaps the hole) finds its nearest source patch (one wholly
/// outside the hole) with PatchMatch (Barnes, Shechtman, Finkelstein and Goldman, SIGGRAPH 2009:
/// random initialisation, propagation from scan-order neighbours, random search at halving radii),
/// then (2) every hole pixel becomes the weighted mean of the pixels that the matched source patches
/// put there ("voting", Wexler eq. 6, weights exp(-d / 2 sigma^2) with sigma^2 the 75th percentile of
/// the patch distances, times the spatial confidence 1.3^-k). The coarsest level's first estimate is
/// grown ring by ring from the hole's edge (<see cref="GrowInwards"/>); a finer level starts from the
/// coarser level's field of matches, scaled up.
///
/// <para>Parallel and reproducible: a pass splits the rows into fixed bands of <see cref="BandRows"/>
/// rows (shifted by half a band on every other pass, so matches travel across band edges) and
/// propagates only within a band, each band with its own random stream; so the result does not depend
/// on the number of threads.</para>
/// </summary>
internal static class PatchMatchCompletion
{
    private const int BandRows = 16;

    /// <summary>Wexler et al. 2007's gamma for the spatial confidence weight.</summary>
    private const float ConfidenceBase = 1.3f;

    public static void Run(FillLevel[] pyramid, FillOptions options, ComputeBudget budget, IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        var radius = options.PatchSizePixels / 2;
        var coarsest = pyramid.Length - 1;
        // Progress counts EM iterations weighted by each level's hole size.
        double total = 0, done = 0;
        var holeCounts = new int[pyramid.Length];
        for (var level = 0; level <= coarsest; level++)
        {
            holeCounts[level] = pyramid[level].HoleCount();
            total += (double)holeCounts[level] * Iterations(options, level, coarsest);
        }
        var parallel = budget.ToParallelOptions(cancellationToken);
        LevelState? previous = null;
        for (var level = coarsest; level >= 0; level--)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var image = pyramid[level];
            var state = new LevelState(image, radius);
            if (previous is null)
            {
                InitialiseRandomly(state, options.RandomSeed, level, parallel);
                GrowInwards(state, options, level, parallel, cancellationToken);
                ComputeDistances(state, parallel);
            }
            else
            {
                FillFromCoarser(previous.Image, image);
                Upsample(previous, state, options.RandomSeed, level, parallel);
                ComputeDistances(state, parallel);
                ComputeWeights(state);
                Vote(state, parallel);
            }
            var iterations = Iterations(options, level, coarsest);
            for (var iteration = 0; iteration < iterations; iteration++)
            {
                if (iteration > 0 || previous is not null)
                    ComputeDistances(state, parallel);
                for (var pass = 0; pass < options.PatchMatchPasses; pass++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Pass(state, options.RandomSeed, level, iteration, pass, parallel);
                }
                ComputeWeights(state);
                Vote(state, parallel);
                done += holeCounts[level];
                progress?.Report(new AugmentProgress("fill", total > 0 ? done / total : 1));
            }
            previous = state;
        }
    }

    /// <summary>
    /// The coarsest level's first estimate, grown ring by ring from the hole's edge (one patch radius
    /// per round, like the onion-peel order of Criminisi et al. 2004): patches are compared on the pixels
    /// already known or grown only, and each round votes the next ring. A fill guessed all at once drifts
    /// into a self-consistent but wrongly placed layout (a periodic pattern out of phase with its edge).
    /// </summary>
    private static void GrowInwards(LevelState s, FillOptions options, int level, ParallelOptions parallel, CancellationToken cancellationToken)
    {
        var step = Math.Max(1, s.Radius);
        var deepest = 0;
        for (var i = 0; i < s.ToKnown.Length; i++)
            if (s.Image.Hole[i] != 0) deepest = Math.Max(deepest, s.ToKnown[i]);
        s.Grown = new byte[s.ToKnown.Length];
        var round = 0;
        for (var reach = step; ; reach += step, round++)
        {
            for (var i = 0; i < s.Grown.Length; i++)
                s.Grown[i] = s.Image.Hole[i] == 0 || s.ToKnown[i] <= reach - step ? (byte)1 : (byte)0;
            ComputeDistances(s, parallel);
            for (var pass = 0; pass < options.PatchMatchPasses; pass++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Pass(s, options.RandomSeed, level, -3 - round, pass, parallel);
            }
            ComputeWeights(s);
            Vote(s, parallel, reach);
            if (reach >= deepest) break;
        }
        s.Grown = null;
    }

    private static int Iterations(FillOptions options, int level, int coarsest) =>
        level == coarsest ? 2 * options.IterationsPerLevel : options.IterationsPerLevel;

    /// <summary>How many whole patches of radius <paramref name="radius"/> lie outside the hole (valid sources) at this level.</summary>
    public static int CountSources(FillLevel level, int radius)
    {
        // A running count per column of the hole over the last 2r+1 rows, then a sliding window along the row:
        // no summed-area table, so checking a level costs one int per column.
        int w = level.Width, h = level.Height, side = 2 * radius + 1;
        if (w < side || h < side) return 0;
        var columns = new int[w];
        var count = 0;
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                columns[x] += level.Hole[y * w + x];
                if (y >= side) columns[x] -= level.Hole[(y - side) * w + x];
            }
            if (y < side - 1) continue;
            var window = 0;
            for (var x = 0; x < w; x++)
            {
                window += columns[x];
                if (x >= side) window -= columns[x - side];
                if (x >= side - 1 && window == 0) count++;
            }
        }
        return count;
    }

    private static void InitialiseRandomly(LevelState s, int seed, int level, ParallelOptions parallel)
    {
        var bands = (s.Height + BandRows - 1) / BandRows;
        Parallel.For(0, bands, parallel, band =>
        {
            var random = new FillRandom(seed, level, -1, -1, band);
            var end = Math.Min(s.Height, (band + 1) * BandRows);
            for (var y = band * BandRows; y < end; y++)
            {
                if (s.RowFirst[y] < 0) continue;
                for (var x = s.RowFirst[y]; x <= s.RowLast[y]; x++)
                {
                    var p = y * s.Width + x;
                    if (s.IsTarget[p] != 0)
                        s.Nnf[p] = s.ValidList[random.Next(s.ValidList.Length)];
                }
            }
        });
    }

    /// <summary>Hole pixels of a finer level start as their coarser parent (overwritten by the first vote).</summary>
    private static void FillFromCoarser(FillLevel coarse, FillLevel fine)
    {
        var channels = fine.Channels;
        for (var y = 0; y < fine.Height; y++)
        {
            var cy = Math.Min(y >> 1, coarse.Height - 1);
            for (var x = 0; x < fine.Width; x++)
            {
                var i = y * fine.Width + x;
                if (fine.Hole[i] == 0) continue;
                var ci = cy * coarse.Width + Math.Min(x >> 1, coarse.Width - 1);
                for (var c = 0; c < channels; c++)
                    fine.Pixels[i * channels + c] = coarse.Pixels[ci * channels + c];
            }
        }
    }

    /// <summary>A fine target inherits its coarse parent's match, doubled, plus its offset within the parent.</summary>
    private static void Upsample(LevelState coarse, LevelState fine, int seed, int level, ParallelOptions parallel)
    {
        var r = fine.Radius;
        var bands = (fine.Height + BandRows - 1) / BandRows;
        Parallel.For(0, bands, parallel, band =>
        {
            var random = new FillRandom(seed, level, -2, -2, band);
            var end = Math.Min(fine.Height, (band + 1) * BandRows);
            for (var y = band * BandRows; y < end; y++)
            {
                if (fine.RowFirst[y] < 0) continue;
                var cy = Math.Clamp(y >> 1, r, coarse.Height - 1 - r);
                for (var x = fine.RowFirst[y]; x <= fine.RowLast[y]; x++)
                {
                    var p = y * fine.Width + x;
                    if (fine.IsTarget[p] == 0) continue;
                    var cx = Math.Clamp(x >> 1, r, coarse.Width - 1 - r);
                    var cp = cy * coarse.Width + cx;
                    var chosen = -1;
                    if (coarse.IsTarget[cp] != 0)
                    {
                        var q = coarse.Nnf[cp];
                        var qx = Math.Clamp(2 * (q % coarse.Width) + (x - 2 * cx), r, fine.Width - 1 - r);
                        var qy = Math.Clamp(2 * (q / coarse.Width) + (y - 2 * cy), r, fine.Height - 1 - r);
                        var candidate = qy * fine.Width + qx;
                        if (fine.Valid[candidate] != 0) chosen = candidate;
                    }
                    fine.Nnf[p] = chosen >= 0 ? chosen : fine.ValidList[random.Next(fine.ValidList.Length)];
                }
            }
        });
    }

    private static void ComputeDistances(LevelState s, ParallelOptions parallel)
    {
        var bands = (s.Height + BandRows - 1) / BandRows;
        Parallel.For(0, bands, parallel, band =>
        {
            var end = Math.Min(s.Height, (band + 1) * BandRows);
            for (var y = band * BandRows; y < end; y++)
            {
                if (s.RowFirst[y] < 0) continue;
                for (var x = s.RowFirst[y]; x <= s.RowLast[y]; x++)
                {
                    var p = y * s.Width + x;
                    if (s.IsTarget[p] != 0)
                        s.Distance[p] = s.PatchDistance(p, s.Nnf[p], float.PositiveInfinity);
                }
            }
        });
    }

    /// <summary>One PatchMatch pass: forward (left to right, top to bottom) on even passes, backward on odd ones.</summary>
    private static void Pass(LevelState s, int seed, int level, int iteration, int pass, ParallelOptions parallel)
    {
        var offset = (pass & 1) == 0 ? 0 : BandRows / 2;
        var bands = (s.Height + offset + BandRows - 1) / BandRows;
        var forward = (pass & 1) == 0;
        Parallel.For(0, bands, parallel, band =>
        {
            var first = Math.Max(0, band * BandRows - offset);
            var end = Math.Min(s.Height, (band + 1) * BandRows - offset);
            if (first >= end) return;
            var random = new FillRandom(seed, level, iteration, pass, band);
            if (forward)
            {
                for (var y = first; y < end; y++)
                {
                    if (s.RowFirst[y] < 0) continue;
                    for (var x = s.RowFirst[y]; x <= s.RowLast[y]; x++)
                        Improve(s, x, y, 1, first, end, ref random);
                }
            }
            else
            {
                for (var y = end - 1; y >= first; y--)
                {
                    if (s.RowFirst[y] < 0) continue;
                    for (var x = s.RowLast[y]; x >= s.RowFirst[y]; x--)
                        Improve(s, x, y, -1, first, end, ref random);
                }
            }
        });
    }

    private static void Improve(LevelState s, int x, int y, int step, int bandFirst, int bandEnd, ref FillRandom random)
    {
        var w = s.Width;
        var p = y * w + x;
        if (s.IsTarget[p] == 0) return;
        var r = s.Radius;
        var best = s.Nnf[p];
        var bestDistance = s.Distance[p];

        // Propagation (Barnes et al. 2009 section 3.2): the neighbour already visited in scan order
        // suggests its match shifted by one pixel.
        var nx = x - step;
        if ((uint)nx < (uint)w && s.IsTarget[p - step] != 0)
        {
            var q = s.Nnf[p - step] + step;
            var qx = q % w;
            if (qx >= r && qx < w - r && q != best && s.Valid[q] != 0)
                Try(s, p, q, ref best, ref bestDistance);
        }
        var ny = y - step;
        if (ny >= bandFirst && ny < bandEnd && s.IsTarget[p - step * w] != 0)
        {
            var q = s.Nnf[p - step * w] + step * w;
            var qy = q / w;
            if (qy >= r && qy < s.Height - r && q != best && s.Valid[q] != 0)
                Try(s, p, q, ref best, ref bestDistance);
        }

        // Random search at radii halving from the image size down to one pixel (alpha = 1/2).
        var bx = best % w;
        var by = best / w;
        for (var searchRadius = s.SearchRadius; searchRadius >= 1; searchRadius >>= 1)
        {
            var cx = Math.Clamp(bx + random.Offset(searchRadius), r, w - 1 - r);
            var cy = Math.Clamp(by + random.Offset(searchRadius), r, s.Height - 1 - r);
            var q = cy * w + cx;
            if (q == best || s.Valid[q] == 0) continue;
            if (Try(s, p, q, ref best, ref bestDistance))
            {
                bx = cx;
                by = cy;
            }
        }
        s.Nnf[p] = best;
        s.Distance[p] = bestDistance;
    }

    private static bool Try(LevelState s, int p, int q, ref int best, ref float bestDistance)
    {
        var d = s.PatchDistance(p, q, bestDistance);
        if (d >= bestDistance) return false;
        best = q;
        bestDistance = d;
        return true;
    }

    /// <summary>
    /// Vote weights (Wexler et al. 2007 section 3.2): similarity exp(-d / (2 sigma^2)), d per sample and
    /// sigma^2 the 75th percentile of d, times the spatial confidence 1.3^-k, k the patch centre's
    /// distance from the known region, so the patches that touch real pixels steer the fill.
    /// </summary>
    private static void ComputeWeights(LevelState s)
    {
        var samples = s.Side * s.Side * s.Image.Channels;
        var count = 0;
        foreach (var p in s.Targets)
        {
            if (float.IsFinite(s.Distance[p]))
                s.Scratch[count++] = s.Distance[p] / samples;
        }
        var sorted = s.Scratch.AsSpan(0, count);
        sorted.Sort();
        var sigma2 = Math.Max(sorted.Length > 0 ? sorted[(int)(0.75 * (sorted.Length - 1))] : 0f, 1e-5f);
        var scale = -1f / (2f * sigma2);
        foreach (var p in s.Targets)
            s.Weight[p] = float.IsFinite(s.Distance[p]) ? MathF.Exp(s.Distance[p] / samples * scale) * s.Confidence[p] + 1e-12f : 1e-12f;
    }

    /// <summary>Every hole pixel becomes the weighted mean of what the overlapping target patches' matches put there.</summary>
    private static void Vote(LevelState s, ParallelOptions parallel, int reach = int.MaxValue)
    {
        var image = s.Image;
        var w = s.Width;
        var h = s.Height;
        var r = s.Radius;
        var channels = image.Channels;
        var pixels = image.Pixels;
        var bands = (h + BandRows - 1) / BandRows;
        // Sources lie wholly outside the hole, so writing hole pixels in place changes no value that is read.
        Parallel.For(0, bands, parallel, band =>
        {
            Span<float> sum = stackalloc float[ImageFrame.MaxChannels];
            var end = Math.Min(h, (band + 1) * BandRows);
            for (var y = band * BandRows; y < end; y++)
            {
                if (s.HoleFirst[y] < 0) continue;
                var py0 = Math.Max(r, y - r);
                var py1 = Math.Min(h - 1 - r, y + r);
                for (var x = s.HoleFirst[y]; x <= s.HoleLast[y]; x++)
                {
                    var i = y * w + x;
                    if (image.Hole[i] == 0 || s.ToKnown[i] > reach) continue;
                    sum.Clear();
                    var weightSum = 0f;
                    var px0 = Math.Max(r, x - r);
                    var px1 = Math.Min(w - 1 - r, x + r);
                    for (var py = py0; py <= py1; py++)
                    {
                        for (var px = px0; px <= px1; px++)
                        {
                            var p = py * w + px;
                            // Every patch over a hole pixel is a target.
                            var weight = s.Weight[p];
                            var source = (s.Nnf[p] + (y - py) * w + (x - px)) * channels;
                            for (var c = 0; c < channels; c++)
                                sum[c] += weight * pixels[source + c];
                            weightSum += weight;
                        }
                    }
                    if (weightSum <= 0f) continue;
                    var inverse = 1f / weightSum;
                    for (var c = 0; c < channels; c++)
                        pixels[i * channels + c] = sum[c] * inverse;
                }
            }
        });
    }

    /// <summary>Per-level bookkeeping: which patch centres are targets and sources, the field of matches and its distances.</summary>
    private sealed class LevelState
    {
        public LevelState(FillLevel image, int radius)
        {
            Image = image;
            Radius = radius;
            Side = 2 * radius + 1;
            Width = image.Width;
            Height = image.Height;
            var w = Width;
            var h = Height;
            IsTarget = new byte[w * h];
            Valid = new byte[w * h];
            RowFirst = new int[h];
            RowLast = new int[h];
            HoleFirst = new int[h];
            HoleLast = new int[h];
            SearchRadius = Math.Max(w, h);
            // Summed-area table of the hole, so a window's hole count costs four reads.
            var table = new int[(w + 1) * (h + 1)];
            for (var y = 0; y < h; y++)
            {
                var run = 0;
                HoleFirst[y] = -1;
                for (var x = 0; x < w; x++)
                {
                    var hole = image.Hole[y * w + x];
                    if (hole != 0)
                    {
                        if (HoleFirst[y] < 0) HoleFirst[y] = x;
                        HoleLast[y] = x;
                    }
                    run += hole;
                    table[(y + 1) * (w + 1) + x + 1] = table[y * (w + 1) + x + 1] + run;
                }
            }
            int targetCount = 0, validCount = 0;
            for (var y = 0; y < h; y++)
            {
                RowFirst[y] = -1;
                if (y < radius || y >= h - radius) continue;
                for (var x = radius; x < w - radius; x++)
                {
                    var count = table[(y + radius + 1) * (w + 1) + x + radius + 1] - table[(y - radius) * (w + 1) + x + radius + 1]
                        - table[(y + radius + 1) * (w + 1) + x - radius] + table[(y - radius) * (w + 1) + x - radius];
                    var p = y * w + x;
                    if (count > 0)
                    {
                        IsTarget[p] = 1;
                        targetCount++;
                        if (RowFirst[y] < 0) RowFirst[y] = x;
                        RowLast[y] = x;
                    }
                    else
                    {
                        Valid[p] = 1;
                        validCount++;
                    }
                }
            }
            // Lists in index order, sized exactly (no growth copies on multi-megapixel levels).
            Targets = new int[targetCount];
            ValidList = new int[validCount];
            targetCount = validCount = 0;
            for (var p = 0; p < w * h; p++)
            {
                if (IsTarget[p] != 0) Targets[targetCount++] = p;
                else if (Valid[p] != 0) ValidList[validCount++] = p;
            }
            Nnf = new int[w * h];
            Distance = new float[w * h];
            Weight = new float[w * h];
            Scratch = new float[Targets.Length];
            Confidence = new float[w * h];
            var known = new byte[w * h];
            for (var i = 0; i < known.Length; i++) known[i] = image.Hole[i] == 0 ? (byte)1 : (byte)0;
            var toKnown = FillMask.ChessboardDistance(known, w, h, int.MaxValue / 4);
            ToKnown = toKnown;
            foreach (var p in Targets)
                Confidence[p] = MathF.Pow(ConfidenceBase, -Math.Min(toKnown[p], 64));
            RowStride = w * image.Channels;
            RowLength = Side * image.Channels;
        }

        public FillLevel Image { get; }

        public int Radius { get; }

        public int Side { get; }

        public int Width { get; }

        public int Height { get; }

        public int SearchRadius { get; }

        public int RowStride { get; }

        public int RowLength { get; }

        public byte[] IsTarget { get; }

        public byte[] Valid { get; }

        public int[] Targets { get; }

        public int[] ValidList { get; }

        /// <summary>First and last target centre per row, or -1.</summary>
        public int[] RowFirst { get; }

        public int[] RowLast { get; }

        /// <summary>First and last hole pixel per row, or -1.</summary>
        public int[] HoleFirst { get; }

        public int[] HoleLast { get; }

        public int[] Nnf { get; }

        public float[] Distance { get; }

        public float[] Weight { get; }

        public float[] Scratch { get; }

        /// <summary>Spatial confidence of each target patch, 1.3^-distance to the known region.</summary>
        public float[] Confidence { get; }

        /// <summary>Chessboard distance of each pixel to the nearest known one (0 on known pixels).</summary>
        public int[] ToKnown { get; }

        /// <summary>While growing the coarsest fill: 1 where a pixel is known or already grown; null otherwise.</summary>
        public byte[]? Grown { get; set; }

        /// <summary>SSD between the patches centred at pixel indices <paramref name="p"/> and <paramref name="q"/>.</summary>
        public float PatchDistance(int p, int q, float limit)
        {
            if (Grown is not null)
                return GrownDistance(p, q);
            var corner = (Radius * Width + Radius) * Image.Channels;
            return PatchDistanceKernels.Fast(Image.Pixels, RowStride, RowLength, Side, p * Image.Channels - corner, q * Image.Channels - corner, limit);
        }

        /// <summary>SSD over the pixels of patch p that are known or grown, scaled to the whole patch; infinite when there are none.</summary>
        private float GrownDistance(int p, int q)
        {
            var channels = Image.Channels;
            var pixels = Image.Pixels;
            var grown = Grown!;
            var sum = 0f;
            var counted = 0;
            for (var dy = -Radius; dy <= Radius; dy++)
            {
                for (var dx = -Radius; dx <= Radius; dx++)
                {
                    var a = p + dy * Width + dx;
                    if (grown[a] == 0) continue;
                    var b = q + dy * Width + dx;
                    counted++;
                    for (var c = 0; c < channels; c++)
                    {
                        var d = pixels[a * channels + c] - pixels[b * channels + c];
                        sum += d * d;
                    }
                }
            }
            return counted == 0 ? float.PositiveInfinity : sum * (Side * Side) / counted;
        }
    }
}
