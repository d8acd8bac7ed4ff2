using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Augment.Vision;
using Microsoft.VisualBasic.FileIO;

namespace Augment.Library.Tests.Export;

public sealed class LibraryExportTests
{
    private static LibraryHit Hit(long id, string path, AssetKind kind, double rate, string? timecode, double start, double end,
        float score, params string[] tags)
    {
        var info = new AssetInfo(path, kind, 1000, new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), "ab")
        {
            Width = 1920,
            Height = 1080,
            FrameRate = rate,
            Duration = kind == AssetKind.Video ? TimeSpan.FromSeconds(60) : TimeSpan.Zero,
            Timecode = timecode,
        };
        var asset = new StoredAsset(id, info, DateTime.UtcNow, null, new Dictionary<string, string>());
        var shot = new StoredShot(new ShotKey(id, 3), TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(end), TimeSpan.FromSeconds(start), ShotTransition.Cut, null);
        return new LibraryHit(asset, shot, score, shot.Start, shot.End, tags) { TagScore = score, Similarity = 0.25f };
    }

    private static readonly LibraryHit[] Hits =
    [
        Hit(1, "/media/a, \"quoted\".mp4", AssetKind.Video, 25, "10:00:00:00", 2.0, 5.0, 0.9f, "red car", "sunset"),
        Hit(2, "/media/b.mov", AssetKind.Video, 30000.0 / 1001, null, 59.0, 61.0, 0.5f, "sunset"),
        Hit(3, "/media/still.jpg", AssetKind.Image, 0, null, 0, 0, 0.25f),
    ];

    [Fact]
    public void Csv_reads_back_field_for_field_in_an_independent_rfc4180_parser()
    {
        var text = new StringWriter();
        LibraryExport.WriteCsv(Hits, text);
        using var parser = new TextFieldParser(new StringReader(text.ToString())) { HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        var header = parser.ReadFields()!;
        Assert.Equal("rank", header[0]);
        var rows = new List<string[]>();
        while (!parser.EndOfData)
            rows.Add(parser.ReadFields()!);
        Assert.Equal(3, rows.Count);
        Assert.Equal("/media/a, \"quoted\".mp4", rows[0][Array.IndexOf(header, "path")]);
        Assert.Equal("10:00:02:00", rows[0][Array.IndexOf(header, "start_timecode")]);
        Assert.Equal("10:00:05:00", rows[0][Array.IndexOf(header, "end_timecode")]);
        Assert.Equal("red car; sunset", rows[0][Array.IndexOf(header, "tags")]);
        Assert.Equal(0.9f, float.Parse(rows[0][Array.IndexOf(header, "score")], System.Globalization.CultureInfo.InvariantCulture));
        // 59 s at 29.97 is frame 1768 = 00:00:58;28 in drop-frame counting (no minute boundary crossed yet).
        Assert.Equal("00:00:58;28", rows[1][Array.IndexOf(header, "start_timecode")]);
        Assert.Equal("", rows[2][Array.IndexOf(header, "start_timecode")]);
    }

    [Fact]
    public void Json_is_an_array_of_results_with_times_in_seconds()
    {
        using var stream = new MemoryStream();
        LibraryExport.WriteJson(Hits, stream);
        using var document = JsonDocument.Parse(stream.ToArray());
        var items = document.RootElement.EnumerateArray().ToArray();
        Assert.Equal(3, items.Length);
        Assert.Equal("/media/a, \"quoted\".mp4", items[0].GetProperty("path").GetString());
        Assert.Equal(2.0, items[0].GetProperty("start").GetDouble());
        Assert.Equal(["red car", "sunset"], items[0].GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToArray());
        Assert.Equal("image", items[2].GetProperty("kind").GetString());
        Assert.False(items[2].TryGetProperty("startTimecode", out _));
    }

    // CMX 3600 event lines: number, reel, track, transition, then source in/out and record in/out.
    private static readonly Regex EventLine = new(
        @"^(\d{3})  (.{8}) (.{5}) (.{8}) (\d\d:\d\d:\d\d[:;]\d\d) (\d\d:\d\d:\d\d[:;]\d\d) (\d\d:\d\d:\d\d[:;]\d\d) (\d\d:\d\d:\d\d[:;]\d\d)$");

    [Fact]
    public void Edl_lays_results_end_to_end_with_exclusive_out_points()
    {
        var text = new StringWriter();
        LibraryExport.WriteEdl(Hits, text, new EdlOptions { FrameRate = 25 });
        var lines = text.ToString().Split("\r\n");
        Assert.Equal("TITLE: Augment search results", lines[0]);
        Assert.Equal("FCM: NON-DROP FRAME", lines[1]);
        var events = lines.Select(l => EventLine.Match(l)).Where(m => m.Success).ToArray();
        Assert.Equal(3, events.Length);
        Assert.Equal(["001", "002", "003"], events.Select(e => e.Groups[1].Value).ToArray());
        Assert.All(events, e => Assert.Equal("AX      ", e.Groups[2].Value));
        Assert.All(events, e => Assert.Equal("V    ", e.Groups[3].Value));
        // 2.00 s .. 5.00 s (exclusive) at 25 fps: frames 50..124, out point frame 125 = 10:00:05:00.
        Assert.Equal("10:00:02:00", events[0].Groups[5].Value);
        Assert.Equal("10:00:05:00", events[0].Groups[6].Value);
        Assert.Equal("01:00:00:00", events[0].Groups[7].Value);
        Assert.Equal("01:00:03:00", events[0].Groups[8].Value);
        // Each event starts where the previous one ended on the record side.
        for (var i = 1; i < events.Length; i++)
            Assert.Equal(events[i - 1].Groups[8].Value, events[i].Groups[7].Value);
        // The 29.97 source keeps drop-frame timecode; 59 s..61 s is frames 1768..1827, out point 1828: frame 1800
        // shows as 00:01:00;02 (;00 and ;01 skipped), so 1828 is 28 numbers later, 00:01:01;00.
        Assert.Equal("00:00:58;28", events[1].Groups[5].Value);
        Assert.Equal("00:01:01;00", events[1].Groups[6].Value);
        Assert.Contains("* FROM CLIP NAME: still.jpg", lines);
        Assert.Contains(lines, l => l.StartsWith("* COMMENT: SHOT 3 SCORE 0.900 TAGS red car, sunset", StringComparison.Ordinal));
    }

    [Fact]
    public void Edl_refuses_more_events_than_three_digits_can_number()
    {
        var many = Enumerable.Repeat(Hits[0], LibraryExport.MaxEdlEvents + 1).ToArray();
        var error = Assert.Throws<ArgumentException>(() => LibraryExport.WriteEdl(many, new StringWriter()));
        Assert.Contains("999", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Edl_comment_lines_cannot_be_broken_by_a_newline_in_a_file_name()
    {
        var hostile = Hit(9, "/media/evil\r\n001  AX V C.mp4", AssetKind.Video, 25, null, 0, 1, 1f);
        var text = new StringWriter();
        LibraryExport.WriteEdl([hostile], text);
        Assert.Single(text.ToString().Split("\r\n"), l => EventLine.IsMatch(l));
    }

    [Fact]
    public void Save_picks_the_format_from_the_extension_and_writes_atomically()
    {
        var folder = Directory.CreateTempSubdirectory("augment-export-");
        try
        {
            foreach (var name in new[] { "r.csv", "r.json", "r.edl" })
            {
                var path = Path.Combine(folder.FullName, name);
                LibraryExport.Save(Hits, path);
                Assert.True(new FileInfo(path).Length > 0);
            }
            Assert.StartsWith("TITLE:", File.ReadAllText(Path.Combine(folder.FullName, "r.edl"), Encoding.UTF8), StringComparison.Ordinal);
            Assert.Throws<ArgumentException>(() => LibraryExport.Save(Hits, Path.Combine(folder.FullName, "r.txt")));
            Assert.Equal(3, Directory.GetFiles(folder.FullName).Length);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
