using System.Diagnostics;
using Augment.Vision;

namespace Augment.Library;

/// <summary>
/// Fills an <see cref="IAssetIndex"/> from a folder of pictures and videos: walks it, skips what is unchanged,
/// reads metadata, finds the shots of each video, hashes and thumbnails every keyframe and hands the keyframes to the
/// analysers. Incremental (only new, changed or re-versioned work is done), parallel over files, and robust: a file
/// that cannot be read is recorded as a failure and the scan goes on. See docs/library-ingest.md.
/// </summary>
/// <example>
/// <code>
/// await using var index = SqliteAssetIndex.Open("library.db");
/// var scanner = new LibraryScanner(ScanOptions.Default.WithAnalyzers(new MyTagger()));
/// var report = await scanner.ScanAsync("/media/shoot", index, progress, token);
/// Console.WriteLine(report);
/// </code>
/// </example>
public sealed class LibraryScanner
{
    /// <summary>Creates a scanner.</summary>
    /// <param name="options">How to scan; <see cref="ScanOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">Two analysers share a source name.</exception>
    public LibraryScanner(ScanOptions? options = null)
    {
        Options = options ?? ScanOptions.Default;
        var sources = new HashSet<string>(StringComparer.Ordinal);
        foreach (var analyzer in Options.Analyzers)
        {
            if (analyzer is null)
                throw new ArgumentException("ScanOptions.Analyzers holds a null analyser.", nameof(options));
            if (string.IsNullOrEmpty(analyzer.Source) || !sources.Add(analyzer.Source))
                throw new ArgumentException($"Analyser source '{analyzer.Source}' is empty or used twice; every analyser needs its own name.", nameof(options));
        }
    }

    /// <summary>Creates a scanner from the defaults changed by <paramref name="configure"/>.</summary>
    public LibraryScanner(Func<ScanOptions, ScanOptions> configure)
        : this((configure ?? throw new ArgumentNullException(nameof(configure)))(ScanOptions.Default))
    {
    }

    /// <summary>The settings this scanner uses.</summary>
    public ScanOptions Options { get; }

    /// <summary>Called with the walked list before any file is read (tests use it to change the disk in between).</summary>
    internal Action<IReadOnlyList<string>>? AfterWalk { get; set; }

    /// <summary>
    /// Scans <paramref name="folder"/> (recursively) into <paramref name="index"/>.
    /// </summary>
    /// <param name="folder">The folder to scan.</param>
    /// <param name="index">Where assets are stored; the scanner calls it from one task at a time.</param>
    /// <param name="progress">Receives ("scan", files done, files total) after each file.</param>
    /// <param name="cancellationToken">Stops the scan between files and inside a file's decode or analysis. Every
    /// asset already saved stays complete (each is one <see cref="IAssetIndex.SaveAsync"/>); nothing is removed.</param>
    /// <returns>The counts, failures and throughput of this scan.</returns>
    /// <exception cref="DirectoryNotFoundException"><paramref name="folder"/> is not a folder.</exception>
    /// <exception cref="OperationCanceledException">The scan was cancelled.</exception>
    public async Task<ScanReport> ScanAsync(string folder, IAssetIndex index, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(index);
        var clock = Stopwatch.StartNew();
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        var files = MediaWalker.Walk(root, cancellationToken);
        AfterWalk?.Invoke(files);
        var parallel = Math.Min(Options.EffectiveParallelFiles, Math.Max(1, files.Count));
        var budget = Options.Budget ?? ComputeBudget.Default;
        using var run = new ScanRun(Options, index, budget with { MaxThreads = Math.Max(1, budget.MaxThreads / parallel) });
        progress?.Report(AugmentProgress.Items("scan", 0, files.Count));
        var done = 0;
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken },
            async (path, token) =>
            {
                var outcome = await run.ProcessAsync(path, token).ConfigureAwait(false);
                run.Count(outcome);
                progress?.Report(AugmentProgress.Items("scan", Interlocked.Increment(ref done), files.Count));
            }).ConfigureAwait(false);

        var removed = 0;
        if (Options.RemoveMissing)
            removed = await RemoveMissingAsync(root, files, run, cancellationToken).ConfigureAwait(false);
        clock.Stop();
        return run.Report(root, files.Count, removed, clock.Elapsed);
    }

    private static async Task<int> RemoveMissingAsync(string root, List<string> files, ScanRun run, CancellationToken cancellationToken)
    {
        var walked = new HashSet<string>(files, StringComparer.Ordinal);
        var stored = await run.Index(i => i.AssetsAsync(new AssetFilter { Folder = root, IncludeFailed = true }, cancellationToken)).ConfigureAwait(false);
        var removed = 0;
        foreach (var asset in stored)
        {
            // Only files really gone: one in a hidden or unreadable folder, or of a type no longer walked, stays.
            if (walked.Contains(asset.Info.Path) || File.Exists(asset.Info.Path))
                continue;
            if (await run.Index(i => i.RemoveAsync(asset.Info.Path, cancellationToken)).ConfigureAwait(false))
                removed++;
        }
        return removed;
    }
}
