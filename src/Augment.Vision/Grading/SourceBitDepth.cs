using SixLabors.ImageSharp;

namespace Augment.Vision;

/// <summary>Whether an image file stores 16 bits per channel, read from its header only.</summary>
internal static class SourceBitDepth
{
    public static bool IsSixteenBit(string path)
    {
        try
        {
            var info = Image.Identify(path);
            if (info is null)
                return false;
            var bits = info.PixelType.BitsPerPixel;
            // 16-bit grey (16), grey+alpha (32), RGB (48) and RGBA (64) have no 8-bit counterpart of the same width except 32 (8-bit RGBA).
            return bits is 16 or 48 or 64;
        }
        catch (Exception error) when (error is ImageFormatException or UnknownImageFormatException or NotSupportedException)
        {
            return false;
        }
    }
}
