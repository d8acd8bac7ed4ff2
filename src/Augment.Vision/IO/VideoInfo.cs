namespace Augment.Vision;

/// <summary>
/// What a video declares: what <see cref="VideoFile.Probe"/> and <see cref="IFrameReader.Info"/>
/// report, and the format <see cref="VideoFile.Create"/> writes.
/// </summary>
public sealed record VideoInfo
{
    /// <summary>Frame width in pixels.</summary>
    public int Width { get; init; }

    /// <summary>Frame height in pixels.</summary>
    public int Height { get; init; }

    /// <summary>Frames per second = <see cref="FrameRateNumerator"/> / <see cref="FrameRateDenominator"/> (default 25/1).</summary>
    public int FrameRateNumerator { get; init; } = 25;

    /// <summary>See <see cref="FrameRateNumerator"/>.</summary>
    public int FrameRateDenominator { get; init; } = 1;

    /// <summary>Frames in the video when the container says so (or the file size gives it exactly); null when unknown.</summary>
    public long? FrameCount { get; init; }

    /// <summary>Duration when the container gives one.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Whether the file has at least one audio stream.</summary>
    public bool HasAudio { get; init; }

    /// <summary>Video codec name as ffmpeg spells it (<c>h264</c>, <c>hevc</c>, <c>ffv1</c>, <c>rawvideo</c> for Y4M); null when unknown.</summary>
    public string? Codec { get; init; }

    /// <summary>Stored pixel format as ffmpeg spells it (<c>yuv420p</c>, <c>yuv420p10le</c>, ...); null when unknown.</summary>
    public string? PixelFormat { get; init; }

    /// <summary>Significant bits per stored sample (8, 10, 12 or 16).</summary>
    public int BitsPerChannel { get; init; } = 8;

    /// <summary>
    /// What decoded frame values mean, and for a writer what the container is tagged with:
    /// <see cref="ColorSpace.Srgb"/> or <see cref="ColorSpace.Rec709"/> for SDR video (BT.709 primaries
    /// and matrix), <see cref="ColorSpace.Rec2020Pq"/> / <see cref="ColorSpace.Rec2020Hlg"/> for HDR.
    /// </summary>
    public ColorSpace ColorSpace { get; init; } = ColorSpace.Srgb;

    /// <summary>Frames per second as a number.</summary>
    public double FramesPerSecond => FrameRateDenominator > 0 ? (double)FrameRateNumerator / FrameRateDenominator : 0.0;
}
