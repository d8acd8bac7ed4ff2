namespace Augment.Library;

/// <summary>Names one shot in an index: the asset's id and the shot's index within it.</summary>
/// <param name="AssetId">The id the index gave the asset.</param>
/// <param name="ShotIndex">The shot's index within the asset (0 for a still).</param>
public readonly record struct ShotKey(long AssetId, int ShotIndex);
