namespace Augment.Vision;

/// <summary>
/// Limits and choices for <see cref="ImageFile.Load(string, ImageDecodeOptions?)"/>. The limits are
/// checked against the header (before any pixel is decoded), so a small file that claims a huge
/// picture, a decompression bomb, is rejected without the allocation.
/// </summary>
public sealed record ImageDecodeOptions
{
    private readonly long _maxPixels = DefaultMaxPixels;
    private readonly long _maxFrames = long.MaxValue;

    /// <summary>Default <see cref="MaxPixels"/>: 268 435 456 (16384 x 16384).</summary>
    public const long DefaultMaxPixels = 1L << 28;

    /// <summary>The options used when none are given.</summary>
    public static ImageDecodeOptions Default { get; } = new();

    /// <summary>Most pixels (width x height) an image may declare; larger ones fail with <see cref="ResourceLimitException"/>.</summary>
    public long MaxPixels
    {
        get => _maxPixels;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1L);
            _maxPixels = value;
        }
    }

    /// <summary>
    /// Most frames a video reader (<see cref="Y4mReader"/>) returns; a stream with more fails with
    /// <see cref="ResourceLimitException"/> when the next frame is reached (or when opened, if the file
    /// size shows it). No limit by default; still images ignore it.
    /// </summary>
    public long MaxFrames
    {
        get => _maxFrames;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1L);
            _maxFrames = value;
        }
    }

    /// <summary>
    /// Whether to apply the EXIF orientation tag (rotate or mirror into display orientation, then reset
    /// the tag). True by default, so that pixels are where a viewer shows them.
    /// </summary>
    public bool ApplyExifOrientation { get; init; } = true;

    /// <summary>Memory and thread budget for the decoded frame; <see cref="ComputeBudget.Default"/> when null.</summary>
    public ComputeBudget? Budget { get; init; }
}
