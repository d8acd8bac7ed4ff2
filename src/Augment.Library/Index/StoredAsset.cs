namespace Augment.Library;

/// <summary>An asset as an index holds it.</summary>
/// <param name="Id">The id the index gave it; stable while the path stays in the index.</param>
/// <param name="Info">Identity and technical metadata (for a failed file only path, size and time are meaningful).</param>
/// <param name="ScannedUtc">When it was last written to the index.</param>
/// <param name="Error">Why the last scan failed, or null when it succeeded.</param>
/// <param name="Analyses">Source name to version of every analysis stored for it.</param>
public sealed record StoredAsset(long Id, AssetInfo Info, DateTime ScannedUtc, string? Error, IReadOnlyDictionary<string, string> Analyses)
{
    /// <summary>Whether the last scan of this file failed.</summary>
    public bool Failed => Error is not null;
}
