using System.Globalization;
using System.Text;

namespace Augment.Library;

/// <summary>What one <see cref="LibraryScanner.ScanAsync"/> call did.</summary>
public sealed record ScanReport
{
    /// <summary>The folder scanned (full path).</summary>
    public required string Folder { get; init; }

    /// <summary>Media files found by the walk.</summary>
    public int FilesSeen { get; init; }

    /// <summary>Files not in the index before that are now indexed.</summary>
    public int Added { get; init; }

    /// <summary>Files scanned again from scratch: their content changed, or their last scan had failed.</summary>
    public int Updated { get; init; }

    /// <summary>Files whose time or size changed but whose content hash did not: metadata refreshed, no shot detection.</summary>
    public int MetadataOnly { get; init; }

    /// <summary>Unchanged files on which only analysers with a new version ran again.</summary>
    public int Reanalysed { get; init; }

    /// <summary>Unchanged files skipped.</summary>
    public int Unchanged { get; init; }

    /// <summary>Files that could not be indexed (each recorded in the index as a failure).</summary>
    public IReadOnlyList<ScanFailure> Failures { get; init; } = [];

    /// <summary>Index entries removed because their file is gone from disk.</summary>
    public int Removed { get; init; }

    /// <summary>Total duration of the videos decoded in full (added or updated) by this scan.</summary>
    public TimeSpan MediaDuration { get; init; }

    /// <summary>Wall-clock time of the scan.</summary>
    public TimeSpan WallTime { get; init; }

    /// <summary>Media seconds decoded per wall-clock second (<see cref="MediaDuration"/> / <see cref="WallTime"/>); 0 when nothing was decoded.</summary>
    public double RealTimeFactor => WallTime > TimeSpan.Zero ? MediaDuration.TotalSeconds / WallTime.TotalSeconds : 0.0;

    /// <summary>One line per count, then the failures.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"{FilesSeen} files in {Folder}: {Added} added, {Updated} updated, {MetadataOnly} metadata only, {Reanalysed} re-analysed, {Unchanged} unchanged, {Failures.Count} failed, {Removed} removed");
        text.Append(CultureInfo.InvariantCulture,
            $"; {MediaDuration.TotalSeconds:F1} s of video in {WallTime.TotalSeconds:F1} s ({RealTimeFactor:F2}x real time)");
        foreach (var failure in Failures)
            text.AppendLine().Append(CultureInfo.InvariantCulture, $"  failed: {failure.Path}: {failure.Error}");
        return text.ToString();
    }
}
