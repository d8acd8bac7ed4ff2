using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Augment.Vision;

/// <summary>
/// Non-local means (Buades, Coll and Morel, "A non-local algorithm for image denoising", CVPR 2005; IPOL 2011
/// for the colour variant and the <c>max(d² − 2σ², 0)</c> weight) with the integral-image acceleration of
/// Darbon et al. ("Fast nonlocal filtering applied to electron cryomicroscopy", ISBI 2008) in its sliding
/// form (Froment, "Parameter-free fast pixelwise non-local means denoising", IPOL 2014): for one search
/// offset the squared-difference image is box-summed once, so every patch distance costs O(1) however large
/// the patch. Offsets are the outer loop within a tile; a ring of 2f+1 difference rows and a running column
/// sum slide down the tile; weights and sums for all channels are accumulated with <see cref="Vector{T}"/>.
/// <para>Distances use all channels (the caller passes an orthonormal luma/chroma space, where white noise
/// keeps its σ in every channel): <c>d² = mean over patch and channels of (u(p+k) − u(q+k))²</c>, weight
/// <c>exp(−max(d² − 2σ², 0) / h²)</c>. Channel 0 (luma) uses <c>hLuma</c>, the others <c>hChroma</c>.</para>
/// </summary>
internal static class NonLocalMeansKernel
{
    /// <summary>Output tile size: accumulators (4 x 64 x 256 floats) stay in L2, and the per-offset start-up
    /// (2f rows) and edge (2f columns) overheads stay small.</summary>
    public const int TileHeight = 64;
    public const int TileWidth = 256;

    /// <summary>Denoises the tile at (x0, y0) of size (width, height) into <paramref name="destination"/> planes (frame layout).</summary>
    public static void DenoiseTile(PaddedPlanes source, in NlmParameters p, int x0, int y0, int width, int height, Span<float> destination)
    {
        var channels = source.Channels;
        var f = p.PatchRadius;
        var r = p.SearchRadius;
        var span = 2 * f + 1;
        var extendedWidth = width + 2 * f;
        var area = width * height;
        var scratchLength = span * extendedWidth + extendedWidth + width * 2 + area * (2 + channels);
        var rented = ArrayPool<float>.Shared.Rent(scratchLength);
        try
        {
            var scratch = rented.AsSpan(0, scratchLength);
            scratch.Clear();
            var ring = scratch.Slice(0, span * extendedWidth);
            var columnSums = scratch.Slice(ring.Length, extendedWidth);
            var weightLuma = scratch.Slice(ring.Length + extendedWidth, width);
            var weightChroma = scratch.Slice(ring.Length + extendedWidth + width, width);
            var accumulators = scratch.Slice(ring.Length + extendedWidth + 2 * width);
            var sumLuma = accumulators.Slice(0, area);
            var sumChroma = accumulators.Slice(area, area);
            var values = accumulators.Slice(2 * area, channels * area);

            var inverseCount = 1f / (span * span * channels);
            var twoSigma2 = 2 * p.Sigma * p.Sigma;
            var lumaScale = -1f / (p.HLuma * p.HLuma);
            var chromaScale = -1f / (p.HChroma * p.HChroma);
            var sameH = p.HLuma == p.HChroma || channels == 1;

            for (var dy = -r; dy <= r; dy++)
            {
                for (var dx = -r; dx <= r; dx++)
                {
                    // Prime the ring with difference rows y0−f .. y0+f and their column sums.
                    columnSums.Clear();
                    for (var k = 0; k < span; k++)
                    {
                        var slot = ring.Slice(k * extendedWidth, extendedWidth);
                        DifferenceRow(source, x0 - f, y0 - f + k, dx, dy, slot);
                        Add(columnSums, slot);
                    }
                    for (var j = 0; j < height; j++)
                    {
                        if (j > 0)
                        {
                            // Slide down: the slot of row y−f−1 takes row y+f.
                            var slot = ring.Slice(((j - 1) % span) * extendedWidth, extendedWidth);
                            Subtract(columnSums, slot);
                            DifferenceRow(source, x0 - f, y0 + j + f, dx, dy, slot);
                            Add(columnSums, slot);
                        }
                        Weights(columnSums, span, inverseCount, twoSigma2, lumaScale, chromaScale, sameH, weightLuma, weightChroma);
                        var y = y0 + j;
                        var rowOffset = j * width;
                        MultiplyAdd(weightLuma, source.Plane(0).AsSpan(source.Index(x0 + dx, y + dy), width), values.Slice(rowOffset, width), sumLuma.Slice(rowOffset, width));
                        for (var c = 1; c < channels; c++)
                            MultiplyAdd(weightChroma, source.Plane(c).AsSpan(source.Index(x0 + dx, y + dy), width), values.Slice(c * area + rowOffset, width), c == 1 ? sumChroma.Slice(rowOffset, width) : default);
                    }
                }
            }
            var planeSize = source.Width * source.Height;
            for (var c = 0; c < channels; c++)
            {
                var sums = c == 0 ? sumLuma : sumChroma;
                for (var j = 0; j < height; j++)
                {
                    var output = destination.Slice(c * planeSize + (y0 + j) * source.Width + x0, width);
                    System.Numerics.Tensors.TensorPrimitives.Divide(values.Slice(c * area + j * width, width), sums.Slice(j * width, width), output);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>Σ over channels of (u(x, y) − u(x+dx, y+dy))² for x = xStart .. xStart+row.Length−1.</summary>
    private static void DifferenceRow(PaddedPlanes source, int xStart, int y, int dx, int dy, Span<float> row)
    {
        var length = row.Length;
        var a0 = source.Index(xStart, y);
        var b0 = source.Index(xStart + dx, y + dy);
        for (var c = 0; c < source.Channels; c++)
        {
            var plane = source.Plane(c);
            ReadOnlySpan<float> a = plane.AsSpan(a0, length);
            ReadOnlySpan<float> b = plane.AsSpan(b0, length);
            var i = 0;
            if (c == 0)
            {
                for (; i <= length - Vector<float>.Count; i += Vector<float>.Count)
                {
                    var d = new Vector<float>(a.Slice(i)) - new Vector<float>(b.Slice(i));
                    (d * d).CopyTo(row.Slice(i));
                }
                for (; i < length; i++)
                {
                    var d = a[i] - b[i];
                    row[i] = d * d;
                }
            }
            else
            {
                for (; i <= length - Vector<float>.Count; i += Vector<float>.Count)
                {
                    var d = new Vector<float>(a.Slice(i)) - new Vector<float>(b.Slice(i));
                    (new Vector<float>(row.Slice(i)) + d * d).CopyTo(row.Slice(i));
                }
                for (; i < length; i++)
                {
                    var d = a[i] - b[i];
                    row[i] += d * d;
                }
            }
        }
    }

    private static void Add(Span<float> sums, ReadOnlySpan<float> row) =>
        System.Numerics.Tensors.TensorPrimitives.Add(sums, row, sums);

    private static void Subtract(Span<float> sums, ReadOnlySpan<float> row) =>
        System.Numerics.Tensors.TensorPrimitives.Subtract(sums, row, sums);

    /// <summary>Box-sums the column sums horizontally (2f+1 shifted adds) and turns distances into weights.</summary>
    private static void Weights(ReadOnlySpan<float> columnSums, int span, float inverseCount, float twoSigma2, float lumaScale, float chromaScale,
        bool sameH, Span<float> weightLuma, Span<float> weightChroma)
    {
        var width = weightLuma.Length;
        var step = Vector<float>.Count;
        var inverse = new Vector<float>(inverseCount);
        var bias = new Vector<float>(twoSigma2);
        var lumaFactor = new Vector<float>(lumaScale);
        var chromaFactor = new Vector<float>(chromaScale);
        var x = 0;
        for (; x <= width - step; x += step)
        {
            var box = new Vector<float>(columnSums.Slice(x));
            for (var k = 1; k < span; k++)
                box += new Vector<float>(columnSums.Slice(x + k));
            var excess = Vector.Max(box * inverse - bias, Vector<float>.Zero);
            Vector.Exp(excess * lumaFactor).CopyTo(weightLuma.Slice(x));
            if (!sameH)
                Vector.Exp(excess * chromaFactor).CopyTo(weightChroma.Slice(x));
        }
        for (; x < width; x++)
        {
            var box = 0f;
            for (var k = 0; k < span; k++)
                box += columnSums[x + k];
            var excess = MathF.Max(box * inverseCount - twoSigma2, 0f);
            weightLuma[x] = MathF.Exp(excess * lumaScale);
            if (!sameH)
                weightChroma[x] = MathF.Exp(excess * chromaScale);
        }
        if (sameH)
            weightLuma.CopyTo(weightChroma);
    }

    /// <summary>values += w · source; sums += w (when given).</summary>
    private static void MultiplyAdd(ReadOnlySpan<float> weights, ReadOnlySpan<float> source, Span<float> values, Span<float> sums)
    {
        System.Numerics.Tensors.TensorPrimitives.FusedMultiplyAdd(weights, source, values, values);
        if (!sums.IsEmpty)
            System.Numerics.Tensors.TensorPrimitives.Add(sums, weights, sums);
    }

    /// <summary>
    /// The scalar reference: every patch distance summed directly (O(patch) per pair), in double precision.
    /// Slow; for tests only.
    /// </summary>
    public static void Reference(PaddedPlanes source, in NlmParameters p, Span<float> destination)
    {
        var channels = source.Channels;
        var f = p.PatchRadius;
        var r = p.SearchRadius;
        var count = (2 * f + 1) * (2 * f + 1) * channels;
        var planeSize = source.Width * source.Height;
        Span<double> values = stackalloc double[channels];
        for (var y = 0; y < source.Height; y++)
        {
            for (var x = 0; x < source.Width; x++)
            {
                double sumLuma = 0, sumChroma = 0;
                values.Clear();
                for (var dy = -r; dy <= r; dy++)
                {
                    for (var dx = -r; dx <= r; dx++)
                    {
                        double distance = 0;
                        for (var c = 0; c < channels; c++)
                        {
                            var plane = source.Plane(c);
                            for (var ky = -f; ky <= f; ky++)
                                for (var kx = -f; kx <= f; kx++)
                                {
                                    double d = plane[source.Index(x + kx, y + ky)] - plane[source.Index(x + dx + kx, y + dy + ky)];
                                    distance += d * d;
                                }
                        }
                        var excess = Math.Max(distance / count - 2.0 * p.Sigma * p.Sigma, 0);
                        var wLuma = Math.Exp(-excess / ((double)p.HLuma * p.HLuma));
                        var wChroma = Math.Exp(-excess / ((double)p.HChroma * p.HChroma));
                        sumLuma += wLuma;
                        sumChroma += wChroma;
                        for (var c = 0; c < channels; c++)
                            values[c] += (c == 0 ? wLuma : wChroma) * source.Plane(c)[source.Index(x + dx, y + dy)];
                    }
                }
                for (var c = 0; c < channels; c++)
                    destination[c * planeSize + y * source.Width + x] = (float)(values[c] / (c == 0 ? sumLuma : sumChroma));
            }
        }
    }
}
