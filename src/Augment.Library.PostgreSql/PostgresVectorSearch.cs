namespace Augment.Library;

/// <summary>How a <see cref="PostgresAssetIndex"/> answers vector searches.</summary>
public enum PostgresVectorSearch
{
    /// <summary>pgvector when the server offers the extension (and the schema was created with it), otherwise in-process.</summary>
    Auto = 0,

    /// <summary>
    /// Exact search in this process: a source's embeddings are loaded once into Vision's SIMD <c>VectorIndex</c> and
    /// reloaded only when a writer changed them. Results equal the SQLite index's.
    /// </summary>
    InProcess = 1,

    /// <summary>
    /// On the server through pgvector's HNSW index (approximate: recall depends on
    /// <see cref="PostgresIndexOptions.HnswEfSearch"/>). Opening fails when the server lacks the extension.
    /// </summary>
    Pgvector = 2,
}
