using System.Diagnostics;
using System.Globalization;
using Augment.Library;
using Augment.Vision;

namespace Augment.Cli.Demo.Steps;

/// <summary>
/// The asset-library headline: a small library of generated media — a three-shot clip (sunset, night, field) as
/// .y4m, the coffee photograph, a half-size JPEG copy of it and a generated sky — is scanned into an SQLite index
/// with the model-free descriptors, searched by words ("orange sunset") and for near-duplicates, and the results are
/// exported as CSV and a CMX 3600 EDL. Checks that the search lands on the sunset shot (within two frames of its
/// known range) and that the copy and the photograph form the one duplicate group.
/// </summary>
internal sealed class LibraryStep : IDemoStep
{
    public const string FolderName = "library";
    public const string Query = "orange sunset";
    private const int Width = 192, Height = 108, Fps = 25, ShotFrames = 40;

    public string Name => "library";

    public async Task<DemoStepResult> RunAsync(DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        var root = context.OutputPath(FolderName);
        var media = Path.Combine(root, "media");
        if (Directory.Exists(media))
            Directory.Delete(media, recursive: true);
        Directory.CreateDirectory(media);
        var clipPath = Path.Combine(media, "plaza-evening.y4m");
        WriteClip(clipPath, ct);
        WriteStills(media, context.Budget);
        context.Progress.Report(new AugmentProgress(Name, 0.2));

        var dbPath = Path.Combine(root, "lib.db");
        foreach (var stale in Directory.GetFiles(root, "lib.db*"))
            File.Delete(stale);
        var clock = Stopwatch.StartNew();
        await using var index = await SqliteAssetIndex.OpenAsync(dbPath, cancellationToken: ct);
        var scanner = new LibraryScanner(ScanOptions.Default.WithAnalyzers(new DescriptorAnalyzer()).WithBudget(context.Budget));
        var report = await scanner.ScanAsync(media, index, new StageProgress(context.Progress, 0.2, 0.8), ct);
        if (report.Failures.Count > 0)
            throw new AugmentException($"The library scan failed on {report.Failures[0].Path}: {report.Failures[0].Error}");

        var library = new AssetLibrary(index);
        var hits = await library.SearchAsync(Query, new SearchOptions { Limit = 5 }, ct);
        var groups = await library.FindDuplicatesAsync(cancellationToken: ct);
        var time = clock.Elapsed;
        var csvPath = Path.Combine(root, "results.csv");
        var edlPath = Path.Combine(root, "results.edl");
        LibraryExport.Save(hits, csvPath);
        LibraryExport.Save(hits, edlPath);
        context.Progress.Report(new AugmentProgress(Name, 1));

        // The sunset is the clip's first shot: frames 0..39, from 0 s to 1.6 s (the end is just after its last frame).
        var sunset = hits.FirstOrDefault(h => h.Asset.Info.Path == Path.GetFullPath(clipPath))
            ?? throw new AugmentException($"Searching \"{Query}\" did not find the sunset shot of {clipPath}; results: {Describe(hits)}.");
        var frameSeconds = 1.0 / Fps;
        if (sunset.Shot.Key.ShotIndex != 0 || Math.Abs(sunset.Start.TotalSeconds) > 2 * frameSeconds
            || Math.Abs(sunset.End.TotalSeconds - ShotFrames * frameSeconds) > 2 * frameSeconds)
            throw new AugmentException($"Searching \"{Query}\" found shot {sunset.Shot.Key.ShotIndex} at {sunset.Start.TotalSeconds:F2}-{sunset.End.TotalSeconds:F2} s; expected shot 0 at 0.00-{ShotFrames * frameSeconds:F2} s.");
        var group = groups.Count == 1 ? groups[0].Members.Select(m => Path.GetFileName(m.Asset.Info.Path)).Order(StringComparer.Ordinal).ToArray() : [];
        if (!group.SequenceEqual(["coffee-small.jpg", "coffee.png"]))
            throw new AugmentException($"Expected one near-duplicate group (coffee.png and its half-size JPEG copy); found {groups.Count}: {string.Join("; ", groups.Select(g => string.Join(", ", g.Members.Select(m => Path.GetFileName(m.Asset.Info.Path)))))}.");

        var shots = 0;
        foreach (var asset in await index.AssetsAsync(cancellationToken: ct))
            shots += (await index.ShotsAsync(asset.Id, ct)).Count;
        return new DemoStepResult(
            Name,
            $"Generated clip + stills -> scan (shots, hashes, descriptor tags) into SQLite -> search \"{Query}\" + near-duplicates -> CSV/EDL",
            string.Create(CultureInfo.InvariantCulture,
                $"{report.FilesSeen} files, {shots} shots in {time.TotalSeconds:F1} s; top hit {Path.GetFileName(hits[0].Asset.Info.Path)} shot {hits[0].Shot.Key.ShotIndex} {hits[0].Start.TotalSeconds:F2}-{hits[0].End.TotalSeconds:F2} s (score {hits[0].Score:F2}); sunset shot found at {sunset.Start.TotalSeconds:F2}-{sunset.End.TotalSeconds:F2} s; 1 duplicate group"),
            [dbPath, csvPath, edlPath]);
    }

    private static string Describe(IReadOnlyList<LibraryHit> hits) =>
        hits.Count == 0 ? "none" : string.Join("; ", hits.Select(h => $"{Path.GetFileName(h.Asset.Info.Path)} shot {h.Shot.Key.ShotIndex} [{string.Join(", ", h.MatchedTags)}]"));

    // Three shots with hard cuts and different layouts (perceptual hashes see structure, not colour): an orange
    // sunset sky over a dark skyline with a low sun, a saturated blue night with a moon at the upper left, a green
    // field under a pale sky with crop rows. A small block drifts across each so the motion amount is not zero.
    private static void WriteClip(string path, CancellationToken ct)
    {
        using var writer = Y4mWriter.Create(path, Width, Height, Fps, 1, Y4mChroma.Yuv444);
        for (var shot = 0; shot < 3; shot++)
        {
            for (var f = 0; f < ShotFrames; f++)
            {
                using var frame = ImageFrame.Create(Width, Height, 3);
                for (var y = 0; y < Height; y++)
                {
                    var rr = frame.Row(0, y);
                    var gr = frame.Row(1, y);
                    var br = frame.Row(2, y);
                    var v = (float)y / Height;
                    for (var x = 0; x < Width; x++)
                    {
                        var u = (float)x / Width;
                        var (r, g, b) = shot switch
                        {
                            0 => v > 0.75f ? (0.12f, 0.08f, 0.06f)
                                : Disc(u, v, 0.7f, 0.6f, 0.12f) ? (1f, 0.9f, 0.6f) : (1f, 0.62f - 0.25f * v, 0.1f * v),
                            1 => Disc(u, v, 0.2f, 0.2f, 0.1f) ? (0.9f, 0.9f, 0.8f) : (0.02f, 0.05f + 0.05f * v, 0.55f + 0.2f * v),
                            _ => v < 0.3f ? (0.55f, 0.75f, 0.95f) : (x / 12 % 2 == 0 ? (0.2f, 0.6f, 0.12f) : (0.15f, 0.4f, 0.08f)),
                        };
                        // A broad light pattern of its own per shot (sidelight, a diagonal glow, cloud bands).
                        var light = 0.8f + 0.2f * MathF.Cos(shot switch
                        {
                            0 => 2 * MathF.PI * 1.5f * u,
                            1 => 2 * MathF.PI * 2f * (u + v),
                            _ => 2 * MathF.PI * 2.5f * v,
                        });
                        (r, g, b) = (r * light, g * light, b * light);
                        if (y is >= 40 and < 56 && x >= 20 + 3 * f && x < 36 + 3 * f)
                            (r, g, b) = (0.9f, 0.9f, 0.85f);
                        rr[x] = r;
                        gr[x] = g;
                        br[x] = b;
                    }
                }
                writer.WriteFrame(frame, ct);
            }
        }
        writer.Complete();
    }

    private static bool Disc(float u, float v, float cu, float cv, float radius) =>
        (u - cu) * (u - cu) * (Width * Width) + (v - cv) * (v - cv) * (Height * Height) < radius * radius * Height * Height;

    private static void WriteStills(string folder, ComputeBudget budget)
    {
        using (var stream = typeof(LibraryStep).Assembly.GetManifestResourceStream("Augment.Cli.Demo.coffee.png")
            ?? throw new AugmentException("The demo photograph (coffee.png) is missing from the augment assembly."))
        using (var photo = ImageFile.Load(stream, "coffee.png"))
        {
            photo.Save(Path.Combine(folder, "coffee.png"));
            using var small = photo.Resize(photo.Width / 2, photo.Height / 2, ResampleKernel.Lanczos3);
            small.Save(Path.Combine(folder, "coffee-small.jpg"));
        }
        using var sky = ImageFrame.Create(320, 200, 3, budget: budget);
        for (var y = 0; y < sky.Height; y++)
        {
            var v = (float)y / sky.Height;
            sky.Row(0, y).Fill(0.35f + 0.5f * v);
            sky.Row(1, y).Fill(0.55f + 0.35f * v);
            sky.Row(2, y).Fill(0.95f);
        }
        sky.Save(Path.Combine(folder, "sky.png"));
    }
}
