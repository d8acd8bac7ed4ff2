using Augment.Vision;

namespace Augment.Library;

/// <summary>
/// How <see cref="LibraryScanner"/> walks a folder and what it records for each file. Immutable: change a copy with
/// <c>with</c> or the fluent <c>With…</c> methods.
/// </summary>
public sealed record ScanOptions
{
    private int _analysisShortSidePixels = 256;
    private int _thumbnailLongSidePixels = 320;
    private int _thumbnailQuality = 80;
    private int _maxParallelFiles;

    /// <summary>The defaults: no analysers, missing files removed, sampled content hash, 256-px keyframes, 320-px thumbnails.</summary>
    public static ScanOptions Default { get; } = new();

    /// <summary>The analysers every scanned asset is given to (tags, embeddings); empty by default.</summary>
    public IReadOnlyList<IAssetAnalyzer> Analyzers { get; init; } = [];

    /// <summary>Remove from the index the files under the scanned folder that are no longer on disk (default true).</summary>
    public bool RemoveMissing { get; init; } = true;

    /// <summary>
    /// Hash the whole file instead of its size plus its first, middle and last MiB (default false: a sampled hash
    /// reads at most 3 MiB, so a touched 10 GB file costs milliseconds, but an edit wholly inside an unsampled region
    /// of a file whose size and time did change is not seen as a content change).
    /// </summary>
    public bool HashWholeFile { get; init; }

    /// <summary>Short side, in pixels, of the keyframes handed to analysers and hashed (default 256; smaller sources are not enlarged).</summary>
    public int AnalysisShortSidePixels
    {
        get => _analysisShortSidePixels;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 16, nameof(AnalysisShortSidePixels));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 4096, nameof(AnalysisShortSidePixels));
            _analysisShortSidePixels = value;
        }
    }

    /// <summary>Long side, in pixels, of the JPEG thumbnail stored per shot (default 320; never larger than the keyframe).</summary>
    public int ThumbnailLongSidePixels
    {
        get => _thumbnailLongSidePixels;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 16, nameof(ThumbnailLongSidePixels));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 4096, nameof(ThumbnailLongSidePixels));
            _thumbnailLongSidePixels = value;
        }
    }

    /// <summary>JPEG quality of the thumbnails, 1..100 (default 80).</summary>
    public int ThumbnailQuality
    {
        get => _thumbnailQuality;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(ThumbnailQuality));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 100, nameof(ThumbnailQuality));
            _thumbnailQuality = value;
        }
    }

    /// <summary>
    /// Files processed at once; 0 (the default) means max(1, <see cref="ComputeBudget.MaxThreads"/> / 2), since each
    /// ffmpeg decoder runs threads of its own.
    /// </summary>
    public int MaxParallelFiles
    {
        get => _maxParallelFiles;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(MaxParallelFiles));
            _maxParallelFiles = value;
        }
    }

    /// <summary>Threads and memory the scan may use; <see cref="ComputeBudget.Default"/> when null.</summary>
    public ComputeBudget? Budget { get; init; }

    /// <summary>Shot detection settings; <see cref="ShotDetectionOptions.Default"/> when null.</summary>
    public ShotDetectionOptions? Shots { get; init; }

    /// <summary>Where ffmpeg and ffprobe are; null looks at <c>AUGMENT_FFMPEG</c>, then the PATH.</summary>
    public string? FfmpegPath { get; init; }

    /// <summary>A copy with these analysers.</summary>
    public ScanOptions WithAnalyzers(params IAssetAnalyzer[] analyzers) => this with { Analyzers = analyzers };

    /// <summary>A copy that removes (true) or keeps (false) index entries of files gone from disk.</summary>
    public ScanOptions WithRemoveMissing(bool remove) => this with { RemoveMissing = remove };

    /// <summary>A copy that hashes whole files (true) or samples them (false).</summary>
    public ScanOptions WithWholeFileHash(bool whole) => this with { HashWholeFile = whole };

    /// <summary>A copy with this many files processed at once (0 = automatic).</summary>
    public ScanOptions WithMaxParallelFiles(int files) => this with { MaxParallelFiles = files };

    /// <summary>A copy with this compute budget.</summary>
    public ScanOptions WithBudget(ComputeBudget budget) => this with { Budget = budget };

    internal int EffectiveParallelFiles =>
        MaxParallelFiles > 0 ? MaxParallelFiles : Math.Max(1, (Budget ?? ComputeBudget.Default).MaxThreads / 2);
}
