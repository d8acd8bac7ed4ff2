using Augment.Vision;
namespace Augment.Library;

/// <summary>
/// Approximate cosine search over one large source with Vision's <see cref="HnswIndex"/>. The vector id is the row's
/// position among the source's rows in (asset id, shot index) order, so ids rise with the contract's tie order.
/// A filter is the graph walk's delegate: rejected shots are walked through, not returned, and the walk goes on until
/// ef shots pass or the graph is exhausted.
/// </summary>
internal sealed class HnswShotVectorSearch : IShotVectorSearch
{
    private readonly HnswIndex _index;
    private readonly ShotKey[] _keys;
    private readonly int _ef;

    /// <param name="index">The graph; ids are positions in <paramref name="keys"/>.</param>
    /// <param name="keys">The shot of each row position (rows without a cosine direction keep their place but are not in the graph).</param>
    /// <param name="ef">Candidate list size (raised to k).</param>
    public HnswShotVectorSearch(HnswIndex index, ShotKey[] keys, int ef)
    {
        _index = index;
        _keys = keys;
        _ef = ef;
    }

    public int Dimension => _index.Dimension;

    public int Count => _index.Count;

    public IReadOnlyList<ShotMatch> Search(ReadOnlySpan<float> query, int k, Func<long, bool>? allowAsset, CancellationToken cancellationToken)
    {
        if (_index.Count == 0)
            return [];
        cancellationToken.ThrowIfCancellationRequested();
        var keys = _keys;
        Func<long, bool>? filter = allowAsset is null ? null : id => allowAsset(keys[id].AssetId);
        var want = Math.Min(k, _index.Count);
        // Vision's walk keeps expanding until ef accepted shots are held, so a selective filter still returns every
        // passing shot reachable in the graph (at the cost of walking most of it).
        var found = _index.Search(query, want, filter, Math.Min(Math.Max(want, _ef), HnswOptions.MaxEf));
        var matches = new ShotMatch[found.Length];
        for (var i = 0; i < found.Length; i++)
        {
            var id = found[i].Id;
            if ((ulong)id >= (ulong)keys.Length)
                throw new AssetIndexException($"The approximate index returned vector id {id}, but the source has {keys.Length} rows.");
            matches[i] = new ShotMatch(keys[id], found[i].Score);
        }
        // The graph already orders ties by id (= asset id, then shot index); sorting again keeps the contract's
        // order independent of that detail.
        Array.Sort(matches, static (a, b) =>
        {
            var byScore = b.Score.CompareTo(a.Score);
            if (byScore != 0)
                return byScore;
            var byAsset = a.Shot.AssetId.CompareTo(b.Shot.AssetId);
            return byAsset != 0 ? byAsset : a.Shot.ShotIndex.CompareTo(b.Shot.ShotIndex);
        });
        return matches;
    }
}
