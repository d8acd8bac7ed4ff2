using System.Globalization;
using System.Text;

namespace Augment.Cli.Demo.Media;

/// <summary>
/// Writes binary PPM (P6, Netpbm): a text header then raw 8-bit RGB. Every image viewer and ffmpeg
/// read it, and it needs no codec. Stop-gap: when Augment.Vision's codecs land, the demo writes PNG
/// through them and this class goes.
/// </summary>
internal static class PortablePixmap
{
    /// <summary>Writes <paramref name="rgb"/> (tightly packed rows) to <paramref name="path"/> atomically.</summary>
    public static void WriteRgb8(string path, ReadOnlySpan<byte> rgb, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var expected = (long)width * height * 3;
        if (rgb.Length != expected)
            throw new ArgumentException($"A {width}x{height} RGB picture has {expected} bytes; got {rgb.Length}.", nameof(rgb));
        var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"P6\n{width} {height}\n255\n"));
        var body = rgb.ToArray(); // the callback below cannot capture a span
        AtomicFile.Write(path, stream =>
        {
            stream.Write(header);
            stream.Write(body);
        });
    }

    /// <summary>Writes an RGB <see cref="ImageFrame"/> (values clamped to 0..1 and rounded to 8 bits).</summary>
    public static void Write(string path, ImageFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Channels != 3 || frame.HasAlpha)
            throw new ArgumentException($"PPM holds RGB; the frame has {frame.Channels} channels{(frame.HasAlpha ? " with alpha" : "")}.", nameof(frame));
        WriteRgb8(path, frame.ToPixels8(PixelLayout.Rgb), frame.Width, frame.Height);
    }
}
