using Augment.Provenance.Watermarks;
using Augment.Vision;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Processing;

namespace Augment.Cli.Commands;

/// <summary>
/// The image work behind <c>credentials sign</c> (Augment.Provenance decodes no images): the claim thumbnail, a JPEG
/// whose longer side is at most <see cref="ThumbnailSidePixels"/>, and embedding the invisible watermark before signing.
/// </summary>
internal static class CredentialsImages
{
    /// <summary>The thumbnail's longer side, in pixels (smaller images keep their size).</summary>
    public const int ThumbnailSidePixels = 1024;

    /// <summary>True when the bytes start like a JPEG or PNG (the image containers Augment signs).</summary>
    public static bool IsImage(ReadOnlySpan<byte> asset) =>
        (asset.Length >= 3 && asset[0] == 0xFF && asset[1] == 0xD8 && asset[2] == 0xFF)
        || (asset.Length >= 8 && asset[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]));

    /// <summary>True for the images a claim thumbnail is made of: JPEG, PNG and WebP (<c>RIFF....WEBP</c>).</summary>
    public static bool CanThumbnail(ReadOnlySpan<byte> asset) =>
        IsImage(asset)
        || (asset.Length >= 12 && asset[..4].SequenceEqual("RIFF"u8) && asset[8..12].SequenceEqual("WEBP"u8));

    /// <summary>A JPEG (quality 80) of the image, its longer side at most 1024 pixels.</summary>
    public static byte[] Thumbnail(byte[] image)
    {
        using var decoded = Image.Load(image);
        var longer = Math.Max(decoded.Width, decoded.Height);
        if (longer > ThumbnailSidePixels)
        {
            var scale = (double)ThumbnailSidePixels / longer;
            decoded.Mutate(x => x.Resize(Math.Max(1, (int)Math.Round(decoded.Width * scale)), Math.Max(1, (int)Math.Round(decoded.Height * scale))));
        }
        using var buffer = new MemoryStream();
        decoded.Save(buffer, new JpegEncoder { Quality = 80 });
        return buffer.ToArray();
    }

    /// <summary>The image with the watermark embedded, encoded again in its own format (JPEG at quality 95, PNG lossless).</summary>
    public static byte[] Watermark(byte[] image, string sourceName, WatermarkPayload payload, ImageWatermarkOptions? options)
    {
        var jpeg = image.Length >= 2 && image[0] == 0xFF && image[1] == 0xD8;
        using var input = new MemoryStream(image, writable: false);
        using var frame = ImageFile.Load(input, sourceName);
        using var marked = ImageWatermark.Embed(frame, payload, options);
        using var output = new MemoryStream();
        ImageFile.Save(marked, output, jpeg ? ImageFileFormat.Jpeg : ImageFileFormat.Png, new ImageSaveOptions { Quality = 95 });
        return output.ToArray();
    }
}
