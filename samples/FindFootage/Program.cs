// FindFootage: an editor needs "the shot of the sunset" out of a folder of clips and stills, wants the duplicates a
// shoot left behind, and an edit decision list to cut with. The sample generates a small shoot (two clips with hard
// cuts, a photograph, a re-encoded half-size copy of it) or takes your folder, scans it into an SQLite index (shots,
// keyframes, perceptual hashes, thumbnails, colour/brightness/motion tags), shows that a second scan is incremental,
// searches by words and by example, groups near-duplicates and exports the results as CSV and a CMX 3600 EDL.
// Every result on the generated shoot is checked; the exit code says whether all checks passed.
using System.Diagnostics;
using Augment;
using Augment.Library;
using Augment.Vision;
using FindFootage;

var checks = new Checks();
var work = Path.Combine(Path.GetTempPath(), "augment-findfootage-" + Environment.ProcessId); // kept: the outputs are yours to look at
Directory.CreateDirectory(work);
var generated = args.Length == 0;
var folder = generated ? Path.Combine(work, "shoot") : Path.GetFullPath(args[0]);
if (generated)
{
    Shoot.Write(folder);
    Console.WriteLine($"Shoot:     generated in {folder}: beach.y4m (sunset, sea, sand), street.y4m (night, day), photo.png and photo-copy.jpg");
}
else if (!Directory.Exists(folder))
{
    Console.Error.WriteLine($"{folder} is not a folder.");
    return 2;
}

// 1. Scan: every image and video under the folder into one SQLite file. Videos other than .y4m need ffmpeg on PATH.
var dbPath = Path.Combine(work, "library.db");
await using var index = await SqliteAssetIndex.OpenAsync(dbPath);
var scanner = new LibraryScanner(options => options.WithAnalyzers(new DescriptorAnalyzer()));
var clock = Stopwatch.StartNew();
var first = await scanner.ScanAsync(folder, index, new Progress<AugmentProgress>(p => { }));
Console.WriteLine($"Scan:      {first} ({clock.Elapsed.TotalSeconds:0.0} s) -> {dbPath}");
foreach (var failure in first.Failures)
    Console.WriteLine($"           could not read {failure.Path}: {failure.Error}");

// 2. Scan again: nothing changed, nothing is decoded.
clock.Restart();
var second = await scanner.ScanAsync(folder, index);
Console.WriteLine($"Rescan:    {second} ({clock.Elapsed.TotalSeconds:0.0} s)");
checks.That(second.Unchanged == first.FilesSeen - first.Failures.Count && second.Added + second.Updated == 0,
    $"a second scan of an unchanged folder skips every file ({second.Unchanged} of {first.FilesSeen} unchanged)");

// 3. Search by words: tags and file names, every result a time-coded shot range.
var library = new AssetLibrary(index);
const string Query = "orange sunset";
var hits = await library.SearchAsync(Query, new SearchOptions { Limit = 5 });
Console.WriteLine($"Search:    \"{Query}\"");
foreach (var hit in hits)
    Console.WriteLine($"           {hit.Score:0.00}  {Path.GetFileName(hit.Asset.Info.Path)} shot {hit.Shot.Key.ShotIndex} {hit.Start.TotalSeconds:0.00}-{hit.End.TotalSeconds:0.00} s [{string.Join(", ", hit.MatchedTags)}]");
if (generated)
{
    var top = hits.FirstOrDefault();
    checks.That(top is not null && Path.GetFileName(top.Asset.Info.Path) == "beach.y4m" && top.Shot.Key.ShotIndex == 0,
        "the best match for \"orange sunset\" is the beach clip's first shot (the sunset)");
    checks.That(top is not null && Math.Abs(top.Start.TotalSeconds) < 0.08 && Math.Abs(top.End.TotalSeconds - Shoot.ShotSeconds) < 0.08,
        $"the sunset's range is its shot, 0.00-{Shoot.ShotSeconds:0.00} s, within two frames ({top?.Start.TotalSeconds:0.00}-{top?.End.TotalSeconds:0.00} s)");
}

// 4. Query by example: the shots that look most like a picture (perceptual hashes; a CLIP model would use embeddings).
var examplePath = generated ? Path.Combine(folder, "photo-copy.jpg") : null;
if (examplePath is not null)
{
    using var example = ImageFile.Load(examplePath);
    var similar = await library.SearchSimilarAsync(example, new SearchOptions { Limit = 3 });
    Console.WriteLine($"Like:      {Path.GetFileName(examplePath)} -> {string.Join(", ", similar.Select(h => $"{Path.GetFileName(h.Asset.Info.Path)} ({h.Score:0.00})"))}");
    checks.That(similar.Count >= 2 && similar.Take(2).Select(h => Path.GetFileName(h.Asset.Info.Path)).Order().SequenceEqual(["photo-copy.jpg", "photo.png"]),
        "the example's two closest matches are itself and the photograph it was copied from");
}

// 5. Near-duplicates: re-encodes, resizes and small crops of one picture, across stills and video keyframes.
var groups = await library.FindDuplicatesAsync();
Console.WriteLine($"Dupes:     {groups.Count} group(s)");
foreach (var group in groups)
    Console.WriteLine($"           {string.Join(" = ", group.Members.Select(m => $"{Path.GetFileName(m.Asset.Info.Path)}#{m.Shot.Key.ShotIndex}"))}");
if (generated)
    checks.That(groups.Count == 1 && groups[0].Members.Select(m => Path.GetFileName(m.Asset.Info.Path)).Order().SequenceEqual(["photo-copy.jpg", "photo.png"]),
        "the only near-duplicate group is the photograph and its re-encoded copy");

// 6. Export for the edit: a spreadsheet and an EDL that an editing system imports as a sequence of the ranges.
var csvPath = Path.Combine(work, "results.csv");
var edlPath = Path.Combine(work, "results.edl");
LibraryExport.Save(hits, csvPath);
LibraryExport.Save(hits, edlPath, edl: new EdlOptions { Title = $"Search: {Query}" });
var events = File.ReadAllLines(edlPath).Count(l => l.Length > 3 && char.IsAsciiDigit(l[0]) && l[3] == ' ');
Console.WriteLine($"Export:    {csvPath}, {edlPath} ({events} events)");
checks.That(events == hits.Count, $"the EDL has one event per result ({events} for {hits.Count})");

Console.WriteLine();
Console.WriteLine($"Outputs in {work}.");
return checks.Report();
