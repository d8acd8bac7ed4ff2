namespace Augment.Library;

/// <summary>
/// The searchable embeddings of one source, held in memory between writes: <see cref="ExactShotVectorSearch"/>, or
/// for a source with at least <see cref="SqliteIndexOptions.ApproximateSearchFrom"/> rows the persisted HNSW graph
/// (<see cref="HnswShotVectorSearch"/>, chosen in <see cref="ShotVectorCache.Get"/>), without the index's callers changing.
/// </summary>
internal interface IShotVectorSearch
{
    /// <summary>Length of every embedding of the source (0 when it has none).</summary>
    int Dimension { get; }

    /// <summary>Number of searchable embeddings.</summary>
    int Count { get; }

    /// <summary>The best <paramref name="k"/> shots, highest cosine first, ties by asset id then shot index.</summary>
    /// <param name="query">Exactly <see cref="Dimension"/> values.</param>
    /// <param name="k">At least 1.</param>
    /// <param name="allowAsset">When given, only shots of assets it accepts are considered.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    IReadOnlyList<ShotMatch> Search(ReadOnlySpan<float> query, int k, Func<long, bool>? allowAsset, CancellationToken cancellationToken);
}
