using System.CommandLine;
using System.Globalization;
using Augment.Library;
using Augment.Vision;
using Spectre.Console;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment library search "&lt;query&gt;" --index &lt;...&gt; [--json] [--limit N]</c>: finds time-coded shot ranges
/// by words (tags and paths, blended with CLIP similarity when a model is given) or by an example picture
/// (<c>--like</c>), with filters; exports CSV/JSON/EDL and thumbnails.
/// </summary>
internal static class LibrarySearchCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var index = new Option<string>("--index") { Description = "SQLite file or PostgreSQL connection string the scan wrote.", HelpName = "lib.db|connection", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the results as a JSON array." };
        var limit = new Option<int>("--limit") { Description = "Most results (default 20).", HelpName = "n", DefaultValueFactory = _ => 20 };
        var like = new Option<string?>("--like") { Description = "Find shots that look like this picture (by CLIP embedding with a model, else by perceptual hash).", HelpName = "image" };
        var minDuration = new Option<double?>("--min-duration") { Description = "Only assets at least this long (seconds).", HelpName = "seconds" };
        var maxDuration = new Option<double?>("--max-duration") { Description = "Only assets at most this long (seconds).", HelpName = "seconds" };
        var minWidth = new Option<int?>("--min-width") { Description = "Only assets at least this wide (pixels).", HelpName = "pixels" };
        var minHeight = new Option<int?>("--min-height") { Description = "Only assets at least this tall (pixels).", HelpName = "pixels" };
        var from = new Option<DateTime?>("--from") { Description = "Only assets dated on or after (capture time, else file time; UTC), e.g. 2025-06-01.", HelpName = "date" };
        var until = new Option<DateTime?>("--until") { Description = "Only assets dated before (UTC).", HelpName = "date" };
        var folder = new Option<string?>("--folder") { Description = "Only assets under this folder.", HelpName = "folder" };
        var kind = new Option<string?>("--kind") { Description = "Only images or only videos.", HelpName = "image|video" };
        kind.AcceptOnlyFromAmong("image", "video");
        var export = new Option<string?>("--export") { Description = "Also write the results to a .csv, .json or .edl (CMX 3600) file.", HelpName = "file" };
        var thumbnails = new Option<string?>("--thumbnails") { Description = "Write each result's keyframe thumbnail (JPEG) into this folder.", HelpName = "folder" };
        var tagWeight = new Option<float>("--tag-weight") { Description = "With a CLIP model: weight of tag matches against similarity, 0..1 (default 0.5).", HelpName = "w", DefaultValueFactory = _ => 0.5f };
        var models = new LibraryModelOptions();
        var query = new Argument<string?>("query") { Description = "Words to find, e.g. \"red car at sunset\".", HelpName = "query", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("search", "Search an asset index by words or by example; results are time-coded shot ranges.")
        {
            index, json, limit, like, minDuration, maxDuration, minWidth, minHeight, from, until, folder, kind, export, thumbnails, tagWeight, query,
        };
        foreach (var option in models.All)
            command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var text = parse.GetValue(query);
            var example = parse.GetValue(like);
            if (string.IsNullOrWhiteSpace(text) == (example is null))
                throw new ArgumentException("give either a query (augment library search \"red car\" ...) or --like <image>, not both and not neither.");
            var max = parse.GetValue(limit);
            if (max is < 1 or > 100_000)
                throw new ArgumentException($"--limit: {max} is not between 1 and 100000.");
            var options = new SearchOptions
            {
                Limit = max,
                TagWeight = parse.GetValue(tagWeight),
                Filter = new AssetFilter
                {
                    MinDuration = Seconds(parse.GetValue(minDuration), "--min-duration"),
                    MaxDuration = Seconds(parse.GetValue(maxDuration), "--max-duration"),
                    MinWidth = parse.GetValue(minWidth),
                    MinHeight = parse.GetValue(minHeight),
                    From = Utc(parse.GetValue(from)),
                    Until = Utc(parse.GetValue(until)),
                    Folder = parse.GetValue(folder) is { } f ? Path.GetFullPath(f) : null,
                    Kind = parse.GetValue(kind) switch { "image" => AssetKind.Image, "video" => AssetKind.Video, _ => null },
                },
            };
            if (options.TagWeight is < 0 or > 1 || float.IsNaN(options.TagWeight))
                throw new ArgumentException($"--tag-weight: {options.TagWeight.ToString(CultureInfo.InvariantCulture)} is not between 0 and 1.");
            // Checked before the search, so that a typo costs no search and the error names the option.
            if (parse.GetValue(export) is { } exportFile)
                _ = ExportFormatOf(exportFile);

            using var clip = models.LoadClip(parse);
            var embedder = clip is null ? null : new ClipEmbedder(clip, models.SourceName(parse));
            await using var store = await LibraryIndexes.OpenAsync(parse.GetRequiredValue(index), create: false, cancellationToken);
            var library = new AssetLibrary(store, embedder, embedder);
            IReadOnlyList<LibraryHit> hits;
            if (example is not null)
            {
                if (!File.Exists(example))
                    throw new FileNotFoundException($"--like: '{example}' does not exist.", example);
                using var picture = ImageFile.Load(example);
                hits = await library.SearchSimilarAsync(picture, options, cancellationToken);
            }
            else
            {
                hits = await library.SearchAsync(text!, options, cancellationToken);
            }

            if (parse.GetValue(export) is { } exportPath)
                LibraryExport.Save(hits, exportPath);
            if (parse.GetValue(thumbnails) is { } thumbFolder)
                await WriteThumbnailsAsync(library, hits, thumbFolder, cancellationToken);
            if (parse.GetValue(json))
            {
                using var stream = new MemoryStream();
                LibraryExport.WriteJson(hits, stream);
                context.Output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
            }
            else
            {
                context.Output.WriteLine(hits.Count == 0
                    ? $"no results for \"{text ?? example}\" in {store.Location}"
                    : $"{hits.Count} result{(hits.Count == 1 ? "" : "s")} for \"{text ?? example}\" in {store.Location}");
                if (hits.Count > 0)
                    context.Console.Write(ToTable(hits));
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static ExportFormat ExportFormatOf(string path)
    {
        try
        {
            return LibraryExport.FormatOf(path);
        }
        catch (ArgumentException)
        {
            throw new ArgumentException($"--export: cannot tell the format from '{path}'; use a .csv, .json or .edl file.");
        }
    }

    internal static Table ToTable(IReadOnlyList<LibraryHit> hits)
    {
        var table = new Table()
            .AddColumn(new TableColumn("#").RightAligned())
            .AddColumn(new TableColumn("Score").RightAligned())
            .AddColumn("File")
            .AddColumn(new TableColumn("Shot").RightAligned())
            .AddColumn(new TableColumn("Start (s)").RightAligned())
            .AddColumn(new TableColumn("End (s)").RightAligned())
            .AddColumn("Tags");
        for (var i = 0; i < hits.Count; i++)
        {
            var hit = hits[i];
            table.AddRow(
                (i + 1).ToString(CultureInfo.InvariantCulture),
                hit.Score.ToString("0.000", CultureInfo.InvariantCulture),
                Markup.Escape(hit.Asset.Info.Path),
                hit.Shot.Key.ShotIndex.ToString(CultureInfo.InvariantCulture),
                hit.Start.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture),
                hit.End.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture),
                Markup.Escape(string.Join(", ", hit.MatchedTags)));
        }
        return table;
    }

    private static async Task WriteThumbnailsAsync(AssetLibrary library, IReadOnlyList<LibraryHit> hits, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        for (var i = 0; i < hits.Count; i++)
        {
            var bytes = await library.ThumbnailAsync(hits[i], cancellationToken);
            if (bytes is null)
                continue;
            var name = string.Create(CultureInfo.InvariantCulture, $"{i + 1:D3}-{Path.GetFileNameWithoutExtension(hits[i].Asset.Info.Path)}-shot{hits[i].Shot.Key.ShotIndex}.jpg");
            AtomicFile.WriteAllBytes(Path.Combine(folder, name), bytes);
        }
    }

    private static TimeSpan? Seconds(double? value, string name) => value switch
    {
        null => null,
        { } v when double.IsFinite(v) && v >= 0 && v < 1e9 => TimeSpan.FromSeconds(v),
        { } v => throw new ArgumentException($"{name}: {v.ToString(CultureInfo.InvariantCulture)} is not a number of seconds at or above 0."),
    };

    private static DateTime? Utc(DateTime? value) => value is { } v ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : null;
}
