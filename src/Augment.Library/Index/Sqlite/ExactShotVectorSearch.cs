using Augment.Vision;
namespace Augment.Library;

/// <summary>
/// Exact cosine search over one source's embeddings with Vision's <see cref="VectorIndex"/>. Rows are added in
/// (asset id, shot index) order and the row number is the vector id, so the index's tie rule (smaller id first) is
/// the contract's (asset id, then shot index).
/// </summary>
internal sealed class ExactShotVectorSearch : IShotVectorSearch
{
    private readonly VectorIndex? _index;
    private readonly ShotKey[] _keys;

    /// <param name="dimension">Length of the embeddings (0 for a source with none).</param>
    /// <param name="index">The vectors, ids = positions in <paramref name="keys"/>; null when there are none.</param>
    /// <param name="keys">The shot of each id.</param>
    public ExactShotVectorSearch(int dimension, VectorIndex? index, ShotKey[] keys)
    {
        Dimension = dimension;
        _index = index;
        _keys = keys;
    }

    public int Dimension { get; }

    public int Count => _index?.Count ?? 0;

    public IReadOnlyList<ShotMatch> Search(ReadOnlySpan<float> query, int k, Func<long, bool>? allowAsset, CancellationToken cancellationToken)
    {
        if (_index is null || _index.Count == 0)
            return [];
        Func<long, bool>? filter = allowAsset is null ? null : id => allowAsset(_keys[id].AssetId);
        var found = _index.Search(query, k, filter, cancellationToken);
        var matches = new ShotMatch[found.Length];
        for (var i = 0; i < found.Length; i++)
            matches[i] = new ShotMatch(_keys[found[i].Id], found[i].Score);
        return matches;
    }
}
