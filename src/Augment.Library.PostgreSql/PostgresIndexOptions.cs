namespace Augment.Library;

/// <summary>Settings of a <see cref="PostgresAssetIndex"/>; <see cref="Default"/> suits most catalogues.</summary>
public sealed record PostgresIndexOptions
{
    /// <summary>
    /// The PostgreSQL schema the tables live in (created when missing): lower-case letters, digits and underscores,
    /// starting with a letter or underscore, at most 63 characters. Several catalogues can share one database.
    /// </summary>
    public string Schema { get; init; } = "augment";

    /// <summary>Where vector searches run.</summary>
    public PostgresVectorSearch VectorSearch { get; init; } = PostgresVectorSearch.Auto;

    /// <summary>pgvector's <c>hnsw.ef_search</c> for each query (candidates kept; higher is slower and more exact), at least the k asked for.</summary>
    public int HnswEfSearch { get; init; } = 100;

    /// <summary>Threads and memory for in-process vector search (the loaded embeddings count against it).</summary>
    public ComputeBudget? Budget { get; init; }

    /// <summary>How often a write that lost a serialization conflict or deadlock against another writer is retried.</summary>
    public int MaxWriteRetries { get; init; } = 5;

    /// <summary>The defaults: schema "augment", pgvector when available, ef_search 100, five retries.</summary>
    public static PostgresIndexOptions Default { get; } = new();
}
