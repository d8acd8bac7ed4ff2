namespace Augment.Vision;

/// <summary>
/// Loads and saves still images (PNG, JPEG, TIFF, WebP, BMP; GIF, TGA and PBM load too) as
/// <see cref="ImageFrame"/>s through ImageSharp. Loading detects the format from the content, checks
/// the declared size against <see cref="ImageDecodeOptions"/> before decoding, keeps 16-bit precision
/// and alpha, applies the EXIF orientation, reads the print resolution into
/// <see cref="ImageFrame.DotsPerInch"/> and tags the frame <see cref="ColorSpace.Srgb"/>. Saving writes the
/// resolution back (PNG pHYs, JPEG JFIF, TIFF) and goes through <see cref="AtomicFile"/>, so a failed save
/// leaves no partial file.
/// </summary>
/// <example>
/// <code>
/// using var frame = ImageFile.Load("hero.jpg");
/// frame.Save("hero.png", new ImageSaveOptions { BitsPerChannel = 16 });
/// </code>
/// </example>
public static class ImageFile
{
    /// <summary>Decodes an image file into a new RGB or RGBA frame (0..1 samples, sRGB).</summary>
    /// <param name="path">The file to read; it is not modified.</param>
    /// <param name="options">Decode limits; <see cref="ImageDecodeOptions.Default"/> when null.</param>
    /// <returns>A frame the caller disposes.</returns>
    /// <exception cref="UnsupportedFormatException">The content is not an image format that can be read.</exception>
    /// <exception cref="InvalidMediaException">The file is truncated or corrupt.</exception>
    /// <exception cref="ResourceLimitException">The declared size exceeds a decode limit or the memory budget.</exception>
    public static ImageFrame Load(string path, ImageDecodeOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return ImageDecoding.Decode(stream, path, options ?? ImageDecodeOptions.Default);
    }

    /// <summary>Decodes an image from a stream, starting at its current position.</summary>
    /// <param name="stream">The encoded image; a stream that cannot seek is buffered in memory first.</param>
    /// <param name="sourceName">A name for error messages (file name or URL); "stream" when null.</param>
    /// <param name="options">Decode limits; <see cref="ImageDecodeOptions.Default"/> when null.</param>
    /// <inheritdoc cref="Load(string, ImageDecodeOptions?)" path="/exception"/>
    public static ImageFrame Load(Stream stream, string? sourceName = null, ImageDecodeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var name = sourceName ?? "stream";
        options ??= ImageDecodeOptions.Default;
        if (stream.CanSeek)
            return ImageDecoding.Decode(stream, name, options);
        // Identify-then-decode reads the header twice, which needs a seekable stream.
        using var buffered = new MemoryStream();
        stream.CopyTo(buffered);
        buffered.Position = 0;
        return ImageDecoding.Decode(buffered, name, options);
    }

    /// <summary>
    /// Encodes <paramref name="frame"/> to <paramref name="path"/>, choosing the format from
    /// <see cref="ImageSaveOptions.Format"/> or else the extension. The file appears only when the
    /// whole image was written; the frame is not modified.
    /// </summary>
    /// <param name="frame">1 (grey), 2 (grey + alpha), 3 (RGB) or 4 (RGBA) channels.</param>
    /// <param name="path">Destination; its folder must exist. An existing file is replaced.</param>
    /// <param name="options">Format, bit depth and quality; <see cref="ImageSaveOptions.Default"/> when null.</param>
    /// <exception cref="UnsupportedFormatException">The extension is unknown, or the format cannot hold the requested bit depth or alpha.</exception>
    public static void Save(ImageFrame frame, string path, ImageSaveOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= ImageSaveOptions.Default;
        var format = options.Format ?? FormatFromExtension(path);
        // Build the encoder and the image before touching the disk, so that invalid requests write nothing.
        var encoder = ImageEncoding.EncoderFor(format, options, frame, path);
        AtomicFile.Write(path, stream => ImageEncoding.Write(frame, stream, encoder, format, options));
    }

    /// <summary>Encodes <paramref name="frame"/> to a stream in <paramref name="format"/>.</summary>
    /// <param name="frame">1 (grey), 2 (grey + alpha), 3 (RGB) or 4 (RGBA) channels.</param>
    /// <param name="stream">Where the encoded bytes go, from its current position.</param>
    /// <param name="format">The container to write.</param>
    /// <param name="options">Bit depth and quality (its <see cref="ImageSaveOptions.Format"/> is ignored).</param>
    /// <exception cref="UnsupportedFormatException">The format cannot hold the requested bit depth or alpha.</exception>
    public static void Save(ImageFrame frame, Stream stream, ImageFileFormat format, ImageSaveOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(stream);
        options ??= ImageSaveOptions.Default;
        var encoder = ImageEncoding.EncoderFor(format, options, frame, "stream");
        ImageEncoding.Write(frame, stream, encoder, format, options);
    }

    /// <summary>
    /// The ICC profile embedded in an image file (JPEG APP2, PNG iCCP), byte for byte, or null when it has
    /// none. <see cref="Load(string, ImageDecodeOptions?)"/> does not apply profiles (it tags every frame
    /// sRGB); pass this to <see cref="ImageSaveOptions.IccProfile"/> to keep a file's profile when the
    /// pixels keep their meaning (a resize, a crop).
    /// </summary>
    /// <param name="path">The image file; it is not modified.</param>
    public static byte[]? ReadIccProfile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return IccProfileIo.Read(path);
    }

    /// <summary>The format a file extension names (.png, .jpg/.jpeg, .tif/.tiff, .webp, .bmp).</summary>
    /// <param name="path">A file name or path.</param>
    /// <exception cref="UnsupportedFormatException">The extension names no format this class writes.</exception>
    public static ImageFileFormat FormatFromExtension(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var extension = Path.GetExtension(path).ToUpperInvariant();
        return extension switch
        {
            ".PNG" => ImageFileFormat.Png,
            ".JPG" or ".JPEG" or ".JPE" or ".JFIF" => ImageFileFormat.Jpeg,
            ".TIF" or ".TIFF" => ImageFileFormat.Tiff,
            ".WEBP" => ImageFileFormat.WebP,
            ".BMP" or ".DIB" => ImageFileFormat.Bmp,
            _ => throw new UnsupportedFormatException(
                $"'{path}': cannot choose an image format from the extension '{extension}'; use .png, .jpg, .tif, .webp or .bmp, or set ImageSaveOptions.Format."),
        };
    }
}
