using SixLabors.ImageSharp.Metadata;

namespace Augment.Vision;

/// <summary>
/// <see cref="ImageFrame.DotsPerInch"/> to and from ImageSharp metadata, which the PNG (pHYs), JPEG
/// (JFIF density) and TIFF (XResolution/YResolution/ResolutionUnit) codecs read and write.
/// </summary>
internal static class PrintResolution
{
    // ImageSharp reports 96 pixels per inch for a file that states no resolution, so 96 cannot be
    // told from "unknown"; it reads as null, and a null frame is written as 96 again, so nothing changes.
    private const double ImageSharpDefault = 96.0;

    /// <summary>The horizontal resolution in pixels per inch, or null when the file states none (or only an aspect ratio).</summary>
    public static double? Read(ImageMetadata metadata)
    {
        var perInch = metadata.ResolutionUnits switch
        {
            PixelResolutionUnit.PixelsPerInch => metadata.HorizontalResolution,
            PixelResolutionUnit.PixelsPerCentimeter => metadata.HorizontalResolution * 2.54,
            PixelResolutionUnit.PixelsPerMeter => metadata.HorizontalResolution * 0.0254,
            _ => double.NaN,
        };
        if (!double.IsFinite(perInch) || perInch <= 0 || Math.Abs(perInch - ImageSharpDefault) < 0.05)
            return null;
        return perInch;
    }

    /// <summary>Stamps <paramref name="dotsPerInch"/> on the metadata (both axes); null leaves ImageSharp's default.</summary>
    public static void Write(ImageMetadata metadata, double? dotsPerInch)
    {
        if (dotsPerInch is not { } dpi)
            return;
        metadata.ResolutionUnits = PixelResolutionUnit.PixelsPerInch;
        metadata.HorizontalResolution = dpi;
        metadata.VerticalResolution = dpi;
    }
}
