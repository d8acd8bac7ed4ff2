using System.Runtime.InteropServices;

namespace Augment.Vision;

/// <summary>Packs frames into the interleaved 16-bit RGB that raw video pipes carry.</summary>
internal static class RawFrameKernels
{
    /// <summary>
    /// Writes <paramref name="frame"/> as interleaved RGB, 0..1 to 0..65535 rounded (clamped; NaN to 0).
    /// Grey frames are replicated to three channels and alpha is dropped.
    /// </summary>
    public static void ToRgb48(ImageFrame frame, Span<ushort> destination)
    {
        var pixels = frame.PixelCount;
        if (destination.Length < pixels * 3)
            throw new ArgumentException("The destination is smaller than the frame.", nameof(destination));
        if (frame.Channels == 3)
        {
            // The common case goes through Core's SIMD interleave.
            frame.CopyPixelsTo(destination[..(pixels * 3)], PixelLayout.Rgb);
            return;
        }
        var grey = frame.ColorChannels == 1;
        ToRgb48Scalar(frame.Plane(0), grey ? frame.Plane(0) : frame.Plane(1), grey ? frame.Plane(0) : frame.Plane(2), destination);
    }

    /// <summary>Scalar interleave of three planes (also the reference for the SIMD path).</summary>
    public static void ToRgb48Scalar(ReadOnlySpan<float> r, ReadOnlySpan<float> g, ReadOnlySpan<float> b, Span<ushort> destination)
    {
        for (var i = 0; i < r.Length; i++)
        {
            destination[3 * i] = Quantize(r[i]);
            destination[(3 * i) + 1] = Quantize(g[i]);
            destination[(3 * i) + 2] = Quantize(b[i]);
        }
    }

    private static ushort Quantize(float value) =>
        float.IsNaN(value) ? (ushort)0 : (ushort)Math.Clamp(MathF.Round(value * 65535f, MidpointRounding.AwayFromZero), 0f, 65535f);

    /// <summary>Reinterprets a byte buffer as 16-bit samples (host byte order).</summary>
    public static Span<ushort> AsSamples(Span<byte> bytes) => MemoryMarshal.Cast<byte, ushort>(bytes);
}
