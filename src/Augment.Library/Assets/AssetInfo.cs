namespace Augment.Library;

/// <summary>
/// The identity and technical metadata of one media file. <see cref="SizeBytes"/>, <see cref="ModifiedUtc"/> and
/// <see cref="ContentHash"/> decide whether a re-scan may skip the file.
/// </summary>
/// <param name="Path">Full path of the file, as the scan found it.</param>
/// <param name="Kind">Still image or video.</param>
/// <param name="SizeBytes">File size in bytes when scanned.</param>
/// <param name="ModifiedUtc">Last write time (UTC) when scanned.</param>
/// <param name="ContentHash">Lowercase hex digest of the file's content (see the scanner for what is hashed).</param>
public sealed record AssetInfo(string Path, AssetKind Kind, long SizeBytes, DateTime ModifiedUtc, string ContentHash)
{
    /// <summary>Picture width in pixels (0 when unknown).</summary>
    public int Width { get; init; }

    /// <summary>Picture height in pixels (0 when unknown).</summary>
    public int Height { get; init; }

    /// <summary>Duration of a video; zero for a still.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Frames per second of a video; 0 for a still or when unknown.</summary>
    public double FrameRate { get; init; }

    /// <summary>Codec or file format name (for example "h264", "jpeg"), when known.</summary>
    public string? Codec { get; init; }

    /// <summary>Start timecode (SMPTE HH:MM:SS:FF) a video carries, when it has one.</summary>
    public string? Timecode { get; init; }

    /// <summary>When the picture was captured (EXIF DateTimeOriginal, container creation time), when known.</summary>
    public DateTime? CapturedUtc { get; init; }
}
