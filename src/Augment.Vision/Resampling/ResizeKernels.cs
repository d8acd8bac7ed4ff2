using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Augment.Vision;

/// <summary>
/// The fast separable resize, fused so that no full-size intermediate exists. The target's rows are
/// split into bands run in parallel within the frame's budget; each band walks its output rows eight
/// at a time and, per plane:
/// <list type="number">
/// <item>vertical pass: the eight output rows' weighted sums of whole source rows (one
/// <see cref="Vector256{T}"/> multiply-add per tap and eight columns), transposed in registers
/// (8 x 8 blocks) into a pixel-major strip (column·8 + row);</item>
/// <item>horizontal pass on the strip: each output column of all eight rows is a sum of <c>taps</c>
/// broadcast-weight x eight-lane multiply-adds (a per-pixel horizontal dot product would be too short
/// and misaligned for SIMD at 7..13 taps);</item>
/// <item>the result is transposed back into the eight target rows, then alpha is clamped, colour
/// un-premultiplied and re-encoded.</item>
/// </list>
/// Source rows that need decoding (linear light, premultiplied alpha) are decoded once into a small ring
/// of rows per band. Doing the vertical pass first transposes the (smaller, when shrinking) vertically
/// reduced rows rather than the source. <see cref="ResizeReference"/> is the scalar oracle.
/// </summary>
internal static class ResizeKernels
{
    private const int Lanes = 8;

    public static void Resize(ImageFrame source, ImageFrame target, KernelMap horizontal, KernelMap vertical,
        TransferFunction? transfer, IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        var chunks = (target.Height + Lanes - 1) / Lanes;
        var bands = Math.Min(chunks, source.Budget.MaxThreads * 4);
        var chunksPerBand = (chunks + bands - 1) / bands;
        bands = (chunks + chunksPerBand - 1) / chunksPerBand;
        var ringRows = RingRows(vertical);
        var done = 0;
        Parallel.For(0, bands, source.Budget.ToParallelOptions(cancellationToken), band =>
        {
            RunBand(source, target, horizontal, vertical, transfer, ringRows,
                band * chunksPerBand * Lanes, Math.Min(target.Height, (band + 1) * chunksPerBand * Lanes));
            if (progress is not null)
                progress.Report(AugmentProgress.Items("resize", Interlocked.Increment(ref done), bands));
        });
    }

    /// <summary>Most source rows that eight consecutive output rows read.</summary>
    private static int RingRows(KernelMap map)
    {
        var most = 0;
        for (var y0 = 0; y0 < map.TargetLength; y0 += Lanes)
        {
            var last = Math.Min(y0 + Lanes, map.TargetLength) - 1;
            most = Math.Max(most, map.Start[last] + map.Taps - map.Start[y0]);
        }
        return most;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip tier-0 code, a one-shot resize never reaches tier 1
    private static void RunBand(ImageFrame source, ImageFrame target, KernelMap horizontal, KernelMap vertical,
        TransferFunction? transfer, int ringRows, int firstRow, int endRow)
    {
        var width = source.Width;
        var targetWidth = target.Width;
        var taps = vertical.Taps;
        var decodes = transfer is not null || source.HasAlpha;
        var ring = decodes ? ArrayPool<float>.Shared.Rent(ringRows * width) : null;
        var pixelMajor = ArrayPool<float>.Shared.Rent(Lanes * width);
        var sums = ArrayPool<float>.Shared.Rent(Lanes * width);
        var filtered = ArrayPool<float>.Shared.Rent(Lanes * targetWidth);
        var offsets = ArrayPool<int>.Shared.Rent(Lanes * taps);
        var weights = ArrayPool<float>.Shared.Rent(Lanes * taps);
        try
        {
            // Alpha first: the colour planes un-premultiply by the finished target alpha rows.
            for (var n = 0; n < source.Channels; n++)
            {
                var c = source.HasAlpha ? (n + source.Channels - 1) % source.Channels : n;
                var isColour = c < source.ColorChannels;
                var decodeThis = isColour && decodes;
                var loadedTo = -1;
                for (var y0 = firstRow; y0 < endRow; y0 += Lanes)
                {
                    var count = Math.Min(Lanes, endRow - y0);
                    if (decodeThis)
                        loadedTo = LoadRing(source, c, transfer, ring!, ringRows, vertical.Start[y0], vertical.Start[y0 + count - 1] + taps, loadedTo);
                    for (var r = 0; r < count; r++)
                    {
                        var first = vertical.Start[y0 + r];
                        vertical.WeightsOf(y0 + r).CopyTo(weights.AsSpan(r * taps, taps));
                        for (var k = 0; k < taps; k++)
                            offsets[(r * taps) + k] = (decodeThis ? (first + k) % ringRows : first + k) * width;
                    }
                    ReadOnlySpan<float> rows = decodeThis ? ring.AsSpan(0, ringRows * width) : source.Plane(c);
                    VerticalToPixelMajor(rows, offsets, weights, count, taps, width, sums, pixelMajor);
                    FilterPixelMajor(pixelMajor, horizontal, filtered);
                    var plane = target.Plane(c);
                    FromPixelMajor(filtered, targetWidth, count, plane.Slice(y0 * targetWidth, count * targetWidth));
                    for (var r = 0; r < count; r++)
                    {
                        var row = plane.Slice((y0 + r) * targetWidth, targetWidth);
                        if (!isColour)
                        {
                            // Ringing kernels overshoot; opacity outside 0..1 has no meaning.
                            TensorPrimitives.Clamp(row, 0f, 1f, row);
                            continue;
                        }
                        if (source.HasAlpha)
                            Unpremultiply(row, target.Row(target.Channels - 1, y0 + r));
                        if (transfer is { } function)
                            Encode(function, row);
                    }
                }
            }
        }
        finally
        {
            if (ring is not null)
                ArrayPool<float>.Shared.Return(ring);
            ArrayPool<float>.Shared.Return(pixelMajor);
            ArrayPool<float>.Shared.Return(sums);
            ArrayPool<float>.Shared.Return(filtered);
            ArrayPool<int>.Shared.Return(offsets);
            ArrayPool<float>.Shared.Return(weights);
        }
    }

    /// <summary>Decodes source rows [max(loadedTo, from), to) of plane <paramref name="c"/> into the ring; returns the new end.</summary>
    private static int LoadRing(ImageFrame source, int c, TransferFunction? transfer, float[] ring, int ringRows, int from, int to, int loadedTo)
    {
        var width = source.Width;
        for (var y = Math.Max(from, loadedTo); y < to; y++)
        {
            var slot = ring.AsSpan(y % ringRows * width, width);
            var row = source.Row(c, y);
            if (transfer is { } function)
                Decode(function, row, slot);
            else
                row.CopyTo(slot);
            if (source.HasAlpha)
                TensorPrimitives.Multiply(slot, source.Row(source.Channels - 1, y), slot);
        }
        return Math.Max(loadedTo, to);
    }

    private static void Decode(TransferFunction function, ReadOnlySpan<float> encoded, Span<float> linear)
    {
        if (function == TransferFunction.Srgb)
            SrgbTableKernels.ToLinear(encoded, linear);
        else
            TransferKernels.ToLinear(function, encoded, linear);
    }

    private static void Encode(TransferFunction function, Span<float> row)
    {
        if (function == TransferFunction.Srgb)
            SrgbTableKernels.FromLinear(row, row);
        else
            TransferKernels.FromLinear(function, row, row);
    }

    /// <summary>
    /// pixelMajor[x·8 + r] = Σ_k weights[r·taps + k] · rows[offsets[r·taps + k] + x] for r &lt; count
    /// (rows count..7 are zero). Each output row is summed whole first (taps outer, four vectors of
    /// columns inner, so each weight is broadcast once per 32 columns), into <paramref name="sums"/>;
    /// then 8 x 8 blocks are transposed into the strip.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip tier-0 code, a one-shot resize never reaches tier 1
    private static void VerticalToPixelMajor(ReadOnlySpan<float> rows, int[] offsets, float[] weights, int count, int taps, int width, float[] sums, float[] pixelMajor)
    {
        for (var r = 0; r < count; r++)
            WeightedRowSum(rows, offsets.AsSpan(r * taps, taps), weights.AsSpan(r * taps, taps), sums.AsSpan(r * width, width));
        if (count < Lanes)
            sums.AsSpan(count * width, (Lanes - count) * width).Clear();
        var x = 0;
        if (Avx.IsSupported)
        {
            ref var source = ref MemoryMarshal.GetArrayDataReference(sums);
            ref var destination = ref MemoryMarshal.GetArrayDataReference(pixelMajor);
            Span<Vector256<float>> block = stackalloc Vector256<float>[Lanes];
            for (; x + Lanes <= width; x += Lanes)
            {
                for (var r = 0; r < Lanes; r++)
                    block[r] = Vector256.LoadUnsafe(ref source, (nuint)((r * width) + x));
                Transpose8x8(block);
                for (var j = 0; j < Lanes; j++)
                    block[j].StoreUnsafe(ref destination, (nuint)((x + j) * Lanes));
            }
        }
        for (; x < width; x++)
        {
            for (var r = 0; r < Lanes; r++)
                pixelMajor[(x * Lanes) + r] = sums[(r * width) + x];
        }
    }

    /// <summary>destination = Σ_k weights[k] · rows[offsets[k] .. offsets[k] + width).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip tier-0 code, a one-shot resize never reaches tier 1
    private static void WeightedRowSum(ReadOnlySpan<float> rows, ReadOnlySpan<int> offsets, ReadOnlySpan<float> weights, Span<float> destination)
    {
        var width = destination.Length;
        var taps = weights.Length;
        ref var source = ref MemoryMarshal.GetReference(rows);
        ref var dst = ref MemoryMarshal.GetReference(destination);
        var x = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            const int Block = 4 * 8;
            for (; x + Block <= width; x += Block)
            {
                var a0 = Vector256<float>.Zero;
                var a1 = Vector256<float>.Zero;
                var a2 = Vector256<float>.Zero;
                var a3 = Vector256<float>.Zero;
                for (var k = 0; k < taps; k++)
                {
                    var wk = Vector256.Create(weights[k]);
                    ref var row = ref Unsafe.Add(ref source, offsets[k] + x);
                    a0 = MultiplyAdd(Vector256.LoadUnsafe(ref row), wk, a0);
                    a1 = MultiplyAdd(Vector256.LoadUnsafe(ref row, 8), wk, a1);
                    a2 = MultiplyAdd(Vector256.LoadUnsafe(ref row, 16), wk, a2);
                    a3 = MultiplyAdd(Vector256.LoadUnsafe(ref row, 24), wk, a3);
                }
                a0.StoreUnsafe(ref dst, (nuint)x);
                a1.StoreUnsafe(ref dst, (nuint)(x + 8));
                a2.StoreUnsafe(ref dst, (nuint)(x + 16));
                a3.StoreUnsafe(ref dst, (nuint)(x + 24));
            }
            for (; x + 8 <= width; x += 8)
            {
                var a = Vector256<float>.Zero;
                for (var k = 0; k < taps; k++)
                    a = MultiplyAdd(Vector256.LoadUnsafe(ref source, (nuint)(offsets[k] + x)), Vector256.Create(weights[k]), a);
                a.StoreUnsafe(ref dst, (nuint)x);
            }
        }
        for (; x < width; x++)
        {
            var sum = 0f;
            for (var k = 0; k < taps; k++)
                sum += weights[k] * rows[offsets[k] + x];
            destination[x] = sum;
        }
    }

    /// <summary>rows (count x width) = the first <paramref name="count"/> lanes of the pixel-major <paramref name="filtered"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip tier-0 code, a one-shot resize never reaches tier 1
    private static void FromPixelMajor(float[] filtered, int width, int count, Span<float> rows)
    {
        var x = 0;
        if (Avx.IsSupported)
        {
            ref var source = ref MemoryMarshal.GetArrayDataReference(filtered);
            ref var destination = ref MemoryMarshal.GetReference(rows);
            Span<Vector256<float>> block = stackalloc Vector256<float>[Lanes];
            for (; x + Lanes <= width; x += Lanes)
            {
                for (var j = 0; j < Lanes; j++)
                    block[j] = Vector256.LoadUnsafe(ref source, (nuint)((x + j) * Lanes));
                Transpose8x8(block);
                for (var r = 0; r < count; r++)
                    block[r].StoreUnsafe(ref destination, (nuint)((r * width) + x));
            }
        }
        for (; x < width; x++)
        {
            for (var r = 0; r < count; r++)
                rows[(r * width) + x] = filtered[(x * Lanes) + r];
        }
    }

    /// <summary>filtered[o·8 + r] = Σ_k w[o,k] · pixelMajor[(start[o] + k)·8 + r] for all eight rows at once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip tier-0 code, a one-shot resize never reaches tier 1
    private static void FilterPixelMajor(float[] pixelMajor, KernelMap map, float[] filtered)
    {
        var taps = map.Taps;
        var start = map.Start;
        var weights = map.Weights;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var input = ref MemoryMarshal.GetArrayDataReference(pixelMajor);
            ref var output = ref MemoryMarshal.GetArrayDataReference(filtered);
            ref var w = ref MemoryMarshal.GetArrayDataReference(weights);
            for (var o = 0; o < map.TargetLength; o++)
            {
                ref var window = ref Unsafe.Add(ref input, start[o] * Lanes);
                ref var wo = ref Unsafe.Add(ref w, o * taps);
                var acc0 = Vector256<float>.Zero;
                var acc1 = Vector256<float>.Zero;
                var k = 0;
                for (; k + 1 < taps; k += 2)
                {
                    acc0 = MultiplyAdd(Vector256.LoadUnsafe(ref window, (nuint)(k * Lanes)), Vector256.Create(Unsafe.Add(ref wo, k)), acc0);
                    acc1 = MultiplyAdd(Vector256.LoadUnsafe(ref window, (nuint)((k + 1) * Lanes)), Vector256.Create(Unsafe.Add(ref wo, k + 1)), acc1);
                }
                if (k < taps)
                    acc0 = MultiplyAdd(Vector256.LoadUnsafe(ref window, (nuint)(k * Lanes)), Vector256.Create(Unsafe.Add(ref wo, k)), acc0);
                (acc0 + acc1).StoreUnsafe(ref output, (nuint)(o * Lanes));
            }
            return;
        }

        for (var o = 0; o < map.TargetLength; o++)
        {
            for (var r = 0; r < Lanes; r++)
            {
                var sum = 0f;
                for (var k = 0; k < taps; k++)
                    sum += weights[(o * taps) + k] * pixelMajor[((start[o] + k) * Lanes) + r];
                filtered[(o * Lanes) + r] = sum;
            }
        }
    }

    /// <summary>
    /// Transposes eight vectors of eight floats in place (row i lane j becomes row j lane i): two rounds
    /// of in-lane unpack/shuffle, then a cross-lane 128-bit permute.
    /// </summary>
    private static void Transpose8x8(Span<Vector256<float>> m)
    {
        var t0 = Avx.UnpackLow(m[0], m[1]);
        var t1 = Avx.UnpackHigh(m[0], m[1]);
        var t2 = Avx.UnpackLow(m[2], m[3]);
        var t3 = Avx.UnpackHigh(m[2], m[3]);
        var t4 = Avx.UnpackLow(m[4], m[5]);
        var t5 = Avx.UnpackHigh(m[4], m[5]);
        var t6 = Avx.UnpackLow(m[6], m[7]);
        var t7 = Avx.UnpackHigh(m[6], m[7]);
        var s0 = Avx.Shuffle(t0, t2, 0x44);
        var s1 = Avx.Shuffle(t0, t2, 0xEE);
        var s2 = Avx.Shuffle(t1, t3, 0x44);
        var s3 = Avx.Shuffle(t1, t3, 0xEE);
        var s4 = Avx.Shuffle(t4, t6, 0x44);
        var s5 = Avx.Shuffle(t4, t6, 0xEE);
        var s6 = Avx.Shuffle(t5, t7, 0x44);
        var s7 = Avx.Shuffle(t5, t7, 0xEE);
        m[0] = Avx.Permute2x128(s0, s4, 0x20);
        m[1] = Avx.Permute2x128(s1, s5, 0x20);
        m[2] = Avx.Permute2x128(s2, s6, 0x20);
        m[3] = Avx.Permute2x128(s3, s7, 0x20);
        m[4] = Avx.Permute2x128(s0, s4, 0x31);
        m[5] = Avx.Permute2x128(s1, s5, 0x31);
        m[6] = Avx.Permute2x128(s2, s6, 0x31);
        m[7] = Avx.Permute2x128(s3, s7, 0x31);
    }

    /// <summary>colour /= alpha where alpha &gt; 0; colour = 0 where the pixel is fully transparent.</summary>
    private static void Unpremultiply(Span<float> colour, ReadOnlySpan<float> alpha)
    {
        for (var x = 0; x < colour.Length; x++)
        {
            var a = alpha[x];
            colour[x] = a > 0f ? colour[x] / a : 0f;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> addend) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, addend) : (a * b) + addend;
}
