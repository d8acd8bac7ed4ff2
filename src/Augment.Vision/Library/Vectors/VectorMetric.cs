namespace Augment.Vision;

/// <summary>How a <see cref="VectorIndex"/> scores a stored vector against a query (higher is nearer).</summary>
public enum VectorMetric
{
    /// <summary>Cosine similarity in -1..1: vectors and queries are L2-normalised, then dotted.</summary>
    Cosine = 0,

    /// <summary>The raw inner product, for embeddings whose length carries meaning.</summary>
    DotProduct = 1,
}
