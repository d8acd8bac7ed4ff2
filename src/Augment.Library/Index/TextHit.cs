namespace Augment.Library;

/// <summary>
/// One row a full-text query matched: a tag on a shot, or (with <see cref="ShotIndex"/> = -1) the path of an asset.
/// </summary>
/// <param name="AssetId">The asset.</param>
/// <param name="ShotIndex">The tagged shot, or -1 when the asset's path matched.</param>
/// <param name="Text">The matched tag or path.</param>
/// <param name="Source">The analyser that gave the tag ("path" for a path).</param>
/// <param name="Score">The tag's confidence (1 for a path).</param>
/// <param name="Start">Start of the tag's range (zero for a path).</param>
/// <param name="End">End of the tag's range (the asset's duration for a path).</param>
public sealed record TextHit(long AssetId, int ShotIndex, string Text, string Source, float Score, TimeSpan Start, TimeSpan End);
