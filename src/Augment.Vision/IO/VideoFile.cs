namespace Augment.Vision;

/// <summary>
/// Reads and writes video frame by frame in constant memory. Y4M (YUV4MPEG2) is handled natively;
/// every other container goes through the ffmpeg and ffprobe programs as a pipe of raw frames
/// (install ffmpeg, or point <see cref="VideoDecodeOptions.FfmpegPath"/> or <c>AUGMENT_FFMPEG</c> at it).
/// </summary>
/// <example>
/// <code>
/// using var reader = VideoFile.OpenRead("clip.mp4");
/// using var writer = VideoFile.Create("graded.mp4", reader.Info, new VideoEncodeOptions { AudioFrom = "clip.mp4" });
/// while (reader.ReadFrame() is { } frame)
///     using (frame) { frame.ApplyLutInPlace(lut); writer.WriteFrame(frame); }
/// writer.Complete();   // without it, disposing deletes the partial output
/// </code>
/// </example>
public static class VideoFile
{
    private static readonly string[] VideoExtensions = [".y4m", ".mp4", ".mov", ".m4v", ".mkv", ".webm", ".avi", ".mxf", ".ts"];

    /// <summary>Whether <paramref name="path"/>'s extension is a video container this class handles (.y4m .mp4 .mov .m4v .mkv .webm .avi .mxf .ts).</summary>
    /// <param name="path">A file name or path.</param>
    public static bool IsVideoPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var extension = Path.GetExtension(path);
        foreach (var candidate in VideoExtensions)
        {
            if (string.Equals(candidate, extension, StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }

    /// <summary>Whether <paramref name="path"/> is a Y4M file (read and written without ffmpeg).</summary>
    /// <param name="path">A file name or path.</param>
    public static bool IsY4mPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return string.Equals(Path.GetExtension(path), ".y4m", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Reads what a video declares without decoding frames: the Y4M header, or ffprobe's report.</summary>
    /// <param name="path">The video file.</param>
    /// <param name="options">Where ffmpeg is; the limits are not applied here.</param>
    /// <exception cref="InvalidMediaException">The file is corrupt or has no video stream.</exception>
    /// <exception cref="FfmpegNotFoundException">A non-Y4M file and no ffprobe.</exception>
    public static VideoInfo Probe(string path, VideoDecodeOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"'{path}' does not exist.", path);
        if (IsY4mPath(path))
        {
            using var reader = Y4mReader.Open(path);
            return reader.Info;
        }
        return FfmpegProbe.Run(path, options?.FfmpegPath).Info;
    }

    /// <summary>Opens a video for reading frame by frame: Y4M natively, anything else through ffmpeg.</summary>
    /// <param name="path">The video file.</param>
    /// <param name="options">Decode limits (checked against the header before decoding), budget, ffmpeg location.</param>
    /// <returns>A reader; frames come out as 3-channel RGB (tags: see <see cref="VideoInfo.ColorSpace"/>).</returns>
    /// <exception cref="InvalidMediaException">The file is corrupt.</exception>
    /// <exception cref="ResourceLimitException">Frames larger or more numerous than the limits allow.</exception>
    /// <exception cref="FfmpegNotFoundException">A non-Y4M file and no ffmpeg.</exception>
    public static IFrameReader OpenRead(string path, VideoDecodeOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"'{path}' does not exist.", path);
        options ??= VideoDecodeOptions.Default;
        return IsY4mPath(path)
            ? Y4mReader.Open(path, options.ToImageDecodeOptions())
            : FfmpegFrameReader.Open(path, options);
    }

    /// <summary>
    /// Creates a video writer: Y4M natively, anything else through ffmpeg with the container from the
    /// extension. Output goes to a temporary file that <see cref="IFrameWriter.Complete"/> moves into place.
    /// </summary>
    /// <param name="path">Destination; its folder must exist.</param>
    /// <param name="format">Size, frame rate and <see cref="VideoInfo.ColorSpace"/> (which sets the container's colour tags and YUV matrix); other fields are ignored.</param>
    /// <param name="options">Codec, quality, bit depth, audio source.</param>
    /// <exception cref="UnsupportedFormatException">The extension is not a video container.</exception>
    /// <exception cref="FfmpegNotFoundException">A non-Y4M destination and no ffmpeg.</exception>
    public static IFrameWriter Create(string path, VideoInfo format, VideoEncodeOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(format);
        ArgumentOutOfRangeException.ThrowIfLessThan(format.Width, 1, nameof(format));
        ArgumentOutOfRangeException.ThrowIfLessThan(format.Height, 1, nameof(format));
        options ??= VideoEncodeOptions.Default;
        var rateNumerator = format.FrameRateNumerator > 0 && format.FrameRateDenominator > 0 ? format.FrameRateNumerator : 25;
        var rateDenominator = format.FrameRateNumerator > 0 && format.FrameRateDenominator > 0 ? format.FrameRateDenominator : 1;
        format = format with { FrameRateNumerator = rateNumerator, FrameRateDenominator = rateDenominator };
        if (IsY4mPath(path))
            return Y4mWriter.Create(path, format.Width, format.Height, rateNumerator, rateDenominator, options.Chroma, options.BitsPerChannel);
        if (!IsVideoPath(path))
            throw new UnsupportedFormatException($"'{path}': not a video container VideoFile.Create writes (.y4m, .mp4, .m4v, .mov, .mkv, .webm, .avi, .mxf, .ts).");
        return FfmpegFrameWriter.Create(path, format, options);
    }
}
