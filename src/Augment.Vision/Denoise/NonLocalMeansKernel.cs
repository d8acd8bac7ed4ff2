using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
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
    /// (2f rows) and edge (r columns) overheads stay small.</summary>
    public const int TileHeight = 64;
    public const int TileWidth = 256;

    /// <summary>
    /// Denoises the tile at (x0, y0) of size (width, height) into <paramref name="destination"/> planes (frame layout).
    /// Only half the offsets are visited: the distance between p and p+o is the distance between q = p+o and q−o,
    /// so one weight, computed over the tile widened by |o|, serves pixel p (neighbour p+o) and pixel p+o
    /// (neighbour p) — Darbon et al.'s symmetry, which halves the distance and exponential work.
    /// </summary>
    // Fully optimised from the first call: a one-shot command would otherwise spend its first tiles in tier-0 code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DenoiseTile(PaddedPlanes source, in NlmParameters p, int x0, int y0, int width, int height, Span<float> destination)
    {
        var channels = source.Channels;
        var f = p.PatchRadius;
        var r = p.SearchRadius;
        var span = 2 * f + 1;
        var maxRegion = width + r;
        var maxExtended = maxRegion + 2 * f;
        var area = width * height;
        var scratchLength = span * maxExtended + maxExtended + 2 * maxRegion + area * (2 + channels);
        var rented = ArrayPool<float>.Shared.Rent(scratchLength);
        try
        {
            var scratch = rented.AsSpan(0, scratchLength);
            scratch.Clear();
            var ring = scratch.Slice(0, span * maxExtended);
            var columnSums = scratch.Slice(ring.Length, maxExtended);
            var weightLuma = scratch.Slice(ring.Length + maxExtended, maxRegion);
            var weightChroma = scratch.Slice(ring.Length + maxExtended + maxRegion, maxRegion);
            var accumulators = scratch.Slice(ring.Length + maxExtended + 2 * maxRegion);
            var sumLuma = accumulators.Slice(0, area);
            var sumChroma = accumulators.Slice(area, area);
            var values = accumulators.Slice(2 * area, channels * area);

            var inverseCount = 1f / (span * span * channels);
            var twoSigma2 = 2 * p.Sigma * p.Sigma;
            var lumaScale = -1f / (p.HLuma * p.HLuma);
            var chromaScale = -1f / (p.HChroma * p.HChroma);
            var sameH = p.HLuma == p.HChroma || channels == 1;

            // The centre offset: d = 0, weight exp(0) = 1.
            for (var j = 0; j < height; j++)
            {
                var row = j * width;
                sumLuma.Slice(row, width).Fill(1f);
                sumChroma.Slice(row, width).Fill(1f);
                for (var c = 0; c < channels; c++)
                    source.Plane(c).AsSpan(source.Index(x0, y0 + j), width).CopyTo(values.Slice(c * area + row, width));
            }

            for (var dy = 0; dy <= r; dy++)
            {
                for (var dx = dy == 0 ? 1 : -r; dx <= r; dx++)
                {
                    // Weights are computed for p over the region that holds both the tile and the tile − o.
                    var regionX = x0 - Math.Max(0, dx);
                    var regionWidth = width + Math.Abs(dx);
                    var extended = regionWidth + 2 * f;
                    var regionY = y0 - dy;
                    var regionHeight = height + dy;
                    var sums = columnSums.Slice(0, extended);
                    sums.Clear();
                    // Priming slides into empty slots (old = 0), so the ring must not hold the previous offset's rows.
                    ring.Clear();
                    for (var k = 0; k < span; k++)
                        Slide(source, regionX - f, regionY - f + k, dx, dy, ring.Slice(k * maxExtended, extended), sums);
                    var forwardStart = Math.Max(0, dx);
                    var backwardStart = Math.Max(0, -dx);
                    for (var k = 0; k < regionHeight; k++)
                    {
                        if (k > 0)
                            Slide(source, regionX - f, regionY + k + f, dx, dy, ring.Slice(((k - 1) % span) * maxExtended, extended), sums);
                        Weights(sums, span, inverseCount, twoSigma2, lumaScale, chromaScale, sameH, weightLuma.Slice(0, regionWidth), weightChroma.Slice(0, regionWidth));
                        var y = regionY + k;
                        if (y >= y0)
                        {
                            // Pixel (x, y) gains neighbour (x+dx, y+dy).
                            Accumulate(source, source.Index(x0 + dx, y + dy), weightLuma.Slice(forwardStart, width), weightChroma.Slice(forwardStart, width),
                                sameH, (y - y0) * width, area, sumLuma, sumChroma, values);
                        }
                        if (y + dy < y0 + height)
                        {
                            // Pixel (x, y+dy) gains neighbour (x−dx, y), with the weight computed at (x−dx, y).
                            Accumulate(source, source.Index(x0 - dx, y), weightLuma.Slice(backwardStart, width), weightChroma.Slice(backwardStart, width),
                                sameH, (y + dy - y0) * width, area, sumLuma, sumChroma, values);
                        }
                    }
                }
            }
            var planeSize = source.Width * source.Height;
            for (var c = 0; c < channels; c++)
            {
                var totals = c == 0 || sameH ? sumLuma : sumChroma;
                for (var j = 0; j < height; j++)
                {
                    var output = destination.Slice(c * planeSize + (y0 + j) * source.Width + x0, width);
                    System.Numerics.Tensors.TensorPrimitives.Divide(values.Slice(c * area + j * width, width), totals.Slice(j * width, width), output);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Replaces a ring slot with the difference row Σ_c (u(x, y) − u(x+dx, y+dy))², x = xStart .., and moves the
    /// running column sums by (new − old) in the same pass.
    /// </summary>
    // Fully optimised from the first call: a one-shot command would otherwise spend its first tiles in tier-0 code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Slide(PaddedPlanes source, int xStart, int y, int dx, int dy, Span<float> slot, Span<float> sums)
    {
        var length = slot.Length;
        var a0 = source.Index(xStart, y);
        var b0 = source.Index(xStart + dx, y + dy);
        var step = Vector<float>.Count;
        if (source.Channels == 3)
        {
            ReadOnlySpan<float> ra = source.Plane(0).AsSpan(a0, length), rb = source.Plane(0).AsSpan(b0, length);
            ReadOnlySpan<float> ga = source.Plane(1).AsSpan(a0, length), gb = source.Plane(1).AsSpan(b0, length);
            ReadOnlySpan<float> ba = source.Plane(2).AsSpan(a0, length), bb = source.Plane(2).AsSpan(b0, length);
            var i = 0;
            for (; i <= length - step; i += step)
            {
                var d0 = new Vector<float>(ra.Slice(i)) - new Vector<float>(rb.Slice(i));
                var d1 = new Vector<float>(ga.Slice(i)) - new Vector<float>(gb.Slice(i));
                var d2 = new Vector<float>(ba.Slice(i)) - new Vector<float>(bb.Slice(i));
                var d = d0 * d0 + d1 * d1 + d2 * d2;
                var old = new Vector<float>(slot.Slice(i));
                d.CopyTo(slot.Slice(i));
                (new Vector<float>(sums.Slice(i)) + (d - old)).CopyTo(sums.Slice(i));
            }
            for (; i < length; i++)
            {
                float e0 = ra[i] - rb[i], e1 = ga[i] - gb[i], e2 = ba[i] - bb[i];
                var d = e0 * e0 + e1 * e1 + e2 * e2;
                sums[i] += d - slot[i];
                slot[i] = d;
            }
            return;
        }
        for (var i = 0; i < length; i++)
        {
            var d = 0f;
            for (var c = 0; c < source.Channels; c++)
            {
                var plane = source.Plane(c);
                var e = plane[a0 + i] - plane[b0 + i];
                d += e * e;
            }
            sums[i] += d - slot[i];
            slot[i] = d;
        }
    }

    /// <summary>sums += w; values_c += w · u_c for one output row, all channels in one pass.</summary>
    // Fully optimised from the first call: a one-shot command would otherwise spend its first tiles in tier-0 code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Accumulate(PaddedPlanes source, int sourceIndex, ReadOnlySpan<float> weightLuma, ReadOnlySpan<float> weightChroma, bool sameH,
        int rowOffset, int area, Span<float> sumLuma, Span<float> sumChroma, Span<float> values)
    {
        var width = weightLuma.Length;
        var step = Vector<float>.Count;
        var sl = sumLuma.Slice(rowOffset, width);
        var v0 = values.Slice(rowOffset, width);
        ReadOnlySpan<float> u0 = source.Plane(0).AsSpan(sourceIndex, width);
        if (source.Channels == 3 && sameH)
        {
            var v1 = values.Slice(area + rowOffset, width);
            var v2 = values.Slice(2 * area + rowOffset, width);
            ReadOnlySpan<float> u1 = source.Plane(1).AsSpan(sourceIndex, width);
            ReadOnlySpan<float> u2 = source.Plane(2).AsSpan(sourceIndex, width);
            var i = 0;
            for (; i <= width - step; i += step)
            {
                var w = new Vector<float>(weightLuma.Slice(i));
                (new Vector<float>(sl.Slice(i)) + w).CopyTo(sl.Slice(i));
                Vector.FusedMultiplyAdd(w, new Vector<float>(u0.Slice(i)), new Vector<float>(v0.Slice(i))).CopyTo(v0.Slice(i));
                Vector.FusedMultiplyAdd(w, new Vector<float>(u1.Slice(i)), new Vector<float>(v1.Slice(i))).CopyTo(v1.Slice(i));
                Vector.FusedMultiplyAdd(w, new Vector<float>(u2.Slice(i)), new Vector<float>(v2.Slice(i))).CopyTo(v2.Slice(i));
            }
            for (; i < width; i++)
            {
                var w = weightLuma[i];
                sl[i] += w;
                v0[i] += w * u0[i];
                v1[i] += w * u1[i];
                v2[i] += w * u2[i];
            }
            return;
        }
        System.Numerics.Tensors.TensorPrimitives.Add(sl, weightLuma, sl);
        System.Numerics.Tensors.TensorPrimitives.FusedMultiplyAdd(weightLuma, u0, v0, v0);
        if (source.Channels == 1)
            return;
        var sc = sumChroma.Slice(rowOffset, width);
        var chroma = sameH ? weightLuma : weightChroma;
        if (!sameH)
            System.Numerics.Tensors.TensorPrimitives.Add(sc, chroma, sc);
        for (var c = 1; c < source.Channels; c++)
        {
            var vc = values.Slice(c * area + rowOffset, width);
            System.Numerics.Tensors.TensorPrimitives.FusedMultiplyAdd(chroma, source.Plane(c).AsSpan(sourceIndex, width), vc, vc);
        }
    }

    /// <summary>Box-sums the column sums horizontally (2f+1 shifted adds) and turns distances into weights.</summary>
    // Fully optimised from the first call: a one-shot command would otherwise spend its first tiles in tier-0 code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
