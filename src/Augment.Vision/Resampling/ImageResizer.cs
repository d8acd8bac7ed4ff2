using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;

namespace Augment.Vision;

/// <summary>
/// Resizes image files: load (applying the EXIF orientation, so width and height mean what a viewer
/// shows), resize, write atomically, keeping the print resolution and the embedded ICC profile.
/// </summary>
/// <example>
/// <code>
/// var result = ImageResizer.ResizeFile("IMG_0042.jpg", "web.jpg", new ResizeOptions { Width = 2048 });
/// </code>
/// </example>
public static class ImageResizer
{
    /// <summary>Resizes <paramref name="inputPath"/> into <paramref name="outputPath"/>.</summary>
    /// <param name="inputPath">Any image <see cref="ImageFile.Load(string, ImageDecodeOptions?)"/> reads; it is not modified.</param>
    /// <param name="outputPath">Destination; its format follows the extension unless <paramref name="saveOptions"/> names one.</param>
    /// <param name="options">Size, kernel, light.</param>
    /// <param name="saveOptions">Bit depth and quality; its <see cref="ImageSaveOptions.IccProfile"/> is replaced by the source's profile where the output can carry it.</param>
    /// <param name="dotsPerInch">When set, the resolution to write instead of the source's.</param>
    /// <param name="decodeOptions">Decode limits and budget; <see cref="ImageDecodeOptions.Default"/> when null.</param>
    /// <param name="progress">Receives "resize" fractions; optional.</param>
    /// <param name="cancellationToken">Cancels before the file is written.</param>
    /// <returns>The sizes, orientation, resolution and profile handling.</returns>
    /// <exception cref="UnsupportedFormatException">The input is not an image, or the output extension names no format.</exception>
    /// <exception cref="InvalidMediaException">The input is truncated or corrupt.</exception>
    /// <exception cref="ResourceLimitException">The input or output exceeds the decode limits or the memory budget.</exception>
    public static ResizedImageFile ResizeFile(string inputPath, string outputPath, ResizeOptions options, ImageSaveOptions? saveOptions = null,
        double? dotsPerInch = null, ImageDecodeOptions? decodeOptions = null, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputPath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        ArgumentNullException.ThrowIfNull(options);
        if (dotsPerInch is { } requested && (!double.IsFinite(requested) || requested <= 0))
            throw new ArgumentOutOfRangeException(nameof(dotsPerInch), requested, "Dots per inch must be a positive number.");
        saveOptions ??= ImageSaveOptions.Default;
        var format = saveOptions.Format ?? ImageFile.FormatFromExtension(outputPath);
        decodeOptions ??= ImageDecodeOptions.Default;

        using var source = ImageFile.Load(inputPath, decodeOptions);
        var profile = IccProfileIo.Read(inputPath);
        var orientation = decodeOptions.ApplyExifOrientation ? ReadOrientation(inputPath) : 1;
        using var resized = source.Resize(options, progress, cancellationToken);
        if (dotsPerInch is { } dpi)
            resized.DotsPerInch = dpi;
        var keep = profile is { Length: > 0 } && IccProfileIo.CanWrite(format);
        cancellationToken.ThrowIfCancellationRequested();
        ImageFile.Save(resized, outputPath, saveOptions with { Format = format, IccProfile = keep ? profile : default });
        return new ResizedImageFile(source.Width, source.Height, resized.Width, resized.Height, orientation, resized.DotsPerInch, profile?.Length ?? 0, keep);
    }

    private static int ReadOrientation(string path)
    {
        try
        {
            var exif = Image.Identify(path)?.Metadata.ExifProfile;
            if (exif?.GetValue(ExifTag.Orientation) is { } tag)
                return tag.Value;
        }
        catch (Exception ex) when (ex is ImageFormatException or InvalidImageContentException or NotSupportedException)
        {
            // Loading succeeded, so this is only the report; treat it as upright.
        }
        return 1;
    }
}
