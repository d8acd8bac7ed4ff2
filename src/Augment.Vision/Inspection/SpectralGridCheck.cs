using System.Buffers;

namespace Augment.Vision;

/// <summary>
/// Periodic artefacts of upsampling layers. Nearest-neighbour, bilinear and transposed-convolution
/// upsampling by N leave a structure that repeats every N pixels: repeated pixels (first differences
/// vanish on N − 1 of N columns), interpolated pixels (second differences vanish between the original
/// samples), or an uneven kernel overlap that modulates the gain with period N (the "checkerboard",
/// Odena, Dumoulin &amp; Olah 2016). In the spectrum of a high-pass residual these become isolated peaks
/// at frequencies k/N (Popescu &amp; Farid 2005, resampling detection; Kirchner 2008, the spectrum of the
/// linear-prediction residual; Frank et al. 2020 and Durall et al. 2020 for GAN upsamplers).
/// <para>
/// Each tile gets four residual maps: the 4-neighbour Laplacian (linear, keeps a gain modulation), the
/// magnitude of first differences (|dx| + |dy|, periodic after nearest upsampling), of second differences
/// (periodic after interpolation that keeps the original samples) and of third differences (periodic after
/// half-pixel-centred bilinear upsampling, whose second differences come in equal pairs). Each map has its mean removed, is
/// Hann-windowed and transformed; the statistic at a candidate bin is its power over the median power of
/// the bins within 5 bins of it (the nearest ring excluded, where the window spreads a peak).
/// </para>
/// </summary>
internal static class SpectralGridCheck
{
    /// <summary>Background ring: bins with Chebyshev distance 2..BackgroundRadius from the candidate.</summary>
    private const int BackgroundRadius = 5;

    /// <summary>Names of the residual maps, for explanations.</summary>
    public static readonly string[] MapNames = ["Laplacian residual", "first-difference magnitude", "second-difference magnitude", "third-difference magnitude"];

    /// <summary>Mean residual magnitude below which a map counts as flat (far under one 16-bit step).</summary>
    private const double FlatLevel = 1e-6;

    /// <summary>Residual maps per tile.</summary>
    private const int MapCount = 4;

    /// <summary>Measures every tile of the luma plane (tiles in parallel; the last row and column of tiles are aligned to the far edges).</summary>
    public static (SpectralTile[] Tiles, int Columns) Measure(float[] luma, int width, int height, int tileSize, ComputeBudget budget,
        IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        var size = Math.Min(tileSize, Math.Min(width, height) / 8 * 8);
        if (size < 32)
            return ([], 0);
        var xs = TileStarts(width, size);
        var ys = TileStarts(height, size);
        var tiles = new SpectralTile[xs.Length * ys.Length];
        var window = HannWindow(size);
        var done = 0;
        Parallel.For(0, tiles.Length, budget.ToParallelOptions(cancellationToken),
            () => ArrayPool<float>.Shared.Rent(MapCount * size * size),
            (index, _, scratch) =>
            {
                tiles[index] = MeasureTile(luma, width, height, xs[index % xs.Length], ys[index / xs.Length], size, window, scratch);
                var count = Interlocked.Increment(ref done);
                if (progress is not null && (count % 16 == 0 || count == tiles.Length))
                    progress.Report(AugmentProgress.Items("spectral tiles", count, tiles.Length));
                return scratch;
            },
            scratch => ArrayPool<float>.Shared.Return(scratch));
        return (tiles, xs.Length);
    }

    /// <summary>Tile origins along one axis: every size pixels, the last one flush with the edge.</summary>
    internal static int[] TileStarts(int length, int size)
    {
        var count = (length + size - 1) / size;
        var starts = new int[count];
        for (var i = 0; i < count; i++)
            starts[i] = Math.Min(i * size, length - size);
        return starts;
    }

    /// <summary>The periodic Hann window (sum n/2), so that bins stay orthogonal for tile-aligned periods.</summary>
    internal static float[] HannWindow(int size)
    {
        var window = new float[size];
        for (var i = 0; i < size; i++)
            window[i] = (float)(0.5 - (0.5 * Math.Cos(2 * Math.PI * i / size)));
        return window;
    }

    /// <summary>The residual maps of one tile and their peak statistics.</summary>
    internal static SpectralTile MeasureTile(float[] luma, int width, int height, int x0, int y0, int size, float[] window, float[] scratch)
    {
        var n = size * size;
        var laplacian = scratch.AsSpan(0, n);
        var first = scratch.AsSpan(n, n);
        var second = scratch.AsSpan(2 * n, n);
        var third = scratch.AsSpan(3 * n, n);
        for (var y = 0; y < size; y++)
        {
            var gy = y0 + y;
            var row = luma.AsSpan(gy * width, width);
            var up = luma.AsSpan(Math.Max(gy - 1, 0) * width, width);
            var up2 = luma.AsSpan(Math.Max(gy - 2, 0) * width, width);
            var down = luma.AsSpan(Math.Min(gy + 1, height - 1) * width, width);
            for (var x = 0; x < size; x++)
            {
                var gx = x0 + x;
                var c = row[gx];
                var l = row[Math.Max(gx - 1, 0)];
                var l2 = row[Math.Max(gx - 2, 0)];
                var r = row[Math.Min(gx + 1, width - 1)];
                var u = up[gx];
                var d = down[gx];
                var i = (y * size) + x;
                laplacian[i] = (4 * c) - l - r - u - d;
                first[i] = MathF.Abs(c - l) + MathF.Abs(c - u);
                second[i] = MathF.Abs((2 * c) - l - r) + MathF.Abs((2 * c) - u - d);
                third[i] = MathF.Abs(r - (3 * c) + (3 * l) - l2) + MathF.Abs(d - (3 * c) + (3 * u) - up2[gx]);
            }
        }
        Span<double> period2 = stackalloc double[MapCount];
        Span<double> period4 = stackalloc double[MapCount];
        Span<double> period8 = stackalloc double[MapCount];
        Span<double> depth2 = stackalloc double[MapCount];
        Span<double> depth4 = stackalloc double[MapCount];
        Span<double> depth8 = stackalloc double[MapCount];
        var power = ArrayPool<float>.Shared.Rent(n);
        try
        {
            for (var map = 0; map < MapCount; map++)
            {
                var values = scratch.AsSpan(map * n, n);
                var level = PrepareMap(values, size, window);
                if (level < FlatLevel * size * size / 4)
                    continue; // a flat map: rounding residue, no structure to judge
                TileSpectrum.Power(values, size, power);
                (period2[map], depth2[map]) = PeriodEvidence(power, size, 2, level);
                (period4[map], depth4[map]) = PeriodEvidence(power, size, 4, level);
                (period8[map], depth8[map]) = PeriodEvidence(power, size, 8, level);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(power);
        }
        var (e2, m2) = Strongest(period2);
        var (e4, m4) = Strongest(period4);
        var (e8, m8) = Strongest(period8);
        return new SpectralTile(x0, y0, size, e2, e4, e8, m2, m4, m8, depth2[m2], depth4[m4], depth8[m8]);
    }

    private static (double Value, int Index) Strongest(ReadOnlySpan<double> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
                best = i;
        }
        return (values[best], best);
    }

    /// <summary>
    /// Removes the mean and applies the separable Hann window; returns the map's mean magnitude times the
    /// window's sum, (n/2)², which is the bin magnitude a component ±mean·(−1)^x would give: the unit of the
    /// modulation depth.
    /// </summary>
    private static double PrepareMap(Span<float> values, int size, float[] window)
    {
        double sum = 0, magnitude = 0;
        foreach (var v in values)
        {
            sum += v;
            magnitude += Math.Abs(v);
        }
        var mean = (float)(sum / values.Length);
        for (var y = 0; y < size; y++)
        {
            var wy = window[y];
            var row = values.Slice(y * size, size);
            for (var x = 0; x < size; x++)
                row[x] = (row[x] - mean) * wy * window[x];
        }
        var half = size / 2.0;
        return Math.Max(magnitude / values.Length, 1e-12) * half * half;
    }

    /// <summary>
    /// The strongest peak-to-background ratio over the frequencies (a/N, b/N) whose period is exactly N:
    /// a or b odd (a multiple of 1/N with both even belongs to period N/2). Only the half plane kx ≤ n/2 is
    /// visited; the other half mirrors it.
    /// </summary>
    internal static (double Ratio, double Depth) PeriodEvidence(ReadOnlySpan<float> power, int size, int period, double level)
    {
        var step = size / period;
        var best = 0.0;
        var depth = 0.0;
        Span<float> ring = stackalloc float[((2 * BackgroundRadius) + 1) * ((2 * BackgroundRadius) + 1)];
        for (var a = 0; a <= period / 2; a++)
        {
            for (var b = 0; b < period; b++)
            {
                if ((a & 1) == 0 && (b & 1) == 0)
                    continue;
                var ratio = PeakRatio(power, size, a * step, b * step, ring);
                if (ratio > best)
                {
                    best = ratio;
                    depth = Math.Sqrt(power[(b * step * size) + (a * step)]) / level;
                }
            }
        }
        return (best, depth);
    }

    /// <summary>Power at (kx, ky) over the median of the ring around it (indices wrap: the spectrum is periodic).</summary>
    internal static double PeakRatio(ReadOnlySpan<float> power, int size, int kx, int ky, Span<float> ring)
    {
        var count = 0;
        for (var dy = -BackgroundRadius; dy <= BackgroundRadius; dy++)
        {
            var row = ((ky + dy) % size + size) % size;
            for (var dx = -BackgroundRadius; dx <= BackgroundRadius; dx++)
            {
                if (Math.Abs(dx) <= 1 && Math.Abs(dy) <= 1)
                    continue;
                var column = ((kx + dx) % size + size) % size;
                ring[count++] = power[(row * size) + column];
            }
        }
        var samples = ring[..count];
        // Median by selection (Hoare's quickselect), not a full sort: this runs ~150 times per tile.
        var upper = Select(samples, count / 2);
        var lower = upper;
        if ((count & 1) == 0)
        {
            lower = samples[0];
            for (var i = 1; i < count / 2; i++)
                lower = Math.Max(lower, samples[i]);
        }
        var median = 0.5 * (lower + upper);
        // The peak may straddle bins when the period's phase drifts; the centre bin carries most of it.
        var peak = power[(ky * size) + kx];
        return peak / Math.Max(median, 1e-20);
    }

    /// <summary>The k-th smallest value; afterwards values[..k] hold the smaller ones (in any order).</summary>
    internal static float Select(Span<float> values, int k)
    {
        int lo = 0, hi = values.Length - 1;
        while (lo < hi)
        {
            var pivot = values[lo + ((hi - lo) / 2)];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot)
                    i++;
                while (values[j] > pivot)
                    j--;
                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }
            if (k <= j)
                hi = j;
            else if (k >= i)
                lo = i;
            else
                break;
        }
        return values[k];
    }
}
