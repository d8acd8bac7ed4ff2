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
        using var document = FfprobeJson.Run(ffprobe, path, cancellationToken);
        return Parse(path, document.RootElement);
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
                var isPicture = FfprobeJson.IsPicture(stream);
                if (isPicture && video is null)
                    video = stream;
                if (stream.TryGetProperty("tags", out var tags))
                {
                    timecode ??= FfprobeJson.Text(tags, "timecode");
                    if (isPicture)
                        created ??= Date(FfprobeJson.Text(tags, "creation_time"));
                }
            }
        }
        if (video is not { } v)
            throw new InvalidMediaException(path, -1, "it has no video stream.");
        if (root.TryGetProperty("format", out var format) && format.TryGetProperty("tags", out var formatTags))
        {
            timecode ??= FfprobeJson.Text(formatTags, "timecode");
            // The container's creation time is the file's, the stream's is often the encoder's: prefer the container.
            created = Date(FfprobeJson.Text(formatTags, "creation_time")) ?? created;
        }

        var (width, height) = FfprobeJson.UprightSize(path, v);
        var (rateNumerator, rateDenominator) = FfprobeJson.FrameRate(v);
        var seconds = FfprobeJson.DurationSeconds(root, v) ?? 0.0;
        var matrix = FfprobeJson.Text(v, "color_space");
        return new VideoMetadata(width, height, rateNumerator, rateDenominator, FfprobeJson.FrameCount(v), TimeSpan.FromSeconds(seconds),
            FfprobeJson.Text(v, "codec_name"), timecode, created)
        {
            ColorMatrix = matrix,
            ColorRange = FfprobeJson.Text(v, "color_range"),
            ColorTransfer = FfprobeJson.Text(v, "color_transfer"),
            IsRgb = FfprobeJson.IsRgb(matrix, FfprobeJson.Text(v, "pix_fmt")),
        };
    }

    private static DateTime? Date(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date.UtcDateTime : null;
}
