namespace Augment.Vision;

/// <summary>
/// How <see cref="ImageFile.Save(ImageFrame, string, ImageSaveOptions?)"/> encodes a frame. Samples
/// are clamped to 0..1 and rounded to the nearest 8- or 16-bit code; the colour values are written
/// as they are (no colour-space conversion).
/// </summary>
public sealed record ImageSaveOptions
{
    private readonly int _bitsPerChannel = 8;
    private readonly int _quality = 90;

    /// <summary>The options used when none are given: format from the extension, 8 bits, quality 90, lossy WebP.</summary>
    public static ImageSaveOptions Default { get; } = new();

    /// <summary>The container to write; when null it is chosen from the file extension.</summary>
    public ImageFileFormat? Format { get; init; }

    /// <summary>Bits per channel, 8 or 16. 16 is available for PNG and TIFF only.</summary>
    public int BitsPerChannel
    {
        get => _bitsPerChannel;
        init
        {
            if (value is not (8 or 16))
                throw new ArgumentOutOfRangeException(nameof(value), value, "Bits per channel must be 8 or 16.");
            _bitsPerChannel = value;
        }
    }

    /// <summary>Quality of lossy JPEG and WebP, 1 (smallest) to 100 (best).</summary>
    public int Quality
    {
        get => _quality;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 100);
            _quality = value;
        }
    }

    /// <summary>Whether WebP is written losslessly (exact 8-bit round trip). Ignored by other formats.</summary>
    public bool Lossless { get; init; }

    /// <summary>
    /// An ICC profile to embed byte for byte (empty, the default, embeds none). The pixels are written as
    /// they are: the profile should describe them (for example the profile of the file they were loaded
    /// from; see <see cref="ImageFile.ReadIccProfile"/>). JPEG (APP2) and PNG (iCCP) can carry one;
    /// asking for it with TIFF, WebP or BMP fails with <see cref="UnsupportedFormatException"/>.
    /// </summary>
    public ReadOnlyMemory<byte> IccProfile { get; init; }
}
