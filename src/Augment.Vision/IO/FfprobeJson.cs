using System.Globalization;
using System.Text.Json;

namespace Augment.Vision;

/// <summary>
/// Running <c>ffprobe -show_streams -show_format</c> as JSON and reading its fields: shared by Vision's decoder probe
/// and the asset library's metadata probe, which read different things from the same report.
/// </summary>
internal static class FfprobeJson
{
    /// <summary>Runs ffprobe on <paramref name="path"/> and parses its report; the caller disposes the document.</summary>
    /// <exception cref="InvalidMediaException">ffprobe fails (corrupt file) or its report is not JSON.</exception>
    public static JsonDocument Run(string ffprobe, string path, CancellationToken cancellationToken)
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
            return JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new InvalidMediaException($"'{path}': ffprobe's report could not be parsed ({ex.Message}).", ex);
        }
    }

    /// <summary>The first picture stream (a video stream that is not an attached cover picture), or null.</summary>
    public static JsonElement? FirstPictureStream(JsonElement root)
    {
        if (root.TryGetProperty("streams", out var streams) && streams.ValueKind == JsonValueKind.Array)
        {
            foreach (var stream in streams.EnumerateArray())
            {
                if (IsPicture(stream))
                    return stream;
            }
        }
        return null;
    }

    /// <summary>A video stream that is not an attached picture (cover art).</summary>
    public static bool IsPicture(JsonElement stream) => Text(stream, "codec_type") == "video" && !IsAttachedPicture(stream);

    /// <summary>
    /// The picture size ffmpeg decodes to: width and height, swapped for a quarter-turn rotation (ffmpeg turns
    /// frames upright by the display matrix, as phone video needs).
    /// </summary>
    /// <exception cref="InvalidMediaException">The stream reports no positive size.</exception>
    public static (int Width, int Height) UprightSize(string path, JsonElement stream)
    {
        var width = Integer(stream, "width") ?? 0;
        var height = Integer(stream, "height") ?? 0;
        if (width <= 0 || height <= 0)
            throw new InvalidMediaException(path, -1, "ffprobe reports no frame size for its video stream.");
        return Math.Abs(Rotation(stream)) % 180 == 90 ? (height, width) : (width, height);
    }

    /// <summary>The average frame rate, else the base rate, else 25/1.</summary>
    public static (int Numerator, int Denominator) FrameRate(JsonElement stream) =>
        Rate(Text(stream, "avg_frame_rate")) ?? Rate(Text(stream, "r_frame_rate")) ?? (25, 1);

    /// <summary>The stream's duration in seconds, else the container's; null when neither is positive.</summary>
    public static double? DurationSeconds(JsonElement root, JsonElement stream) =>
        Seconds(Text(stream, "duration")) ?? (root.TryGetProperty("format", out var format) ? Seconds(Text(format, "duration")) : null);

    /// <summary>The container's frame count when it states a positive one.</summary>
    public static long? FrameCount(JsonElement stream) =>
        long.TryParse(Text(stream, "nb_frames"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;

    /// <summary>Whether the stream stores RGB (no YUV matrix to apply): matrix "gbr" or an RGB pixel format.</summary>
    public static bool IsRgb(string? matrix, string? pixelFormat) =>
        matrix == "gbr" || (pixelFormat is not null && (pixelFormat.StartsWith("gbr", StringComparison.Ordinal)
            || pixelFormat.StartsWith("rgb", StringComparison.Ordinal) || pixelFormat.StartsWith("bgr", StringComparison.Ordinal)));

    /// <summary>Rotation in degrees from the display-matrix side data (or the older <c>rotate</c> tag); 0 when none.</summary>
    public static int Rotation(JsonElement stream)
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

    /// <summary>A string field of an object, or null.</summary>
    public static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>An integer field, given as a number or as a string, or null.</summary>
    public static int? Integer(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
            return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
            return number;
        return value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number) ? number : null;
    }

    private static bool IsAttachedPicture(JsonElement stream) =>
        stream.TryGetProperty("disposition", out var disposition)
        && disposition.TryGetProperty("attached_pic", out var attached)
        && attached.ValueKind == JsonValueKind.Number && attached.GetInt32() == 1;

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
