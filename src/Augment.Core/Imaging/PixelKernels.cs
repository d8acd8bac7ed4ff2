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

    public static void Deinterleave(ReadOnlySpan<byte> src, Span<float> planes, int planeStride, int count, ReadOnlySpan<int> order) =>
        DeinterleaveScalar(src, planes, planeStride, count, order);

    public static void Deinterleave(ReadOnlySpan<ushort> src, Span<float> planes, int planeStride, int count, ReadOnlySpan<int> order) =>
        DeinterleaveScalar(src, planes, planeStride, count, order);

    public static void Deinterleave(ReadOnlySpan<float> src, Span<float> planes, int planeStride, int count, ReadOnlySpan<int> order) =>
        DeinterleaveScalar(src, planes, planeStride, count, order);

    public static void Interleave(ReadOnlySpan<float> planes, int planeStride, Span<byte> dst, int count, ReadOnlySpan<int> order) =>
        InterleaveScalar(planes, planeStride, dst, count, order);

    public static void Interleave(ReadOnlySpan<float> planes, int planeStride, Span<ushort> dst, int count, ReadOnlySpan<int> order) =>
        InterleaveScalar(planes, planeStride, dst, count, order);

    public static void Interleave(ReadOnlySpan<float> planes, int planeStride, Span<float> dst, int count, ReadOnlySpan<int> order) =>
        InterleaveScalar(planes, planeStride, dst, count, order);

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
