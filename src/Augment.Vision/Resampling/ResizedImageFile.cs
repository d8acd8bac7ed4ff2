namespace Augment.Vision;

/// <summary>What <see cref="ImageResizer.ResizeFile"/> did.</summary>
/// <param name="SourceWidth">Width of the source as displayed (after its EXIF orientation), pixels.</param>
/// <param name="SourceHeight">Height of the source as displayed, pixels.</param>
/// <param name="Width">Width of the written image, pixels.</param>
/// <param name="Height">Height of the written image, pixels.</param>
/// <param name="ExifOrientation">The source's EXIF orientation tag (1 = upright, or no tag), applied to the pixels before resizing; the output has none.</param>
/// <param name="DotsPerInch">The resolution written, or null for none stated.</param>
/// <param name="IccProfileBytes">Size of the source's embedded ICC profile, 0 when it had none.</param>
/// <param name="IccProfileKept">Whether that profile was embedded in the output (JPEG and PNG outputs can carry it).</param>
public sealed record ResizedImageFile(
    int SourceWidth,
    int SourceHeight,
    int Width,
    int Height,
    int ExifOrientation,
    double? DotsPerInch,
    int IccProfileBytes,
    bool IccProfileKept);
