namespace Augment.Library;

/// <summary>
/// The searchable embeddings of one source, held in memory between writes. Today every source gets
/// <see cref="ExactShotVectorSearch"/>; this is the seam where a persisted approximate index (Vision's HNSW,
/// stored beside the database and rebuilt or patched after writes) can serve large sources — chosen in
/// <see cref="ShotVectorCache.Build"/> by the row count — without the index's callers changing.
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
