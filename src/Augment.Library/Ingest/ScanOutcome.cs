namespace Augment.Library;

/// <summary>What a scan did with one file.</summary>
internal enum ScanOutcome
{
    Added,
    Updated,
    MetadataOnly,
    Reanalysed,
    Unchanged,
    Failed,
}
