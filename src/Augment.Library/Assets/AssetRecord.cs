namespace Augment.Library;

/// <summary>Everything a scan learned about one file; an index stores it in one transaction.</summary>
/// <param name="Info">Identity and technical metadata.</param>
/// <param name="Shots">The shots, in timeline order, indexed from 0 (one for a still).</param>
/// <param name="Analyses">The analysers' tags and embeddings.</param>
public sealed record AssetRecord(AssetInfo Info, IReadOnlyList<ShotRecord> Shots, IReadOnlyList<AssetAnalysis> Analyses);
