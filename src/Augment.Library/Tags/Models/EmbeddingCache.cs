namespace Augment.Library;

/// <summary>A small thread-safe least-recently-used map from text to embedding; it hands out copies only.</summary>
internal sealed class EmbeddingCache(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<(string Key, float[] Value)>> _map = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, float[] Value)> _order = new();
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock) return _map.Count;
        }
    }

    public bool TryGet(string key, out float[] value)
    {
        lock (_lock)
        {
            if (_map.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                value = (float[])node.Value.Value.Clone();
                return true;
            }
        }
        value = [];
        return false;
    }

    public void Add(string key, float[] value)
    {
        if (capacity == 0) return;
        var copy = (float[])value.Clone();
        lock (_lock)
        {
            if (_map.TryGetValue(key, out var existing))
            {
                _order.Remove(existing);
                _map.Remove(key);
            }
            _map[key] = _order.AddFirst((key, copy));
            while (_map.Count > capacity)
            {
                var last = _order.Last!;
                _order.RemoveLast();
                _map.Remove(last.Value.Key);
            }
        }
    }
}
