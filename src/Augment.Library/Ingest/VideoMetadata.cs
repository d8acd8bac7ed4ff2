using Augment.Vision;
using System.Globalization;
using System.Text.Json;

namespace Augment.Library;

/// <summary>
/// What ffprobe reports about a video's first picture stream, including what Vision's probe does not read: the
/// start timecode (a <c>timecode</c> tag on the stream, a tmcd data stream or the container) and the container's
/// <c>creation_time</c>.
/// </summary>
internal sealed record VideoMetadata(int Width, int Height, int FrameRateNumerator, int FrameRateDenominator, long? FrameCount,
    TimeSpan Duration, string? Codec, string? Timecode, DateTime? CreatedUtc)
{
    /// <summary>The stream's <c>color_space</c> tag (YUV matrix), when tagged.</summary>
    public string? ColorMatrix { get; init; }

    /// <summary>The stream's <c>color_range</c> tag, when tagged.</summary>
    public string? ColorRange { get; init; }

    /// <summary>The stream's <c>color_transfer</c> tag, when tagged.</summary>
    public string? ColorTransfer { get; init; }

    /// <summary>Whether the stream stores RGB (no YUV matrix to apply).</summary>
    public bool IsRgb { get; init; }

    /// <summary>
    /// The swscale input options that turn this stream's YUV into RGB the way its tags say, as Vision's decoder does:
    /// the tagged matrix, else BT.709 (BT.2020 for PQ/HLG), which is what players assume for untagged video; the
    /// tagged range, else limited ("tv"). Empty for RGB streams.
    /// </summary>
    public string ScaleColorOptions()
    {
        if (IsRgb)
            return "";
        var matrix = ColorMatrix switch
        {
            "bt709" => "bt709",
            "bt470bg" or "smpte170m" => "bt601",
            "bt2020nc" or "bt2020c" => "bt2020",
            "fcc" => "fcc",
            "smpte240m" => "smpte240m",
            _ => ColorTransfer is "smpte2084" or "arib-std-b67" ? "bt2020" : "bt709",
        };
        var range = ColorRange is "pc" or "jpeg" ? "pc" : "tv";
        return $":in_color_matrix={matrix}:in_range={range}";
    }

    public double FramesPerSecond => FrameRateDenominator > 0 ? (double)FrameRateNumerator / FrameRateDenominator : 0.0;

    /// <summary>Runs <c>ffprobe -show_streams -show_format</c> as JSON.</summary>
    /// <exception cref="InvalidMediaException">ffprobe cannot read the file, or it has no video stream.</exception>
    public static VideoMetadata Probe(string ffprobe, string path, CancellationToken cancellationToken)
    {
        string[] arguments = ["-v", "error", "-print_format", "json", "-show_streams", "-show_format", Path.GetFullPath(path)];
        using var process = FfmpegProcess.Start(ffprobe, arguments, redirectInput: false, redirectOutput: true);
        using var registration = cancellationToken.Register(process.Kill);
        using var json = new MemoryStream();
        process.Output.CopyTo(json);
        var exit = process.WaitForExit();
        cancellationToken.ThrowIfCancellationRequested();
        if (exit != 0)
            throw new InvalidMediaException(path, -1, $"ffprobe cannot read it: {process.LastErrors}");
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

    internal static VideoMetadata Parse(string path, JsonElement root)
    {
        JsonElement? video = null;
        string? timecode = null;
        DateTime? created = null;
        if (root.TryGetProperty("streams", out var streams) && streams.ValueKind == JsonValueKind.Array)
        {
            foreach (var stream in streams.EnumerateArray())
            {
                var isPicture = Text(stream, "codec_type") == "video" && !IsAttachedPicture(stream);
                if (isPicture && video is null)
                    video = stream;
                if (stream.TryGetProperty("tags", out var tags))
                {
                    timecode ??= Text(tags, "timecode");
                    if (isPicture)
                        created ??= Date(Text(tags, "creation_time"));
                }
            }
        }
        if (video is not { } v)
            throw new InvalidMediaException(path, -1, "it has no video stream.");
        if (root.TryGetProperty("format", out var format) && format.TryGetProperty("tags", out var formatTags))
        {
            timecode ??= Text(formatTags, "timecode");
            // The container's creation time is the file's, the stream's is often the encoder's: prefer the container.
            created = Date(Text(formatTags, "creation_time")) ?? created;
        }

        var width = Integer(v, "width") ?? 0;
        var height = Integer(v, "height") ?? 0;
        if (width <= 0 || height <= 0)
            throw new InvalidMediaException(path, -1, "ffprobe reports no frame size for its video stream.");
        // ffmpeg turns frames upright by the display matrix (phone video), so a quarter turn swaps the size.
        if (Math.Abs(Rotation(v)) % 180 == 90)
            (width, height) = (height, width);
        var (rateNumerator, rateDenominator) = Rate(Text(v, "avg_frame_rate")) ?? Rate(Text(v, "r_frame_rate")) ?? (25, 1);
        var seconds = Seconds(Text(v, "duration")) ?? (root.TryGetProperty("format", out var f) ? Seconds(Text(f, "duration")) : null) ?? 0.0;
        long? frames = long.TryParse(Text(v, "nb_frames"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
        var pixelFormat = Text(v, "pix_fmt");
        var matrix = Text(v, "color_space");
        return new VideoMetadata(width, height, rateNumerator, rateDenominator, frames, TimeSpan.FromSeconds(seconds), Text(v, "codec_name"), timecode, created)
        {
            ColorMatrix = matrix,
            ColorRange = Text(v, "color_range"),
            ColorTransfer = Text(v, "color_transfer"),
            IsRgb = matrix == "gbr" || (pixelFormat is not null && (pixelFormat.StartsWith("gbr", StringComparison.Ordinal)
                || pixelFormat.StartsWith("rgb", StringComparison.Ordinal) || pixelFormat.StartsWith("bgr", StringComparison.Ordinal))),
        };
    }

    private static int Rotation(JsonElement stream)
    {
        if (stream.TryGetProperty("side_data_list", out var sideData) && sideData.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in sideData.EnumerateArray())
            {
                if (Integer(item, "rotation") is { } degrees)
                    return degrees;
            }
        }
        return stream.TryGetProperty("tags", out var tags) && Integer(tags, "rotate") is { } tagged ? tagged : 0;
    }

    private static bool IsAttachedPicture(JsonElement stream) =>
        stream.TryGetProperty("disposition", out var disposition)
        && disposition.TryGetProperty("attached_pic", out var attached)
        && attached.ValueKind == JsonValueKind.Number && attached.GetInt32() == 1;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

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

    private static DateTime? Date(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date.UtcDateTime : null;

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
