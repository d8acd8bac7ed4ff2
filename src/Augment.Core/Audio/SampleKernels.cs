namespace Augment;

/// <summary>
/// Interleaved &lt;-&gt; planar sample kernels. The planar side holds <c>channels</c> runs of
/// <c>frames</c> samples. The scalar kernels are the reference the SIMD kernels are tested against.
/// </summary>
internal static class SampleKernels
{
    internal const float Inv32768 = 1f / 32768f;
    internal const float Inv2Pow31 = 1f / 2147483648f;

    public static void Deinterleave(ReadOnlySpan<float> src, Span<float> planes, int frames, int channels) =>
        DeinterleaveScalar(src, planes, frames, channels);

    public static void Deinterleave(ReadOnlySpan<short> src, Span<float> planes, int frames, int channels) =>
        DeinterleaveScalar(src, planes, frames, channels);

    public static void Deinterleave(ReadOnlySpan<int> src, Span<float> planes, int frames, int channels) =>
        DeinterleaveScalar(src, planes, frames, channels);

    public static void Interleave(ReadOnlySpan<float> planes, int frames, int channels, Span<float> dst) =>
        InterleaveScalar(planes, frames, channels, dst);

    public static void Interleave(ReadOnlySpan<float> planes, int frames, int channels, Span<short> dst) =>
        InterleaveScalar(planes, frames, channels, dst);

    // ---- Scalar references ----

    public static void DeinterleaveScalar(ReadOnlySpan<float> src, Span<float> planes, int frames, int channels)
    {
        for (var c = 0; c < channels; c++)
            for (var i = 0; i < frames; i++)
                planes[c * frames + i] = src[i * channels + c];
    }

    public static void DeinterleaveScalar(ReadOnlySpan<short> src, Span<float> planes, int frames, int channels)
    {
        for (var c = 0; c < channels; c++)
            for (var i = 0; i < frames; i++)
                planes[c * frames + i] = src[i * channels + c] * Inv32768;
    }

    public static void DeinterleaveScalar(ReadOnlySpan<int> src, Span<float> planes, int frames, int channels)
    {
        for (var c = 0; c < channels; c++)
            for (var i = 0; i < frames; i++)
                planes[c * frames + i] = src[i * channels + c] * Inv2Pow31;
    }

    public static void InterleaveScalar(ReadOnlySpan<float> planes, int frames, int channels, Span<float> dst)
    {
        for (var c = 0; c < channels; c++)
            for (var i = 0; i < frames; i++)
                dst[i * channels + c] = planes[c * frames + i];
    }

    public static void InterleaveScalar(ReadOnlySpan<float> planes, int frames, int channels, Span<short> dst)
    {
        for (var c = 0; c < channels; c++)
            for (var i = 0; i < frames; i++)
                dst[i * channels + c] = ToInt16(planes[c * frames + i]);
    }

    /// <summary>Scale by 32768, round half away from zero, clamp to the 16-bit range; NaN gives 0.</summary>
    internal static short ToInt16(float v)
    {
        if (float.IsNaN(v)) return 0;
        var scaled = MathF.Round(v * 32768f, MidpointRounding.AwayFromZero);
        return (short)Math.Clamp(scaled, -32768f, 32767f);
    }
}
