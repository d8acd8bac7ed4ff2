namespace Augment.Vision;

/// <summary>
/// The best <c>k</c> (score, id) pairs seen so far, as a binary min-heap whose root is the worst kept
/// pair, so a candidate is rejected with one comparison. Ties in score prefer the smaller id, which
/// makes results independent of how rows were split across threads.
/// </summary>
internal sealed class TopKHeap
{
    private readonly float[] _scores;
    private readonly long[] _ids;
    private int _count;

    public TopKHeap(int k)
    {
        _scores = new float[k];
        _ids = new long[k];
    }

    public int Count => _count;

    /// <summary>Score a candidate must beat (or tie with a smaller id) to enter; -inf until full.</summary>
    public float Threshold => _count < _scores.Length ? float.NegativeInfinity : _scores[0];

    public void Offer(float score, long id)
    {
        if (_count < _scores.Length)
        {
            var i = _count++;
            _scores[i] = score;
            _ids[i] = id;
            SiftUp(i);
            return;
        }
        if (!Better(score, id, _scores[0], _ids[0]))
            return;
        _scores[0] = score;
        _ids[0] = id;
        SiftDown(0);
    }

    public void MergeFrom(TopKHeap other)
    {
        for (var i = 0; i < other._count; i++)
            Offer(other._scores[i], other._ids[i]);
    }

    /// <summary>The kept pairs, best first.</summary>
    public VectorMatch[] ToSortedArray()
    {
        var result = new VectorMatch[_count];
        for (var i = 0; i < _count; i++)
            result[i] = new VectorMatch(_ids[i], _scores[i]);
        Array.Sort(result, static (a, b) => Better(a.Score, a.Id, b.Score, b.Id) ? -1 : Better(b.Score, b.Id, a.Score, a.Id) ? 1 : 0);
        return result;
    }

    private static bool Better(float score, long id, float otherScore, long otherId) =>
        score > otherScore || (score == otherScore && id < otherId);

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!Better(_scores[parent], _ids[parent], _scores[i], _ids[i]))
                break;
            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var left = (2 * i) + 1;
            if (left >= _count)
                return;
            var worst = left;
            var right = left + 1;
            if (right < _count && Better(_scores[left], _ids[left], _scores[right], _ids[right]))
                worst = right;
            if (!Better(_scores[i], _ids[i], _scores[worst], _ids[worst]))
                return;
            Swap(i, worst);
            i = worst;
        }
    }

    private void Swap(int a, int b)
    {
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
        (_ids[a], _ids[b]) = (_ids[b], _ids[a]);
    }
}
