using System.Text.Json;

namespace Augment.Vision;

/// <summary>What ffprobe says about a file's first video stream, plus the colour tags the decoder needs.</summary>
internal sealed record FfmpegProbe(VideoInfo Info, string? ColorMatrix, string? ColorRange, bool IsRgb)
{
    /// <summary>Runs <c>ffprobe -show_streams -show_format</c> as JSON and reads the first video stream.</summary>
    /// <exception cref="InvalidMediaException">ffprobe fails (corrupt file) or the file has no video stream.</exception>
    public static FfmpegProbe Run(string path, string? ffmpegPath, CancellationToken cancellationToken = default)
    {
        using var document = FfprobeJson.Run(FfmpegLocator.RequireFfprobe(ffmpegPath), path, cancellationToken);
        return Parse(path, document.RootElement);
    }

    internal static FfmpegProbe Parse(string path, JsonElement root)
    {
        if (FfprobeJson.FirstPictureStream(root) is not { } v)
            throw new InvalidMediaException(path, -1, "it has no video stream.");
        var hasAudio = false;
        if (root.TryGetProperty("streams", out var streams) && streams.ValueKind == JsonValueKind.Array)
        {
            foreach (var stream in streams.EnumerateArray())
                hasAudio |= FfprobeJson.Text(stream, "codec_type") == "audio";
        }
        var (width, height) = FfprobeJson.UprightSize(path, v);
        var (rateNumerator, rateDenominator) = FfprobeJson.FrameRate(v);
        var duration = FfprobeJson.DurationSeconds(root, v);
        var pixelFormat = FfprobeJson.Text(v, "pix_fmt");
        var bits = FfprobeJson.Integer(v, "bits_per_raw_sample") ?? BitsFromPixelFormat(pixelFormat);
        var matrix = FfprobeJson.Text(v, "color_space");
        var colorSpace = FfprobeJson.Text(v, "color_transfer") switch
        {
            "smpte2084" => ColorSpace.Rec2020Pq,
            "arib-std-b67" => ColorSpace.Rec2020Hlg,
            _ => ColorSpace.Srgb,
        };
        var info = new VideoInfo
        {
            Width = width,
            Height = height,
            FrameRateNumerator = rateNumerator,
            FrameRateDenominator = rateDenominator,
            FrameCount = FfprobeJson.FrameCount(v),
            Duration = duration is { } d ? TimeSpan.FromSeconds(d) : null,
            HasAudio = hasAudio,
            Codec = FfprobeJson.Text(v, "codec_name"),
            PixelFormat = pixelFormat,
            BitsPerChannel = bits is >= 8 and <= 16 ? bits : 8,
            ColorSpace = colorSpace,
        };
        return new FfmpegProbe(info, matrix, FfprobeJson.Text(v, "color_range"), FfprobeJson.IsRgb(matrix, pixelFormat));
    }

    /// <summary>Frames the probe promises: the container's count, else duration x rate (rounded down); null when neither is known.</summary>
    public long? ExpectedFrames =>
        Info.FrameCount ?? (Info.Duration is { } d && Info.FramesPerSecond > 0 ? (long)Math.Floor(d.TotalSeconds * Info.FramesPerSecond + 1e-6) : null);

    private static int BitsFromPixelFormat(string? pixelFormat) => pixelFormat switch
    {
        null => 8,
        _ when pixelFormat.Contains("p10", StringComparison.Ordinal) => 10,
        _ when pixelFormat.Contains("p12", StringComparison.Ordinal) => 12,
        _ when pixelFormat.Contains("p16", StringComparison.Ordinal) || pixelFormat.Contains("48", StringComparison.Ordinal) || pixelFormat.Contains("64", StringComparison.Ordinal) => 16,
        _ => 8,
    };
}
