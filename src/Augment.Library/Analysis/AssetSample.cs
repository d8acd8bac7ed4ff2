namespace Augment.Library;

/// <summary>What an analyser sees of one asset: its metadata and one sample per shot.</summary>
/// <param name="Info">The asset's identity and technical metadata.</param>
/// <param name="Shots">One sample per shot, in timeline order (one for a still).</param>
public sealed record AssetSample(AssetInfo Info, IReadOnlyList<ShotSample> Shots);
