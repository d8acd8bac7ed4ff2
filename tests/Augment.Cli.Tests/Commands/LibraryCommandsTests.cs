using System.Globalization;
using System.Text.Json;
using Augment.Vision;
using Npgsql;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Augment.Cli.Tests.Commands;

/// <summary>
/// A scratch media folder for the library verbs, scanned once into an SQLite index: picture "photo-a" with a
/// half-size copy and a quality-60 JPEG re-encode of it (the duplicate group), two unrelated pictures, a file named
/// .jpg that holds no picture, and a 25 fps video of three flat-colour shots (blue, orange, green) with cuts at
/// frames 25 and 60.
/// </summary>
public sealed class LibraryMediaFolder : IAsyncLifetime
{
    public const int Fps = 25, OrangeFirstFrame = 25, OrangeEndFrame = 60, VideoFrames = 90;

    private readonly TempFolder _folder = new();

    /// <summary>The folder scanned.</summary>
    public string Media => System.IO.Path.Combine(_folder.Path, "media");

    /// <summary>The SQLite index the fixture's scan wrote.</summary>
    public string Index => _folder.File("lib.db");

    /// <summary>What the first scan (with --json) printed; null when ffmpeg is missing and nothing was scanned.</summary>
    public CliResult? FirstScan { get; private set; }

    public string File(string name) => System.IO.Path.Combine(Media, name);

    public string Scratch(string name) => _folder.File(name);

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Media);
        SavePicture(Blobs(seed: 1), File("photo-a.png"));
        using (var image = SixLabors.ImageSharp.Image.Load<Rgb24>(File("photo-a.png")))
        {
            image.Mutate(x => x.Resize(image.Width / 2, image.Height / 2));
            image.SaveAsPng(File("photo-a-half.png"));
        }
        using (var image = SixLabors.ImageSharp.Image.Load<Rgb24>(File("photo-a.png")))
            image.SaveAsJpeg(File("photo-a-q60.jpg"), new JpegEncoder { Quality = 60 });
        SavePicture(Blobs(seed: 2), File("photo-b.png"));
        SavePicture(Rings(), File("photo-c.jpg"));
        await System.IO.File.WriteAllTextAsync(File("broken.jpg"), "this is not a JPEG file", TestContext.Current.CancellationToken);
        WriteVideo(File("clip.y4m"));
        if (VideoTestClips.FfmpegPath is not null)
            FirstScan = await CliRunner.RunAsync("library", "scan", Media, "--index", Index, "--json");
    }

    public ValueTask DisposeAsync()
    {
        _folder.Dispose();
        return ValueTask.CompletedTask;
    }

    private static void SavePicture(ImageFrame frame, string path)
    {
        using (frame)
            ImageFile.Save(frame, path);
    }

    /// <summary>Smooth random colour blobs: pictures of different seeds share no structure.</summary>
    private static ImageFrame Blobs(int seed)
    {
        const int width = 192, height = 128;
        var random = new Random(seed);
        var blobs = Enumerable.Range(0, 7).Select(_ => (
            X: random.NextDouble() * width, Y: random.NextDouble() * height, Radius: 12 + (random.NextDouble() * 30),
            Colour: new[] { random.NextSingle(), random.NextSingle(), random.NextSingle() })).ToArray();
        var frame = ImageFrame.Create(width, height, 3);
        for (var c = 0; c < 3; c++)
        {
            var plane = frame.Plane(c);
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    double value = 0.1;
                    foreach (var blob in blobs)
                    {
                        var d2 = ((x - blob.X) * (x - blob.X)) + ((y - blob.Y) * (y - blob.Y));
                        value += blob.Colour[c] * Math.Exp(-d2 / (2 * blob.Radius * blob.Radius));
                    }
                    plane[(y * width) + x] = (float)Math.Clamp(value, 0, 1);
                }
            }
        }
        return frame;
    }

    /// <summary>Concentric grey rings off-centre.</summary>
    private static ImageFrame Rings()
    {
        const int width = 160, height = 160;
        var frame = ImageFrame.Create(width, height, 3);
        for (var c = 0; c < 3; c++)
        {
            var plane = frame.Plane(c);
            for (var y = 0; y < height; y++)
                for (var x = 0; x < width; x++)
                    plane[(y * width) + x] = (float)(0.5 + (0.45 * Math.Cos(Math.Sqrt(((x - 50) * (x - 50)) + ((y - 70) * (y - 70))) / 5.0)));
        }
        return frame;
    }

    /// <summary>
    /// Three flat shots with hard cuts and faint moving stripes, vertical, horizontal and diagonal: perceptual hashes
    /// see structure, not colour, so shots striped alike would be "near-duplicates" of each other.
    /// </summary>
    private static void WriteVideo(string path)
    {
        const int width = 96, height = 64;
        float[][] colours = [[0.1f, 0.2f, 0.85f], [1.0f, 0.55f, 0.0f], [0.1f, 0.6f, 0.2f]];
        var random = new Random(5);
        using var writer = Y4mWriter.Create(path, width, height, Fps, 1, Y4mChroma.Yuv444);
        for (var f = 0; f < VideoFrames; f++)
        {
            var shot = f < OrangeFirstFrame ? 0 : f < OrangeEndFrame ? 1 : 2;
            using var frame = ImageFrame.Create(width, height, 3);
            for (var c = 0; c < 3; c++)
            {
                var plane = frame.Plane(c);
                for (var i = 0; i < plane.Length; i++)
                {
                    var (x, y) = (i % width, i / width);
                    var along = shot switch { 0 => x + f, 1 => y + (f / 2), _ => x + y + f };
                    var stripe = ((along / (8 + (4 * shot))) % 2) * 0.04f;
                    plane[i] = Math.Clamp(colours[shot][c] - stripe + (0.02f * (float)(random.NextDouble() - 0.5)), 0f, 1f);
                }
            }
            writer.WriteFrame(frame, TestContext.Current.CancellationToken);
        }
        writer.Complete();
    }
}

public class LibraryCommandsTests(LibraryMediaFolder media) : IClassFixture<LibraryMediaFolder>
{
    private static readonly string[] PhotoA = ["photo-a.png", "photo-a-half.png", "photo-a-q60.jpg"];

    private static JsonElement[] Array(CliResult result)
    {
        Assert.True(result.ExitCode == 0, result.Error);
        return JsonDocument.Parse(result.Output).RootElement.EnumerateArray().ToArray();
    }

    private static string Name(JsonElement hit) => Path.GetFileName(hit.GetProperty("path").GetString()!);

    [Fact]
    public async Task Library_help_lists_scan_search_dupes_and_shots()
    {
        var result = await CliRunner.RunAsync("library", "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var verb in new[] { "scan", "search", "dupes", "shots" })
            Assert.Matches($@"(?m)^\s+{verb}\s", result.Output);
    }

    [Fact]
    public async Task Json_scan_counts_every_file_and_lists_the_broken_one_as_failed()
    {
        VideoTestClips.SkipWhenAbsent();

        var result = media.FirstScan!;

        Assert.True(result.ExitCode == 0, result.Error);
        var root = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal(7, root.GetProperty("filesSeen").GetInt32());
        Assert.Equal(6, root.GetProperty("added").GetInt32());
        Assert.Equal(0, root.GetProperty("unchanged").GetInt32());
        var failed = Assert.Single(root.GetProperty("failed").EnumerateArray());
        Assert.Equal("broken.jpg", Path.GetFileName(failed.GetProperty("path").GetString()));
        Assert.Equal(VideoFrames / (double)Fps, root.GetProperty("mediaSeconds").GetDouble(), 2);
    }

    private const int VideoFrames = LibraryMediaFolder.VideoFrames, Fps = LibraryMediaFolder.Fps;

    [Fact]
    public async Task A_second_scan_reports_everything_unchanged()
    {
        VideoTestClips.SkipWhenAbsent();

        var result = await CliRunner.RunAsync("library", "scan", media.Media, "--index", media.Index, "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        var root = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal(7, root.GetProperty("filesSeen").GetInt32());
        Assert.Equal(0, root.GetProperty("added").GetInt32());
        Assert.Equal(0, root.GetProperty("updated").GetInt32());
        Assert.Equal(0, root.GetProperty("removed").GetInt32());
        // The broken file is not "unchanged": its failed scan is retried, and fails again.
        Assert.Equal(6, root.GetProperty("unchanged").GetInt32());
        Assert.Equal(0, root.GetProperty("mediaSeconds").GetDouble());
    }

    [Fact]
    public async Task Table_scan_prints_the_report_and_the_failed_file_into_a_new_index()
    {
        VideoTestClips.SkipWhenAbsent();
        var index = media.Scratch("table-" + Guid.NewGuid().ToString("N") + ".db");

        var result = await CliRunner.RunAsync("library", "scan", media.Media, "--index", index);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Matches(@"files seen\s*│?\s*7", result.Output);
        Assert.Matches(@"added\s*│?\s*6", result.Output);
        Assert.Matches(@"failed\s*│?\s*1", result.Output);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("failed: ", line, StringComparison.Ordinal);
        Assert.Contains("broken.jpg", line, StringComparison.Ordinal);
        Assert.True(File.Exists(index));
    }

    [Fact]
    public async Task Search_for_orange_finds_the_orange_shot_of_the_video_within_two_frames()
    {
        VideoTestClips.SkipWhenAbsent();

        var hits = Array(await CliRunner.RunAsync("library", "search", "orange", "--index", media.Index, "--json"));

        var hit = Assert.Single(hits, h => Name(h) == "clip.y4m");
        Assert.Equal(hits[0], hit);
        Assert.Equal(1, hit.GetProperty("shot").GetInt32());
        Assert.Contains("orange", hit.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        const double frame = 1.0 / Fps;
        Assert.InRange(hit.GetProperty("start").GetDouble(), (LibraryMediaFolder.OrangeFirstFrame - 2) * frame, (LibraryMediaFolder.OrangeFirstFrame + 2) * frame);
        Assert.InRange(hit.GetProperty("end").GetDouble(), (LibraryMediaFolder.OrangeEndFrame - 3) * frame, (LibraryMediaFolder.OrangeEndFrame + 2) * frame);
        Assert.DoesNotContain(hits, h => Name(h) == "clip.y4m" && h.GetProperty("shot").GetInt32() != 1);
    }

    [Fact]
    public async Task Search_limit_caps_the_results()
    {
        VideoTestClips.SkipWhenAbsent();

        var all = Array(await CliRunner.RunAsync("library", "search", "photo", "--index", media.Index, "--json"));
        var two = Array(await CliRunner.RunAsync("library", "search", "photo", "--index", media.Index, "--json", "--limit", "2"));

        Assert.Equal(5, all.Length);
        Assert.Equal(all.Take(2).Select(Name), two.Select(Name));
    }

    [Fact]
    public async Task Search_table_names_the_count_and_the_files()
    {
        VideoTestClips.SkipWhenAbsent();

        var result = await CliRunner.RunAsync("library", "search", "photo", "--index", media.Index);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("5 results for \"photo\"", result.Output, StringComparison.Ordinal);
        Assert.Contains("photo-b.png", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("json")]
    [InlineData("edl")]
    public async Task Export_writes_one_entry_per_result(string format)
    {
        VideoTestClips.SkipWhenAbsent();
        var path = media.Scratch($"results-{Guid.NewGuid():N}.{format}");

        var hits = Array(await CliRunner.RunAsync("library", "search", "photo orange", "--index", media.Index, "--json", "--export", path));

        Assert.True(hits.Length >= 2, $"only {hits.Length} results");
        var text = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        switch (format)
        {
            case "csv":
                Assert.Equal(hits.Length + 1, lines.Length);
                Assert.Contains("path", lines[0], StringComparison.OrdinalIgnoreCase);
                break;
            case "json":
                using (var json = JsonDocument.Parse(text))
                    Assert.Equal(hits.Select(Name), json.RootElement.EnumerateArray().Select(Name));
                break;
            default:
                Assert.StartsWith("TITLE:", lines[0], StringComparison.Ordinal);
                var events = lines.Where(l => l.Length > 3 && char.IsAsciiDigit(l[0]) && char.IsAsciiDigit(l[1]) && char.IsAsciiDigit(l[2]) && l[3] == ' ').ToArray();
                Assert.Equal(hits.Length, events.Length);
                Assert.Equal(Enumerable.Range(1, hits.Length).Select(i => i.ToString("D3", CultureInfo.InvariantCulture)), events.Select(e => e[..3]));
                break;
        }
    }

    // CMX 3600 out points are exclusive: shot frames 25..59 at 25 fps are 00:00:01:00 to 00:00:02:10.
    [Fact]
    public async Task Edl_source_points_of_the_orange_shot_are_its_first_frame_and_the_frame_after_its_last()
    {
        VideoTestClips.SkipWhenAbsent();
        var path = media.Scratch($"orange-{Guid.NewGuid():N}.edl");

        var hits = Array(await CliRunner.RunAsync("library", "search", "orange", "--kind", "video", "--index", media.Index, "--json", "--export", path));

        Assert.Single(hits);
        var lines = await File.ReadAllLinesAsync(path, TestContext.Current.CancellationToken);
        var fields = lines.Single(l => l.StartsWith("001 ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["00:00:01:00", "00:00:02:10", "01:00:00:00", "01:00:01:10"], fields[4..8]);
    }

    [Fact]
    public async Task Thumbnails_are_jpegs_imagesharp_can_load()
    {
        VideoTestClips.SkipWhenAbsent();
        var folder = media.Scratch("thumbs-" + Guid.NewGuid().ToString("N"));

        var hits = Array(await CliRunner.RunAsync("library", "search", "photo orange", "--index", media.Index, "--json", "--thumbnails", folder));

        var files = Directory.GetFiles(folder).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(hits.Length, files.Length);
        foreach (var file in files)
        {
            Assert.EndsWith(".jpg", file, StringComparison.Ordinal);
            var format = SixLabors.ImageSharp.Image.DetectFormat(file);
            Assert.Equal("JPEG", format.Name);
            using var image = SixLabors.ImageSharp.Image.Load<Rgb24>(file);
            Assert.True(image.Width >= 16 && image.Height >= 16, $"{file}: {image.Width}x{image.Height}");
        }
        Assert.Contains("clip-shot1", files.Select(Path.GetFileName).Single(f => f!.Contains("clip", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Like_a_picture_returns_it_and_its_copies_first()
    {
        VideoTestClips.SkipWhenAbsent();

        var hits = Array(await CliRunner.RunAsync("library", "search", "--like", media.File("photo-a.png"), "--index", media.Index, "--json"));

        Assert.True(hits.Length >= 3, $"only {hits.Length} results");
        // The half-size copy can hash exactly like the original (a tie at similarity 1), so the order among the three is open.
        Assert.Equal(PhotoA.Order(StringComparer.Ordinal), hits.Take(3).Select(Name).Order(StringComparer.Ordinal));
        if (hits.Length > 3)
            Assert.True(hits[2].GetProperty("score").GetDouble() > hits[3].GetProperty("score").GetDouble());
    }

    [Fact]
    public async Task Dupes_json_finds_the_copy_group_and_not_the_unrelated_pictures()
    {
        VideoTestClips.SkipWhenAbsent();

        var groups = Array(await CliRunner.RunAsync("library", "dupes", "--index", media.Index, "--json"));

        Assert.DoesNotContain(groups.SelectMany(g => g.EnumerateArray()), m => Name(m) is "photo-b.png" or "photo-c.jpg");
        Assert.Single(groups);

        var group = Assert.Single(groups, g => g.EnumerateArray().Any(m => Name(m) == "photo-a.png"));
        Assert.Equal(PhotoA.Order(StringComparer.Ordinal), group.EnumerateArray().Select(Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Dupes_table_names_the_group()
    {
        VideoTestClips.SkipWhenAbsent();

        var result = await CliRunner.RunAsync("library", "dupes", "--index", media.Index);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("1 group of near-duplicates", result.Output, StringComparison.Ordinal);
        Assert.Contains("photo-a-q60.jpg", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("photo-b.png", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("scan")]
    [InlineData("search")]
    [InlineData("dupes")]
    public async Task A_missing_index_option_is_a_usage_error(string verb)
    {
        string[] args = verb switch
        {
            "scan" => ["library", "scan", media.Media],
            "search" => ["library", "search", "orange"],
            _ => ["library", "dupes"],
        };

        var result = await CliRunner.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--index", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("search")]
    [InlineData("dupes")]
    public async Task An_index_file_that_does_not_exist_says_to_scan_first_and_is_not_created(string verb)
    {
        var index = media.Scratch("missing-" + Guid.NewGuid().ToString("N") + ".db");
        string[] args = verb == "search" ? ["library", "search", "orange", "--index", index] : ["library", "dupes", "--index", index];

        var result = await CliRunner.RunAsync(args);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("augment library scan", line, StringComparison.Ordinal);
        Assert.Contains(index, line, StringComparison.Ordinal);
        Assert.False(File.Exists(index));
    }

    [Fact]
    public async Task Search_needs_a_query_or_like()
    {
        VideoTestClips.SkipWhenAbsent();

        var neither = await CliRunner.RunAsync("library", "search", "--index", media.Index);
        var both = await CliRunner.RunAsync("library", "search", "orange", "--like", media.File("photo-a.png"), "--index", media.Index);

        foreach (var result in new[] { neither, both })
        {
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("--like", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
            Assert.Empty(result.Output);
        }
    }

    [Theory]
    [InlineData("search", "--limit", "0")]
    [InlineData("search", "--limit", "-3")]
    [InlineData("dupes", "--max-distance", "200")]
    [InlineData("dupes", "--max-distance", "-1")]
    public async Task Out_of_range_numbers_are_one_error_line_naming_the_option(string verb, string option, string value)
    {
        VideoTestClips.SkipWhenAbsent();
        string[] args = verb == "search"
            ? ["library", "search", "orange", "--index", media.Index, option, value]
            : ["library", "dupes", "--index", media.Index, option, value];

        var result = await CliRunner.RunAsync(args);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"error: {option}: {value} ", line, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    public async Task Scan_parallel_below_one_is_one_error_line_and_no_index(string value)
    {
        var index = media.Scratch("parallel-" + Guid.NewGuid().ToString("N") + ".db");

        var result = await CliRunner.RunAsync("library", "scan", media.Media, "--index", index, "--parallel", value);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"error: --parallel: {value} ", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.False(File.Exists(index));
    }

    [Fact]
    public async Task An_export_file_of_unknown_type_is_one_error_line_and_no_file()
    {
        VideoTestClips.SkipWhenAbsent();
        var path = media.Scratch($"results-{Guid.NewGuid():N}.txt");

        var result = await CliRunner.RunAsync("library", "search", "photo", "--index", media.Index, "--export", path);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error: --export: ", line, StringComparison.Ordinal);
        Assert.Contains(path, line, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", line, StringComparison.Ordinal);
        Assert.Empty(result.Output);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Like_a_missing_picture_is_one_error_line_naming_it()
    {
        VideoTestClips.SkipWhenAbsent();
        var path = media.Scratch("nowhere.png");

        var result = await CliRunner.RunAsync("library", "search", "--like", path, "--index", media.Index);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("--like", line, StringComparison.Ordinal);
        Assert.Contains(path, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_on_a_postgres_database_without_an_index_says_to_scan_first_and_creates_nothing()
    {
        var server = PostgresServerOrSkip();
        var database = "clitest_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(server, $"CREATE DATABASE \"{database}\"");
        try
        {
            var connection = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;

            var search = await CliRunner.RunAsync("library", "search", "orange", "--index", connection);
            var dupes = await CliRunner.RunAsync("library", "dupes", "--index", connection);

            foreach (var result in new[] { search, dupes })
            {
                Assert.Equal(1, result.ExitCode);
                var line = Assert.Single(result.ErrorLines);
                Assert.Contains(database, line, StringComparison.Ordinal);
                Assert.Contains("augment library scan", line, StringComparison.Ordinal);
            }
            await using var check = new NpgsqlConnection(connection);
            await check.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_namespace WHERE nspname = 'augment'", check);
            Assert.Equal(0L, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }
    }

    [Fact]
    public async Task Postgres_index_scans_and_searches_like_sqlite()
    {
        VideoTestClips.SkipWhenAbsent();
        var server = PostgresServerOrSkip();
        // The CLI has no schema flag, so the test gets a database of its own and drops it afterwards.
        var database = "clitest_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(server, $"CREATE DATABASE \"{database}\"");
        try
        {
            var connection = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;

            var scan = await CliRunner.RunAsync("library", "scan", media.Media, "--index", connection, "--json");
            var rescan = await CliRunner.RunAsync("library", "scan", media.Media, "--index", connection, "--json");
            var hits = Array(await CliRunner.RunAsync("library", "search", "orange", "--index", connection, "--json"));
            var groups = Array(await CliRunner.RunAsync("library", "dupes", "--index", connection, "--json"));

            Assert.True(scan.ExitCode == 0, scan.Error);
            var report = JsonDocument.Parse(scan.Output).RootElement;
            Assert.Equal(6, report.GetProperty("added").GetInt32());
            Assert.Single(report.GetProperty("failed").EnumerateArray());
            Assert.Equal(6, JsonDocument.Parse(rescan.Output).RootElement.GetProperty("unchanged").GetInt32());
            Assert.Equal("clip.y4m", Name(hits[0]));
            Assert.Equal(1, hits[0].GetProperty("shot").GetInt32());
            Assert.Equal(PhotoA.Order(StringComparer.Ordinal), Assert.Single(groups).EnumerateArray().Select(Name).Order(StringComparer.Ordinal));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }
    }

    /// <summary>The server <c>AUGMENT_POSTGRES</c> names (as the PostgreSQL index tests read it), or a skip with the reason.</summary>
    private static string PostgresServerOrSkip()
    {
        var server = Environment.GetEnvironmentVariable("AUGMENT_POSTGRES");
        Assert.SkipWhen(string.IsNullOrWhiteSpace(server),
            "AUGMENT_POSTGRES is not set (start a throwaway server with `eval \"$(scripts/postgres-test-server start)\"`); the PostgreSQL CLI test is skipped.");
        return server!;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}
