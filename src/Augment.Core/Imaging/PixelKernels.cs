using System.Runtime.InteropServices;

namespace Augment;

/// <summary>
/// Interleaved &lt;-&gt; planar pixel kernels. Each works on <c>count</c> pixels: the interleaved side
/// is a tight run of <c>count * order.Length</c> elements; the planar side starts at the first pixel
/// of plane 0, and plane p starts <c>p * planeStride</c> elements later. <c>order[k]</c> is the plane
/// that interleaved channel k belongs to.
/// The scalar kernels are the reference the SIMD kernels are tested against.
/// </summary>
internal static class PixelKernels
{
    internal const float Inv255 = 1f / 255f;
    internal const float Inv65535 = 1f / 65535f;

    // The dispatch methods check lengths once (the vector loops write through unchecked references),
    // run whole blocks with SIMD (PlanarSimd: 16-byte shuffles, AVX-512 permutes for floats) where the
    // hardware has byte shuffles, and finish the last few pixels with the scalar reference.

    public static void Deinterleave(ReadOnlySpan<byte> src, Span<float> planes, int planeStride, int count, ReadOnlySpan<int> order)
    {
        CheckArguments(src.Length, planes.Length, planeStride, count, order);
        var done = PlanarSimd.IsAccelerated
            ? PlanarSimd.Deinterleave<WidenToFloat.UnitByte>(ref MemoryMarshal.GetReference(src), ref MemoryMarshal.GetReference(planes), planeStride, count, order)
            : 0;
        if (done < count)
            DeinterleaveScalar(src[(done * order.Length)..], planes[done..], planeStride, count - done, order);
    }

    public static void Deinterleave(ReadOnlySpan<ushort> src, Span<float> planes, int planeStride, int count, ReadOnlySpan<int> order)
    {
        CheckArguments(src.Length, planes.Length, planeStride, count, order);
        var done = PlanarSimd.IsAccelerated
            ? PlanarSimd.Deinterleave<WidenToFloat.UnitUInt16>(ref PlanarSimd.AsBytes(src), ref MemoryMarshal.GetReference(planes), planeStride, count, order)
            : 0;
        if (done < count)
            DeinterleaveScalar(src[(done * order.Length)..], planes[done..], planeStride, count - done, order);
    }

    public static void Deinterleave(ReadOnlySpan<float> src, Span<float> planes, int planeStride, int count, ReadOnlySpan<int> order)
    {
        CheckArguments(src.Length, planes.Length, planeStride, count, order);
        if (order.Length == 1)
        {
            src[..count].CopyTo(planes.Slice(order[0] * planeStride, count));
            return;
        }
        var done = PlanarSimd.IsAccelerated
            ? PlanarSimd.Deinterleave<WidenToFloat.Float>(ref PlanarSimd.AsBytes(src), ref MemoryMarshal.GetReference(planes), planeStride, count, order)
            : 0;
        if (done < count)
            DeinterleaveScalar(src[(done * order.Length)..], planes[done..], planeStride, count - done, order);
    }

    public static void Interleave(ReadOnlySpan<float> planes, int planeStride, Span<byte> dst, int count, ReadOnlySpan<int> order)
    {
        CheckArguments(dst.Length, planes.Length, planeStride, count, order);
        var done = PlanarSimd.IsAccelerated
            ? PlanarSimd.Interleave<NarrowFromFloat.UnitByte>(ref MemoryMarshal.GetReference(planes), planeStride, ref MemoryMarshal.GetReference(dst), count, order)
            : 0;
        if (done < count)
            InterleaveScalar(planes[done..], planeStride, dst[(done * order.Length)..], count - done, order);
    }

    public static void Interleave(ReadOnlySpan<float> planes, int planeStride, Span<ushort> dst, int count, ReadOnlySpan<int> order)
    {
        CheckArguments(dst.Length, planes.Length, planeStride, count, order);
        var done = PlanarSimd.IsAccelerated
            ? PlanarSimd.Interleave<NarrowFromFloat.UnitUInt16>(ref MemoryMarshal.GetReference(planes), planeStride, ref PlanarSimd.AsBytes(dst), count, order)
            : 0;
        if (done < count)
            InterleaveScalar(planes[done..], planeStride, dst[(done * order.Length)..], count - done, order);
    }

    public static void Interleave(ReadOnlySpan<float> planes, int planeStride, Span<float> dst, int count, ReadOnlySpan<int> order)
    {
        CheckArguments(dst.Length, planes.Length, planeStride, count, order);
        if (order.Length == 1)
        {
            planes.Slice(order[0] * planeStride, count).CopyTo(dst);
            return;
        }
        var done = PlanarSimd.IsAccelerated
            ? PlanarSimd.Interleave<NarrowFromFloat.Float>(ref MemoryMarshal.GetReference(planes), planeStride, ref PlanarSimd.AsBytes(dst), count, order)
            : 0;
        if (done < count)
            InterleaveScalar(planes[done..], planeStride, dst[(done * order.Length)..], count - done, order);
    }

    /// <summary>
    /// Throws unless <paramref name="count"/> pixels fit both sides: the interleaved span holds
    /// <c>count * order.Length</c> elements and every plane named by <paramref name="order"/> holds
    /// <c>count</c> samples. Planes may not overlap (stride at least <paramref name="count"/>).
    /// </summary>
    internal static void CheckArguments(int interleavedLength, int planesLength, int planeStride, int count, ReadOnlySpan<int> order)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(planeStride);
        if (order.IsEmpty)
            throw new ArgumentException("A pixel needs at least one channel.", nameof(order));
        if (order.Length > 1 && planeStride < count)
            throw new ArgumentOutOfRangeException(nameof(planeStride), planeStride, $"Planes of {count} pixels overlap with a stride of {planeStride}.");
        var needed = (long)count * order.Length;
        if (needed > interleavedLength)
            throw new ArgumentException($"{count} pixels of {order.Length} channels need {needed} interleaved elements; the span has {interleavedLength}.", nameof(interleavedLength));
        foreach (var plane in order)
        {
            if (plane < 0 || (long)plane * planeStride + count > planesLength)
                throw new ArgumentException($"Plane {plane} of {count} pixels with stride {planeStride} does not fit in {planesLength} planar samples.", nameof(order));
        }
    }

    // ---- Scalar references ----

    public static void DeinterleaveScalar(ReadOnlySpan<byte> src, Span<float> planes, int planeStride, int count, ReadOnlySpan<int> order)
    {
        var channels = order.Length;
        for (var k = 0; k < channels; k++)
        {
            var offset = order[k] * planeStride;
            for (var i = 0; i < count; i++)
                planes[offset + i] = src[i * channels + k] * Inv255;
        }
    }

    public static void DeinterleaveScalar(ReadOnlySpan<ushort> src, Span<float> planes, int planeStride, int count, ReadOnlySpan<int> order)
    {
        var channels = order.Length;
        for (var k = 0; k < channels; k++)
        {
            var offset = order[k] * planeStride;
            for (var i = 0; i < count; i++)
                planes[offset + i] = src[i * channels + k] * Inv65535;
        }
    }

    public static void DeinterleaveScalar(ReadOnlySpan<float> src, Span<float> planes, int planeStride, int count, ReadOnlySpan<int> order)
    {
        var channels = order.Length;
        for (var k = 0; k < channels; k++)
        {
            var offset = order[k] * planeStride;
            for (var i = 0; i < count; i++)
                planes[offset + i] = src[i * channels + k];
        }
    }

    public static void InterleaveScalar(ReadOnlySpan<float> planes, int planeStride, Span<byte> dst, int count, ReadOnlySpan<int> order)
    {
        var channels = order.Length;
        for (var k = 0; k < channels; k++)
        {
            var offset = order[k] * planeStride;
            for (var i = 0; i < count; i++)
                dst[i * channels + k] = ToByte(planes[offset + i]);
        }
    }

    public static void InterleaveScalar(ReadOnlySpan<float> planes, int planeStride, Span<ushort> dst, int count, ReadOnlySpan<int> order)
    {
        var channels = order.Length;
        for (var k = 0; k < channels; k++)
        {
            var offset = order[k] * planeStride;
            for (var i = 0; i < count; i++)
                dst[i * channels + k] = ToUInt16(planes[offset + i]);
        }
    }

    public static void InterleaveScalar(ReadOnlySpan<float> planes, int planeStride, Span<float> dst, int count, ReadOnlySpan<int> order)
    {
        var channels = order.Length;
        for (var k = 0; k < channels; k++)
        {
            var offset = order[k] * planeStride;
            for (var i = 0; i < count; i++)
                dst[i * channels + k] = planes[offset + i];
        }
    }

    /// <summary>Clamp to 0..1, scale to 0..255, round half up; NaN gives 0.</summary>
    internal static byte ToByte(float v) =>
        v >= 0f ? (byte)(int)(MathF.Min(v, 1f) * 255f + 0.5f) : (byte)0;

    /// <summary>Clamp to 0..1, scale to 0..65535, round half up; NaN gives 0.</summary>
    internal static ushort ToUInt16(float v) =>
        v >= 0f ? (ushort)(int)(MathF.Min(v, 1f) * 65535f + 0.5f) : (ushort)0;
}
