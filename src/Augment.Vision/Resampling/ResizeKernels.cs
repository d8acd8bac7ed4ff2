using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Augment.Vision;

/// <summary>
/// The fast separable resize: a horizontal pass into a full-height intermediate (source height x
/// target width, per plane), then a vertical pass into the target, each run in parallel over row bands
/// within the frame's budget. Linear-light decoding and alpha premultiplication happen on the way into
/// the horizontal pass; un-premultiplication and re-encoding on the way out of the vertical pass.
/// <para>
/// Horizontal pass: a strip of eight source rows is transposed into a pixel-major buffer
/// (x·8 + row), so that one output pixel of all eight rows is a sum of <c>taps</c> broadcast-weight x
/// eight-lane multiply-adds, one <see cref="Vector256{T}"/> each; the result is transposed back. This
/// beats a per-pixel horizontal dot product, whose windows (7..13 taps for Lanczos-3 at 1..2x) are
/// too short and misaligned for SIMD.
/// Vertical pass: each output row is a weighted sum of whole intermediate rows, four vectors of
/// columns at a time.
/// </para>
/// <see cref="ResizeReference"/> is the scalar oracle.
/// </summary>
internal static class ResizeKernels
{
    private const int Lanes = 8;

    public static void Resize(ImageFrame source, ImageFrame target, KernelMap horizontal, KernelMap vertical,
        TransferFunction? transfer, IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        var channels = source.Channels;
        var sourceHeight = source.Height;
        var targetWidth = target.Width;
        var planeLength = sourceHeight * targetWidth;
        var intermediate = ArrayPool<float>.Shared.Rent(checked(channels * planeLength));
        try
        {
            HorizontalPass(source, intermediate, planeLength, horizontal, transfer, cancellationToken);
            progress?.Report(new AugmentProgress("resize", 0.5));
            VerticalPass(intermediate, planeLength, target, vertical, transfer, cancellationToken);
            progress?.Report(new AugmentProgress("resize", 1.0));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(intermediate);
        }
    }

    private static void HorizontalPass(ImageFrame source, float[] intermediate, int planeLength, KernelMap map,
        TransferFunction? transfer, CancellationToken cancellationToken)
    {
        var width = source.Width;
        var height = source.Height;
        var targetWidth = map.TargetLength;
        var strips = (height + Lanes - 1) / Lanes;
        var bands = Math.Min(strips, source.Budget.MaxThreads * 4);
        var stripsPerBand = (strips + bands - 1) / bands;
        bands = (strips + stripsPerBand - 1) / stripsPerBand;
        Parallel.For(0, bands, source.Budget.ToParallelOptions(cancellationToken), band =>
        {
            var rows = ArrayPool<float>.Shared.Rent(Lanes * width);
            var alphaRows = source.HasAlpha ? ArrayPool<float>.Shared.Rent(Lanes * width) : null;
            var pixelMajor = ArrayPool<float>.Shared.Rent(Lanes * width);
            var filtered = ArrayPool<float>.Shared.Rent(Lanes * targetWidth);
            try
            {
                var lastStrip = Math.Min(strips, (band + 1) * stripsPerBand);
                for (var strip = band * stripsPerBand; strip < lastStrip; strip++)
                {
                    var y0 = strip * Lanes;
                    var count = Math.Min(Lanes, height - y0);
                    if (alphaRows is not null)
                    {
                        for (var r = 0; r < count; r++)
                            source.Row(source.Channels - 1, y0 + r).CopyTo(alphaRows.AsSpan(r * width, width));
                    }
                    for (var c = 0; c < source.Channels; c++)
                    {
                        var isColour = c < source.ColorChannels;
                        for (var r = 0; r < count; r++)
                        {
                            var row = rows.AsSpan(r * width, width);
                            if (isColour && transfer is { } function)
                                TransferKernels.ToLinear(function, source.Row(c, y0 + r), row);
                            else
                                source.Row(c, y0 + r).CopyTo(row);
                            if (isColour && alphaRows is not null)
                                TensorPrimitives.Multiply(row, alphaRows.AsSpan(r * width, width), row);
                        }
                        var plane = intermediate.AsSpan(c * planeLength, planeLength);
                        if (map.IsIdentity)
                        {
                            for (var r = 0; r < count; r++)
                                rows.AsSpan(r * width, width).CopyTo(plane.Slice((y0 + r) * targetWidth, targetWidth));
                            continue;
                        }
                        ToPixelMajor(rows, width, count, pixelMajor);
                        FilterPixelMajor(pixelMajor, map, filtered);
                        FromPixelMajor(filtered, targetWidth, count, plane.Slice(y0 * targetWidth));
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(rows);
                if (alphaRows is not null)
                    ArrayPool<float>.Shared.Return(alphaRows);
                ArrayPool<float>.Shared.Return(pixelMajor);
                ArrayPool<float>.Shared.Return(filtered);
            }
        });
    }

    private static void VerticalPass(float[] intermediate, int planeLength, ImageFrame target, KernelMap map,
        TransferFunction? transfer, CancellationToken cancellationToken)
    {
        var width = target.Width;
        var colourChannels = target.ColorChannels;
        var alphaChannel = target.HasAlpha ? target.Channels - 1 : -1;
        RowBands.Run(target, (firstRow, endRow) =>
        {
            for (var y = firstRow; y < endRow; y++)
            {
                var first = map.Start[y];
                var weights = map.WeightsOf(y);
                Span<float> alpha = default;
                if (alphaChannel >= 0)
                {
                    alpha = target.Row(alphaChannel, y);
                    WeightedRowSum(intermediate.AsSpan(alphaChannel * planeLength, planeLength), width, first, weights, alpha);
                    // Ringing kernels overshoot; opacity outside 0..1 has no meaning.
                    TensorPrimitives.Clamp(alpha, 0f, 1f, alpha);
                }
                for (var c = 0; c < colourChannels; c++)
                {
                    var row = target.Row(c, y);
                    WeightedRowSum(intermediate.AsSpan(c * planeLength, planeLength), width, first, weights, row);
                    if (alphaChannel >= 0)
                        Unpremultiply(row, alpha);
                    if (transfer is { } function)
                        TransferKernels.FromLinear(function, row, row);
                }
            }
        }, cancellationToken);
    }

    /// <summary>rows (count x width, row-major) to pixel-major lanes: destination[x·8 + r]; missing rows are zero.</summary>
    private static void ToPixelMajor(float[] rows, int width, int count, float[] destination)
    {
        if (count < Lanes)
            destination.AsSpan(0, Lanes * width).Clear();
        for (var r = 0; r < count; r++)
        {
            var row = rows.AsSpan(r * width, width);
            for (int x = 0, i = r; x < row.Length; x++, i += Lanes)
                destination[i] = row[x];
        }
    }

    private static void FromPixelMajor(float[] source, int width, int count, Span<float> rows)
    {
        for (var r = 0; r < count; r++)
        {
            var row = rows.Slice(r * width, width);
            for (int x = 0, i = r; x < row.Length; x++, i += Lanes)
                row[x] = source[i];
        }
    }

    /// <summary>filtered[o·8 + r] = Σ_k w[o,k] · pixelMajor[(start[o] + k)·8 + r] for all eight rows at once.</summary>
    private static void FilterPixelMajor(float[] pixelMajor, KernelMap map, float[] filtered)
    {
        var taps = map.Taps;
        var start = map.Start;
        var weights = map.Weights;
        ref var input = ref MemoryMarshal.GetArrayDataReference(pixelMajor);
        ref var output = ref MemoryMarshal.GetArrayDataReference(filtered);
        ref var w = ref MemoryMarshal.GetArrayDataReference(weights);
        if (Vector256.IsHardwareAccelerated)
        {
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

    /// <summary>destination = Σ_k weights[k] · row(first + k) of <paramref name="plane"/> (rows of <paramref name="width"/>).</summary>
    internal static void WeightedRowSum(ReadOnlySpan<float> plane, int width, int first, ReadOnlySpan<float> weights, Span<float> destination)
    {
        var taps = weights.Length;
        if (taps == 1 && weights[0] == 1f)
        {
            plane.Slice(first * width, width).CopyTo(destination);
            return;
        }
        ref var top = ref Unsafe.Add(ref MemoryMarshal.GetReference(plane), first * width);
        ref var w = ref MemoryMarshal.GetReference(weights);
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
                ref var column = ref Unsafe.Add(ref top, x);
                for (var k = 0; k < taps; k++)
                {
                    var wk = Vector256.Create(Unsafe.Add(ref w, k));
                    ref var row = ref Unsafe.Add(ref column, (nint)k * width);
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
                ref var column = ref Unsafe.Add(ref top, x);
                for (var k = 0; k < taps; k++)
                    a = MultiplyAdd(Vector256.LoadUnsafe(ref Unsafe.Add(ref column, (nint)k * width)), Vector256.Create(Unsafe.Add(ref w, k)), a);
                a.StoreUnsafe(ref dst, (nuint)x);
            }
        }
        for (; x < width; x++)
        {
            var sum = 0f;
            for (var k = 0; k < taps; k++)
                sum += Unsafe.Add(ref w, k) * Unsafe.Add(ref top, ((nint)k * width) + x);
            Unsafe.Add(ref dst, x) = sum;
        }
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
