using System.Buffers;

namespace Augment.Vision;

/// <summary>
/// The work behind <see cref="ImageHashes"/>: one pass that turns every source row into BT.601 luma and
/// area-averages it horizontally to 32 and to 9 columns, then a small vertical pass to 32 x 32 and 9 x 8;
/// then the DCT and the bit decisions on those few values (all in double, so only the luma pass scales with
/// the image).
/// </summary>
internal static class PerceptualHashKernels
{
    public const int DctSize = 32;
    public const int DhashWidth = 9;
    public const int DhashHeight = 8;

    // Fixed bands (not per thread) so the work split never changes a value.
    private const int RowsPerBand = 64;

    /// <summary>Area-averaged luma: <paramref name="dct"/> gets 32 x 32, <paramref name="gradient"/> 9 x 8 (row-major).</summary>
    public static void Downscale(ImageFrame frame, Span<double> dct, Span<double> gradient, CancellationToken cancellationToken)
    {
        int width = frame.Width, height = frame.Height;
        var wide = PlaneResampler.AxisWeights.Create(width, DctSize);
        var narrow = PlaneResampler.AxisWeights.Create(width, DhashWidth);
        var rows32 = ArrayPool<double>.Shared.Rent(height * DctSize);
        var rows9 = ArrayPool<double>.Shared.Rent(height * DhashWidth);
        try
        {
            var bands = (height + RowsPerBand - 1) / RowsPerBand;
            Parallel.For(0, bands, frame.Budget.ToParallelOptions(cancellationToken), band =>
            {
                var luma = ArrayPool<float>.Shared.Rent(width);
                var prefix = ArrayPool<double>.Shared.Rent(width + 1);
                try
                {
                    var end = Math.Min(height, (band + 1) * RowsPerBand);
                    for (var y = band * RowsPerBand; y < end; y++)
                    {
                        LumaRows.Bt601(frame, y, luma.AsSpan(0, width));
                        if (width >= DctSize)
                        {
                            // One running sum serves both area averages (only the two edge pixels of a cell
                            // are partly covered), instead of two weighted passes over the row.
                            PrefixSum(luma.AsSpan(0, width), prefix.AsSpan(0, width + 1));
                            AreaFromPrefix(wide, luma, prefix, rows32.AsSpan(y * DctSize, DctSize));
                            AreaFromPrefix(narrow, luma, prefix, rows9.AsSpan(y * DhashWidth, DhashWidth));
                        }
                        else
                        {
                            Horizontal(wide, luma, rows32.AsSpan(y * DctSize, DctSize));
                            Horizontal(narrow, luma, rows9.AsSpan(y * DhashWidth, DhashWidth));
                        }
                    }
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(luma);
                    ArrayPool<double>.Shared.Return(prefix);
                }
            });
            Vertical(PlaneResampler.AxisWeights.Create(height, DctSize), rows32, DctSize, dct);
            Vertical(PlaneResampler.AxisWeights.Create(height, DhashHeight), rows9, DhashWidth, gradient);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rows32);
            ArrayPool<double>.Shared.Return(rows9);
        }
    }

    private static void PrefixSum(ReadOnlySpan<float> values, Span<double> prefix)
    {
        var sum = 0.0;
        prefix[0] = 0;
        for (var x = 0; x < values.Length; x++)
        {
            sum += values[x];
            prefix[x + 1] = sum;
        }
    }

    /// <summary>
    /// The area weights of a shrinking axis (consecutive source indices; every inner one weighted 1 / scale) applied
    /// through the running sum: first and last pixel by their own weights, the run between them by one difference.
    /// Used with <c>scale</c> ≥ 1 only; the reference is <see cref="Horizontal"/>.
    /// </summary>
    public static void AreaFromPrefix(PlaneResampler.AxisWeights weights, ReadOnlySpan<float> source, ReadOnlySpan<double> prefix, Span<double> target)
    {
        for (var o = 0; o < target.Length; o++)
        {
            int first = weights.Start[o], last = weights.Start[o + 1] - 1;
            var sum = weights.Weight[first] * (double)source[weights.Index[first]];
            if (last > first)
            {
                sum += weights.Weight[last] * (double)source[weights.Index[last]];
                if (last > first + 1)
                    sum += weights.Weight[first + 1] * (prefix[weights.Index[last]] - prefix[weights.Index[first + 1]]);
            }
            target[o] = sum;
        }
    }

    /// <summary>Reference: the weights applied one by one.</summary>
    public static void Horizontal(PlaneResampler.AxisWeights weights, ReadOnlySpan<float> source, Span<double> target)
    {
        for (var o = 0; o < target.Length; o++)
        {
            var sum = 0.0;
            for (var k = weights.Start[o]; k < weights.Start[o + 1]; k++)
                sum += weights.Weight[k] * (double)source[weights.Index[k]];
            target[o] = sum;
        }
    }

    private static void Vertical(PlaneResampler.AxisWeights weights, ReadOnlySpan<double> rows, int columns, Span<double> target)
    {
        var outputs = target.Length / columns;
        for (var o = 0; o < outputs; o++)
        {
            var row = target.Slice(o * columns, columns);
            row.Clear();
            for (var k = weights.Start[o]; k < weights.Start[o + 1]; k++)
            {
                var w = (double)weights.Weight[k];
                var from = rows.Slice(weights.Index[k] * columns, columns);
                for (var x = 0; x < columns; x++)
                    row[x] += w * from[x];
            }
        }
    }

    /// <summary>
    /// pHash of a 32 x 32 luma block: orthonormal 2-D DCT-II (X[k] = s(k) Σ x[n] cos(π k (2n + 1) / 2N),
    /// s(0) = √(1/N), s(k) = √(2/N), as scipy.fft.dct(type=2, norm='ortho')) of rows then columns, only the
    /// coefficients u, v = 1..8 that the hash reads (pHash.org's ph_dct_imagehash block, skipping the DC row and
    /// column); bit = coefficient greater than the median of those 64.
    /// </summary>
    public static PerceptualHash Phash(ReadOnlySpan<double> block)
    {
        const int n = DctSize, first = 1, count = 8;
        Span<double> basis = stackalloc double[(first + count) * n];
        for (var k = 0; k < first + count; k++)
        {
            var scale = Math.Sqrt((k == 0 ? 1.0 : 2.0) / n);
            for (var i = 0; i < n; i++)
                basis[(k * n) + i] = scale * Math.Cos(Math.PI * k * ((2 * i) + 1) / (2.0 * n));
        }
        // Rows: for each of the 32 rows, the column frequencies 1..8.
        Span<double> rowPass = stackalloc double[n * count];
        for (var y = 0; y < n; y++)
        {
            for (var v = 0; v < count; v++)
            {
                var sum = 0.0;
                for (var x = 0; x < n; x++)
                    sum += basis[((first + v) * n) + x] * block[(y * n) + x];
                rowPass[(y * count) + v] = sum;
            }
        }
        // Columns: row frequencies 1..8.
        Span<double> coefficients = stackalloc double[count * count];
        for (var u = 0; u < count; u++)
        {
            for (var v = 0; v < count; v++)
            {
                var sum = 0.0;
                for (var y = 0; y < n; y++)
                    sum += basis[((first + u) * n) + y] * rowPass[(y * count) + v];
                coefficients[(u * count) + v] = sum;
            }
        }
        Span<double> sorted = stackalloc double[count * count];
        coefficients.CopyTo(sorted);
        sorted.Sort();
        var median = 0.5 * (sorted[31] + sorted[32]);
        Span<bool> cells = stackalloc bool[64];
        for (var i = 0; i < 64; i++)
            cells[i] = coefficients[i] > median;
        return PerceptualHash.FromCells(cells);
    }

    /// <summary>dHash of a 9 x 8 luma block: bit (row, column) = block[row, column + 1] &gt; block[row, column].</summary>
    public static PerceptualHash Dhash(ReadOnlySpan<double> block)
    {
        Span<bool> cells = stackalloc bool[64];
        for (var y = 0; y < DhashHeight; y++)
        {
            for (var x = 0; x < 8; x++)
                cells[(y * 8) + x] = block[(y * DhashWidth) + x + 1] > block[(y * DhashWidth) + x];
        }
        return PerceptualHash.FromCells(cells);
    }
}
