using System.Runtime.InteropServices;

namespace Augment;

/// <summary>
/// Interleaved &lt;-&gt; planar sample kernels. The planar side holds <c>channels</c> runs of
/// <c>frames</c> samples. The scalar kernels are the reference the SIMD kernels are tested against.
/// </summary>
internal static class SampleKernels
{
    internal const float Inv32768 = 1f / 32768f;
    internal const float Inv2Pow31 = 1f / 2147483648f;

    // As in PixelKernels: check once, SIMD over whole blocks (1-4 channels by byte shuffles or AVX-512
    // permutes, more channels four at a time by 4x4 transposes), then the last frames with the scalar rule.

    public static void Deinterleave(ReadOnlySpan<float> src, Span<float> planes, int frames, int channels)
    {
        CheckArguments(src.Length, planes.Length, frames, channels);
        if (channels == 1)
        {
            src[..frames].CopyTo(planes);
            return;
        }
        var done = 0;
        if (PlanarSimd.IsAccelerated)
        {
            ref var s = ref PlanarSimd.AsBytes(src);
            ref var p = ref MemoryMarshal.GetReference(planes);
            done = channels <= 4
                ? PlanarSimd.Deinterleave<WidenToFloat.Float>(ref s, ref p, frames, frames, Identity[..channels])
                : PlanarSimd.DeinterleaveGroups<WidenToFloat.Float>(ref s, ref p, frames, frames, channels);
        }
        for (var c = 0; c < channels; c++)
            for (var i = done; i < frames; i++)
                planes[c * frames + i] = src[i * channels + c];
    }

    public static void Deinterleave(ReadOnlySpan<short> src, Span<float> planes, int frames, int channels)
    {
        CheckArguments(src.Length, planes.Length, frames, channels);
        var done = 0;
        if (PlanarSimd.IsAccelerated)
        {
            ref var s = ref PlanarSimd.AsBytes(src);
            ref var p = ref MemoryMarshal.GetReference(planes);
            done = channels <= 4
                ? PlanarSimd.Deinterleave<WidenToFloat.Pcm16>(ref s, ref p, frames, frames, Identity[..channels])
                : PlanarSimd.DeinterleaveGroups<WidenToFloat.Pcm16>(ref s, ref p, frames, frames, channels);
        }
        for (var c = 0; c < channels; c++)
            for (var i = done; i < frames; i++)
                planes[c * frames + i] = src[i * channels + c] * Inv32768;
    }

    public static void Deinterleave(ReadOnlySpan<int> src, Span<float> planes, int frames, int channels)
    {
        CheckArguments(src.Length, planes.Length, frames, channels);
        var done = 0;
        if (PlanarSimd.IsAccelerated)
        {
            ref var s = ref PlanarSimd.AsBytes(src);
            ref var p = ref MemoryMarshal.GetReference(planes);
            done = channels <= 4
                ? PlanarSimd.Deinterleave<WidenToFloat.Pcm32>(ref s, ref p, frames, frames, Identity[..channels])
                : PlanarSimd.DeinterleaveGroups<WidenToFloat.Pcm32>(ref s, ref p, frames, frames, channels);
        }
        for (var c = 0; c < channels; c++)
            for (var i = done; i < frames; i++)
                planes[c * frames + i] = src[i * channels + c] * Inv2Pow31;
    }

    public static void Interleave(ReadOnlySpan<float> planes, int frames, int channels, Span<float> dst)
    {
        CheckArguments(dst.Length, planes.Length, frames, channels);
        if (channels == 1)
        {
            planes[..frames].CopyTo(dst);
            return;
        }
        var done = 0;
        if (PlanarSimd.IsAccelerated)
        {
            ref var p = ref MemoryMarshal.GetReference(planes);
            ref var d = ref PlanarSimd.AsBytes(dst);
            done = channels <= 4
                ? PlanarSimd.Interleave<NarrowFromFloat.Float>(ref p, frames, ref d, frames, Identity[..channels])
                : PlanarSimd.InterleaveGroups<NarrowFromFloat.Float>(ref p, frames, ref d, frames, channels);
        }
        for (var c = 0; c < channels; c++)
            for (var i = done; i < frames; i++)
                dst[i * channels + c] = planes[c * frames + i];
    }

    public static void Interleave(ReadOnlySpan<float> planes, int frames, int channels, Span<short> dst)
    {
        CheckArguments(dst.Length, planes.Length, frames, channels);
        var done = 0;
        if (PlanarSimd.IsAccelerated)
        {
            ref var p = ref MemoryMarshal.GetReference(planes);
            ref var d = ref PlanarSimd.AsBytes(dst);
            done = channels <= 4
                ? PlanarSimd.Interleave<NarrowFromFloat.Pcm16>(ref p, frames, ref d, frames, Identity[..channels])
                : PlanarSimd.InterleaveGroups<NarrowFromFloat.Pcm16>(ref p, frames, ref d, frames, channels);
        }
        for (var c = 0; c < channels; c++)
            for (var i = done; i < frames; i++)
                dst[i * channels + c] = ToInt16(planes[c * frames + i]);
    }

    /// <summary>Throws unless both sides hold <c>frames * channels</c> samples.</summary>
    internal static void CheckArguments(int interleavedLength, int planesLength, int frames, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        var needed = (long)frames * channels;
        if (needed > interleavedLength)
            throw new ArgumentException($"{frames} frames of {channels} channels need {needed} interleaved samples; the span has {interleavedLength}.", nameof(interleavedLength));
        if (needed > planesLength)
            throw new ArgumentException($"{frames} frames of {channels} channels need {needed} planar samples; the span has {planesLength}.", nameof(planesLength));
    }

    // Plane k of interleaved channel k: the identity order for the 1..4-channel loops.
    private static ReadOnlySpan<int> Identity => [0, 1, 2, 3];

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
