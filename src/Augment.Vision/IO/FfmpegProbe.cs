using System.Globalization;
using System.Text.Json;

namespace Augment.Vision;

/// <summary>What ffprobe says about a file's first video stream, plus the colour tags the decoder needs.</summary>
internal sealed record FfmpegProbe(VideoInfo Info, string? ColorMatrix, string? ColorRange, bool IsRgb)
{
    /// <summary>Runs <c>ffprobe -show_streams -show_format</c> as JSON and reads the first video stream.</summary>
    /// <exception cref="InvalidMediaException">ffprobe fails (corrupt file) or the file has no video stream.</exception>
    public static FfmpegProbe Run(string path, string? ffmpegPath, CancellationToken cancellationToken = default)
    {
        var ffprobe = FfmpegLocator.RequireFfprobe(ffmpegPath);
        string[] arguments = ["-v", "error", "-print_format", "json", "-show_streams", "-show_format", Path.GetFullPath(path)];
        using var process = FfmpegProcess.Start(ffprobe, arguments, redirectInput: false, redirectOutput: true);
        using var registration = cancellationToken.Register(process.Kill);
        using var json = new MemoryStream();
        process.Output.CopyTo(json);
        var exit = process.WaitForExit();
        cancellationToken.ThrowIfCancellationRequested();
        if (exit != 0)
            throw new InvalidMediaException(path, -1, $"ffprobe cannot read it: {process.LastErrorLine}");
        json.Position = 0;
        try
        {
            using var document = JsonDocument.Parse(json);
            return Parse(path, document.RootElement);
        }
        catch (JsonException ex)
        {
            throw new InvalidMediaException($"'{path}': ffprobe's report could not be parsed ({ex.Message}).", ex);
        }
    }

    internal static FfmpegProbe Parse(string path, JsonElement root)
    {
        JsonElement? video = null;
        var hasAudio = false;
        if (root.TryGetProperty("streams", out var streams) && streams.ValueKind == JsonValueKind.Array)
        {
            foreach (var stream in streams.EnumerateArray())
            {
                var type = Text(stream, "codec_type");
                if (type == "video" && video is null && !IsAttachedPicture(stream))
                    video = stream;
                else if (type == "audio")
                    hasAudio = true;
            }
        }
        if (video is not { } v)
            throw new InvalidMediaException(path, -1, "it has no video stream.");

        var width = Integer(v, "width") ?? 0;
        var height = Integer(v, "height") ?? 0;
        if (width <= 0 || height <= 0)
            throw new InvalidMediaException(path, -1, "ffprobe reports no frame size for its video stream.");
        // ffmpeg turns frames upright by the display matrix (phone video), so a quarter turn swaps the size.
        if (Math.Abs(Rotation(v)) % 180 == 90)
            (width, height) = (height, width);
        var (rateNumerator, rateDenominator) = Rate(Text(v, "avg_frame_rate")) ?? Rate(Text(v, "r_frame_rate")) ?? (25, 1);
        var duration = Seconds(Text(v, "duration"))
            ?? (root.TryGetProperty("format", out var format) ? Seconds(Text(format, "duration")) : null);
        long? frames = long.TryParse(Text(v, "nb_frames"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
        var pixelFormat = Text(v, "pix_fmt");
        var bits = Integer(v, "bits_per_raw_sample") ?? BitsFromPixelFormat(pixelFormat);
        var transfer = Text(v, "color_transfer");
        var matrix = Text(v, "color_space");
        var colorSpace = transfer switch
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
            FrameCount = frames,
            Duration = duration is { } d ? TimeSpan.FromSeconds(d) : null,
            HasAudio = hasAudio,
            Codec = Text(v, "codec_name"),
            PixelFormat = pixelFormat,
            BitsPerChannel = bits is >= 8 and <= 16 ? bits : 8,
            ColorSpace = colorSpace,
        };
        var isRgb = matrix == "gbr" || (pixelFormat is not null && (pixelFormat.StartsWith("gbr", StringComparison.Ordinal)
            || pixelFormat.StartsWith("rgb", StringComparison.Ordinal) || pixelFormat.StartsWith("bgr", StringComparison.Ordinal)));
        return new FfmpegProbe(info, matrix, Text(v, "color_range"), isRgb);
    }

    /// <summary>Frames the probe promises: the container's count, else duration x rate (rounded down); null when neither is known.</summary>
    public long? ExpectedFrames =>
        Info.FrameCount ?? (Info.Duration is { } d && Info.FramesPerSecond > 0 ? (long)Math.Floor(d.TotalSeconds * Info.FramesPerSecond + 1e-6) : null);

    /// <summary>Rotation in degrees from the display-matrix side data (or the older <c>rotate</c> tag); 0 when none.</summary>
    internal static int Rotation(JsonElement stream)
    {
        if (stream.TryGetProperty("side_data_list", out var sideData) && sideData.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in sideData.EnumerateArray())
            {
                if (Integer(item, "rotation") is { } degrees)
                    return degrees;
            }
        }
        if (stream.TryGetProperty("tags", out var tags) && Integer(tags, "rotate") is { } tagged)
            return tagged;
        return 0;
    }

    private static bool IsAttachedPicture(JsonElement stream) =>
        stream.TryGetProperty("disposition", out var disposition)
        && disposition.TryGetProperty("attached_pic", out var attached)
        && attached.ValueKind == JsonValueKind.Number && attached.GetInt32() == 1;

    private static int BitsFromPixelFormat(string? pixelFormat) => pixelFormat switch
    {
        null => 8,
        _ when pixelFormat.Contains("p10", StringComparison.Ordinal) => 10,
        _ when pixelFormat.Contains("p12", StringComparison.Ordinal) => 12,
        _ when pixelFormat.Contains("p16", StringComparison.Ordinal) || pixelFormat.Contains("48", StringComparison.Ordinal) || pixelFormat.Contains("64", StringComparison.Ordinal) => 16,
        _ => 8,
    };

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Integer(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
            return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
            return number;
        return value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number) ? number : null;
    }

    private static double? Seconds(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) && seconds > 0 ? seconds : null;

    private static (int, int)? Rate(string? text)
    {
        if (text is null)
            return null;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0
            || !int.TryParse(text.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var numerator)
            || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var denominator)
            || numerator <= 0 || denominator <= 0)
            return null;
        return (numerator, denominator);
    }
}
