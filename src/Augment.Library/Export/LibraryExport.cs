using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Augment.Library;

/// <summary>
/// Writes search results for other tools: CSV and JSON for spreadsheets and scripts, a CMX 3600 EDL that
/// editing systems import as a sequence of the matched ranges.
/// </summary>
public static class LibraryExport
{
    /// <summary>The most events a CMX 3600 list can number (three digits).</summary>
    public const int MaxEdlEvents = 999;

    private static readonly string[] CsvHeader =
        ["rank", "score", "path", "shot", "start_seconds", "end_seconds", "start_timecode", "end_timecode", "tags", "tag_score", "similarity", "width", "height"];

    /// <summary>
    /// Writes <paramref name="hits"/> to <paramref name="path"/> in <paramref name="format"/> (from the extension when
    /// null: .csv, .json, .edl). The file appears complete or not at all.
    /// </summary>
    /// <exception cref="ArgumentException">The format cannot be told from the extension, or an EDL would need more than 999 events.</exception>
    public static void Save(IReadOnlyList<LibraryHit> hits, string path, ExportFormat? format = null, EdlOptions? edl = null)
    {
        ArgumentNullException.ThrowIfNull(hits);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var chosen = format ?? FormatOf(path);
        if (chosen == ExportFormat.Edl && hits.Count > MaxEdlEvents)
            throw new ArgumentException($"An EDL holds at most {MaxEdlEvents} events; there are {hits.Count} results. Lower the limit or export CSV/JSON.", nameof(hits));
        AtomicFile.Write(path, stream =>
        {
            if (chosen == ExportFormat.Json)
            {
                WriteJson(hits, stream);
                return;
            }
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            if (chosen == ExportFormat.Csv)
                WriteCsv(hits, writer);
            else
                WriteEdl(hits, writer, edl);
        });
    }

    /// <summary>The format an extension names.</summary>
    /// <exception cref="ArgumentException">The extension is not .csv, .json or .edl.</exception>
    public static ExportFormat FormatOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" => ExportFormat.Csv,
            ".json" => ExportFormat.Json,
            ".edl" => ExportFormat.Edl,
            var other => throw new ArgumentException($"Cannot tell the export format from \"{other}\" in {path}: use .csv, .json or .edl.", nameof(path)),
        };
    }

    /// <summary>Writes one CSV row per result (RFC 4180 quoting, '.' decimals), after a header row.</summary>
    public static void WriteCsv(IReadOnlyList<LibraryHit> hits, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(hits);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(string.Join(',', CsvHeader));
        writer.Write("\r\n");
        var fields = new string[CsvHeader.Length];
        for (var i = 0; i < hits.Count; i++)
        {
            var hit = hits[i];
            var (startTc, endTc) = Timecodes(hit);
            fields[0] = Number(i + 1);
            fields[1] = Number(hit.Score);
            fields[2] = hit.Asset.Info.Path;
            fields[3] = Number(hit.Shot.Key.ShotIndex);
            fields[4] = Number(hit.Start.TotalSeconds);
            fields[5] = Number(hit.End.TotalSeconds);
            fields[6] = startTc;
            fields[7] = endTc;
            fields[8] = string.Join("; ", hit.MatchedTags);
            fields[9] = Number(hit.TagScore);
            fields[10] = Number(hit.Similarity);
            fields[11] = Number(hit.Asset.Info.Width);
            fields[12] = Number(hit.Asset.Info.Height);
            for (var f = 0; f < fields.Length; f++)
            {
                if (f > 0)
                    writer.Write(',');
                writer.Write(CsvField(fields[f]));
            }
            writer.Write("\r\n");
        }
        writer.Flush();
    }

    /// <summary>Writes a JSON array with one object per result (times in seconds and as timecode).</summary>
    public static void WriteJson(IReadOnlyList<LibraryHit> hits, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(hits);
        ArgumentNullException.ThrowIfNull(stream);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartArray();
        for (var i = 0; i < hits.Count; i++)
        {
            var hit = hits[i];
            var info = hit.Asset.Info;
            var (startTc, endTc) = Timecodes(hit);
            json.WriteStartObject();
            json.WriteNumber("rank", i + 1);
            json.WriteNumber("score", hit.Score);
            json.WriteString("path", info.Path);
            json.WriteString("kind", info.Kind == AssetKind.Video ? "video" : "image");
            json.WriteNumber("assetId", hit.Shot.Key.AssetId);
            json.WriteNumber("shot", hit.Shot.Key.ShotIndex);
            json.WriteNumber("start", hit.Start.TotalSeconds);
            json.WriteNumber("end", hit.End.TotalSeconds);
            if (startTc.Length > 0)
            {
                json.WriteString("startTimecode", startTc);
                json.WriteString("endTimecode", endTc);
            }
            json.WriteNumber("keyframe", hit.Shot.Keyframe.TotalSeconds);
            json.WriteStartArray("tags");
            foreach (var tag in hit.MatchedTags)
                json.WriteStringValue(tag);
            json.WriteEndArray();
            json.WriteNumber("tagScore", hit.TagScore);
            json.WriteNumber("similarity", hit.Similarity);
            json.WriteNumber("width", info.Width);
            json.WriteNumber("height", info.Height);
            json.WriteNumber("duration", info.Duration.TotalSeconds);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    /// <summary>
    /// Writes a CMX 3600 EDL: one video cut event per result, laid end to end on the record side from
    /// <see cref="EdlOptions.RecordStart"/>; source timecodes follow each file's own start timecode and rate (out points
    /// exclusive, as the format has them and as result ranges end); comment lines name the clip and its file.
    /// </summary>
    /// <exception cref="ArgumentException">More than 999 results.</exception>
    public static void WriteEdl(IReadOnlyList<LibraryHit> hits, TextWriter writer, EdlOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(hits);
        ArgumentNullException.ThrowIfNull(writer);
        options ??= new EdlOptions();
        if (hits.Count > MaxEdlEvents)
            throw new ArgumentException($"An EDL holds at most {MaxEdlEvents} events; there are {hits.Count} results.", nameof(hits));
        var timelineRate = options.FrameRate ?? FirstVideoRate(hits) ?? 25;
        var record = SmpteTimecode.Parse(options.RecordStart, timelineRate);
        writer.Write(Invariant($"TITLE: {Sanitize(options.Title)}\r\n"));
        writer.Write(record.DropFrame ? "FCM: DROP FRAME\r\n\r\n" : "FCM: NON-DROP FRAME\r\n\r\n");
        for (var i = 0; i < hits.Count; i++)
        {
            var hit = hits[i];
            var info = hit.Asset.Info;
            SmpteTimecode sourceIn, sourceOut;
            double seconds;
            if (info.Kind == AssetKind.Video && info.FrameRate >= 1)
            {
                var origin = StartOf(info);
                sourceIn = SmpteTimecode.FromTime(hit.Start, info.FrameRate, origin);
                // Ranges end just after their last frame, as EDL out points do.
                var end = SmpteTimecode.FromTime(hit.End, info.FrameRate, origin);
                var frames = Math.Max(end.Frames - sourceIn.Frames, (long)Math.Ceiling(options.MinimumDuration.TotalSeconds * info.FrameRate));
                sourceOut = sourceIn.AddFrames(frames);
                seconds = frames / info.FrameRate;
            }
            else
            {
                sourceIn = SmpteTimecode.FromTime(TimeSpan.Zero, timelineRate);
                sourceOut = SmpteTimecode.FromTime(options.StillDuration, timelineRate);
                seconds = options.StillDuration.TotalSeconds;
            }
            var recordFrames = Math.Max(1, (long)Math.Round(seconds * timelineRate, MidpointRounding.AwayFromZero));
            var recordOut = record.AddFrames(recordFrames);
            writer.Write(Invariant($"{i + 1:D3}  {"AX",-8} {"V",-5} {"C",-8} {sourceIn} {sourceOut} {record} {recordOut}\r\n"));
            writer.Write(Invariant($"* FROM CLIP NAME: {Sanitize(Path.GetFileName(info.Path))}\r\n"));
            writer.Write(Invariant($"* SOURCE FILE: {Sanitize(info.Path)}\r\n"));
            var tags = hit.MatchedTags.Count > 0 ? " TAGS " + Sanitize(string.Join(", ", hit.MatchedTags)) : "";
            writer.Write(Invariant($"* COMMENT: SHOT {hit.Shot.Key.ShotIndex} SCORE {hit.Score:F3}{tags}\r\n\r\n"));
            record = recordOut;
        }
        writer.Flush();
    }

    private static (string Start, string End) Timecodes(LibraryHit hit)
    {
        var info = hit.Asset.Info;
        if (info.Kind != AssetKind.Video || info.FrameRate < 1)
            return ("", "");
        var origin = StartOf(info);
        return (SmpteTimecode.FromTime(hit.Start, info.FrameRate, origin).ToString(),
            SmpteTimecode.FromTime(hit.End, info.FrameRate, origin).ToString());
    }

    // A file's own start timecode when it carries a readable one; a malformed tag falls back to zero.
    private static SmpteTimecode? StartOf(AssetInfo info)
    {
        if (string.IsNullOrWhiteSpace(info.Timecode))
            return null;
        try
        {
            return SmpteTimecode.Parse(info.Timecode, info.FrameRate);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static double? FirstVideoRate(IReadOnlyList<LibraryHit> hits)
    {
        foreach (var hit in hits)
            if (hit.Asset.Info.Kind == AssetKind.Video && hit.Asset.Info.FrameRate >= 1)
                return hit.Asset.Info.FrameRate;
        return null;
    }

    // EDL lines are line-oriented plain text: a newline in a file name must not start a new line.
    private static string Sanitize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
            builder.Append(char.IsControl(c) ? ' ' : c);
        return builder.ToString();
    }

    private static string CsvField(string value)
    {
        if (value.IndexOfAny([',', '"', '\r', '\n']) < 0)
            return value;
        return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Number(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
