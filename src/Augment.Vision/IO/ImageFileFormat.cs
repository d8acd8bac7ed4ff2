namespace Augment.Vision;

/// <summary>Still-image container formats that <see cref="ImageFile"/> writes (and reads).</summary>
public enum ImageFileFormat
{
    /// <summary>Portable Network Graphics: lossless, 8 or 16 bits per channel, alpha.</summary>
    Png,

    /// <summary>JPEG (JFIF): lossy, 8 bits per channel, no alpha.</summary>
    Jpeg,

    /// <summary>TIFF: lossless, 8 or 16 bits per channel.</summary>
    Tiff,

    /// <summary>WebP: lossless or lossy, 8 bits per channel, alpha.</summary>
    WebP,

    /// <summary>Windows bitmap: uncompressed, 8 bits per channel, alpha as 32-bit BGRA.</summary>
    Bmp,
}
