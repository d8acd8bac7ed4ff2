namespace Augment.Vision;

/// <summary>
/// A binary max-heap of (key, node) pairs on flat arrays that grow once and are then reused query after
/// query (it lives in a pooled <see cref="HnswScratch"/>). The candidate queue keys by score (best on
/// top); the result set keys by minus the score (worst kept on top, so it is evicted in O(log ef)).
/// </summary>
internal sealed class HnswHeap
{
    private float[] _keys = new float[64];
    private int[] _nodes = new int[64];

    public int Count { get; private set; }

    public float TopKey => _keys[0];

    public int TopNode => _nodes[0];

    public void Clear() => Count = 0;

    public void Push(float key, int node)
    {
        if (Count == _keys.Length)
        {
            Array.Resize(ref _keys, Count * 2);
            Array.Resize(ref _nodes, Count * 2);
        }
        var i = Count++;
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (_keys[parent] >= key)
                break;
            _keys[i] = _keys[parent];
            _nodes[i] = _nodes[parent];
            i = parent;
        }
        _keys[i] = key;
        _nodes[i] = node;
    }

    public int Pop(out float key)
    {
        key = _keys[0];
        var top = _nodes[0];
        var last = --Count;
        if (last == 0)
            return top;
        var movingKey = _keys[last];
        var movingNode = _nodes[last];
        var i = 0;
        while (true)
        {
            var child = (2 * i) + 1;
            if (child >= last)
                break;
            if (child + 1 < last && _keys[child + 1] > _keys[child])
                child++;
            if (_keys[child] <= movingKey)
                break;
            _keys[i] = _keys[child];
            _nodes[i] = _nodes[child];
            i = child;
        }
        _keys[i] = movingKey;
        _nodes[i] = movingNode;
        return top;
    }
}
