namespace Augment.Vision;

/// <summary>
/// Limits and tools for <see cref="VideoFile.OpenRead"/> and <see cref="VideoFile.Probe"/>. The limits
/// are checked against the probed header before any frame is decoded, and again while reading.
/// </summary>
public sealed record VideoDecodeOptions
{
    private readonly long _maxPixelsPerFrame = ImageDecodeOptions.DefaultMaxPixels;
    private readonly long _maxFrames = long.MaxValue;

    /// <summary>The options used when none are given.</summary>
    public static VideoDecodeOptions Default { get; } = new();

    /// <summary>Most pixels (width x height) a frame may have; default 2^28. Larger videos fail with <see cref="ResourceLimitException"/>.</summary>
    public long MaxPixelsPerFrame
    {
        get => _maxPixelsPerFrame;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1L);
            _maxPixelsPerFrame = value;
        }
    }

    /// <summary>Most frames a reader returns; a video with more fails with <see cref="ResourceLimitException"/> (before decoding when the header gives the count). No limit by default.</summary>
    public long MaxFrames
    {
        get => _maxFrames;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1L);
            _maxFrames = value;
        }
    }

    /// <summary>Memory and thread budget: frames are allocated against it and ffmpeg gets its thread count. <see cref="ComputeBudget.Default"/> when null.</summary>
    public ComputeBudget? Budget { get; init; }

    /// <summary>
    /// The ffmpeg executable (or the folder holding ffmpeg and ffprobe). When null: the
    /// <c>AUGMENT_FFMPEG</c> environment variable, then the PATH.
    /// </summary>
    public string? FfmpegPath { get; init; }

    internal ImageDecodeOptions ToImageDecodeOptions() =>
        new() { MaxPixels = MaxPixelsPerFrame, MaxFrames = MaxFrames, Budget = Budget };
}
