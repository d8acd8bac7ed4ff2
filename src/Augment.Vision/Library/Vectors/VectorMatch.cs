namespace Augment.Vision;

/// <summary>One search result: the id given at <see cref="VectorIndex.Add"/> and its score (higher is nearer).</summary>
/// <param name="Id">The stored vector's id.</param>
/// <param name="Score">Cosine similarity (-1..1) or inner product, by the index's <see cref="VectorMetric"/>.</param>
public readonly record struct VectorMatch(long Id, float Score);
