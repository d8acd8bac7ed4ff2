using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Augment.Library;
using Spectre.Console;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment library scan &lt;folder&gt; --index &lt;lib.db|postgres connection string&gt;</c>: walks a folder of
/// images and videos into an asset index (metadata, shots, keyframes, hashes, thumbnails, descriptor tags, and
/// model tags when models are given). Incremental: unchanged files are skipped, changed ones re-scanned, new
/// analyser versions re-run on their own. Files that cannot be read are recorded and listed; the scan goes on.
/// </summary>
internal static class LibraryScanCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var index = new Option<string>("--index") { Description = "SQLite file (created when missing) or PostgreSQL connection string (Host=...;Database=...).", HelpName = "lib.db|connection", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the scan report as JSON." };
        var parallel = new Option<int?>("--parallel") { Description = "Files processed at once (default: half the cores).", HelpName = "files" };
        var keepMissing = new Option<bool>("--keep-missing") { Description = "Keep index entries of files no longer on disk (default: remove them)." };
        var noDescriptors = new Option<bool>("--no-descriptors") { Description = "Skip the model-free colour/brightness/motion tags." };
        var classifier = new Option<string?>("--classifier") { Description = "ImageNet-style classifier (.onnx) for tags; needs --labels.", HelpName = "file" };
        var labels = new Option<string?>("--labels") { Description = "The classifier's labels, one per line.", HelpName = "file" };
        var vocabulary = new Option<string?>("--tags") { Description = "Zero-shot vocabulary for the CLIP model: comma-separated words or phrases, or @file with one per line.", HelpName = "words" };
        var models = new LibraryModelOptions();
        var folder = new Argument<string>("folder") { Description = "Folder of images and videos (searched recursively).", HelpName = "folder" };
        folder.AcceptLegalFilePathsOnly();
        var command = new Command("scan", "Index a folder of images and videos: metadata, shots, keyframes, perceptual hashes, thumbnails, tags and embeddings.")
        {
            index, json, parallel, keepMissing, noDescriptors, classifier, labels, vocabulary, folder,
        };
        foreach (var option in models.All)
            command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var root = parse.GetRequiredValue(folder);
            if (!Directory.Exists(root))
                throw new DirectoryNotFoundException($"folder '{root}' does not exist.");
            var analyzers = new List<IAssetAnalyzer>();
            var owned = new List<IDisposable>();
            try
            {
                if (!parse.GetValue(noDescriptors))
                    analyzers.Add(new DescriptorAnalyzer());
                if (parse.GetValue(classifier) is { } classifierPath)
                {
                    var labelsPath = parse.GetValue(labels) ?? throw new ArgumentException("--classifier needs --labels <file> (one label per line).");
                    foreach (var path in new[] { classifierPath, labelsPath })
                        if (!File.Exists(path))
                            throw new FileNotFoundException($"'{path}' does not exist.", path);
                    var model = ImageClassifier.Load(classifierPath, labelsPath);
                    owned.Add(model);
                    analyzers.Add(new ClassifierAnalyzer(model));
                }
                if (models.LoadClip(parse) is { } clip)
                {
                    owned.Add(clip);
                    var words = Vocabulary(parse.GetValue(vocabulary));
                    analyzers.Add(new ClipAnalyzer(clip, words, ClipAnalyzerOptions.Default.Named(models.SourceName(parse)), cancellationToken));
                }
                else if (parse.GetValue(vocabulary) is not null)
                {
                    throw new ArgumentException("--tags: zero-shot tags need a CLIP model (--clip-image, --clip-text, --clip-vocab, --clip-merges).");
                }

                var options = ScanOptions.Default with { Analyzers = analyzers, RemoveMissing = !parse.GetValue(keepMissing) };
                if (parse.GetValue(parallel) is { } files)
                {
                    // ScanOptions reads 0 or less as "the default"; on the command line it is a typo.
                    if (files is < 1 or > 1024)
                        throw new ArgumentException($"--parallel: {files} is not between 1 and 1024 files.");
                    options = options.WithMaxParallelFiles(files);
                }
                await using var store = await LibraryIndexes.OpenAsync(parse.GetRequiredValue(index), create: true, cancellationToken);
                var report = await RunAsync(context, new LibraryScanner(options), root, store, cancellationToken);
                if (parse.GetValue(json))
                    context.Output.WriteLine(ToJson(report, store.Location));
                else
                    Print(context, report, store.Location);
                return ExitCodes.Success;
            }
            finally
            {
                foreach (var item in owned)
                    item.Dispose();
            }
        });
        return command;
    }

    private static async Task<ScanReport> RunAsync(CliContext context, LibraryScanner scanner, string root, IAssetIndex store, CancellationToken cancellationToken)
    {
        if (!context.Console.Profile.Capabilities.Interactive)
            return await scanner.ScanAsync(root, store, null, cancellationToken);
        ScanReport? report = null;
        await context.Console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var bar = progress.AddTask("scan", maxValue: 1);
                report = await scanner.ScanAsync(root, store, new Progress<AugmentProgress>(p => bar.Value = Math.Clamp(p.Fraction, 0, 1)), cancellationToken);
                bar.Value = 1;
            });
        return report!;
    }

    internal static IReadOnlyList<string> Vocabulary(string? spec)
    {
        if (string.IsNullOrWhiteSpace(spec))
            throw new ArgumentException("--tags: give the zero-shot vocabulary for the CLIP model, e.g. --tags \"exterior,sunset,red car\" or --tags @words.txt.");
        IEnumerable<string> words = spec.StartsWith('@')
            ? File.Exists(spec[1..]) ? File.ReadAllLines(spec[1..]) : throw new FileNotFoundException($"--tags: '{spec[1..]}' does not exist.", spec[1..])
            : spec.Split(',');
        var list = words.Select(w => w.Trim()).Where(w => w.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return list.Count > 0 ? list : throw new ArgumentException($"--tags: '{spec}' holds no word.");
    }

    private static void Print(CliContext context, ScanReport report, string location)
    {
        var table = new Table().Title(Markup.Escape($"Scan of {report.Folder} into {location}")).AddColumn("").AddColumn(new TableColumn("").RightAligned()).HideHeaders();
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
        Row("files seen", Count(report.FilesSeen));
        Row("added", Count(report.Added));
        Row("updated (re-scanned)", Count(report.Updated));
        Row("metadata only (same content)", Count(report.MetadataOnly));
        Row("re-analysed (new analyser version)", Count(report.Reanalysed));
        Row("unchanged (skipped)", Count(report.Unchanged));
        Row("removed (gone from disk)", Count(report.Removed));
        Row("failed", Count(report.Failures.Count));
        Row("media scanned", string.Create(CultureInfo.InvariantCulture, $"{report.MediaDuration.TotalSeconds:0.0} s"));
        Row("wall time", string.Create(CultureInfo.InvariantCulture, $"{report.WallTime.TotalSeconds:0.0} s"));
        Row("real-time factor", string.Create(CultureInfo.InvariantCulture, $"{report.RealTimeFactor:0.0}x"));
        context.Console.Write(table);
        foreach (var failure in report.Failures)
            context.Error.WriteLine($"failed: {failure.Path}: {failure.Error}");
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    internal static string ToJson(ScanReport report, string location)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("folder", report.Folder);
            writer.WriteString("index", location);
            writer.WriteNumber("filesSeen", report.FilesSeen);
            writer.WriteNumber("added", report.Added);
            writer.WriteNumber("updated", report.Updated);
            writer.WriteNumber("metadataOnly", report.MetadataOnly);
            writer.WriteNumber("reanalysed", report.Reanalysed);
            writer.WriteNumber("unchanged", report.Unchanged);
            writer.WriteNumber("removed", report.Removed);
            writer.WriteStartArray("failed");
            foreach (var failure in report.Failures)
            {
                writer.WriteStartObject();
                writer.WriteString("path", failure.Path);
                writer.WriteString("error", failure.Error);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteNumber("mediaSeconds", report.MediaDuration.TotalSeconds);
            writer.WriteNumber("wallSeconds", report.WallTime.TotalSeconds);
            writer.WriteNumber("realTimeFactor", report.RealTimeFactor);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
