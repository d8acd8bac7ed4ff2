namespace Augment.Provenance.Cbor;

/// <summary>
/// A decoded CBOR map that keeps the file's key order (the JSON report and hashing-free round trips rely on it).
/// Keys are <see cref="string"/> or <see cref="long"/>; other key types are kept as their diagnostic text.
/// </summary>
internal sealed class CborMap
{
    private readonly List<KeyValuePair<object, object?>> _entries = [];

    /// <summary>The entries in file order.</summary>
    public IReadOnlyList<KeyValuePair<object, object?>> Entries => _entries;

    /// <summary>Number of entries.</summary>
    public int Count => _entries.Count;

    /// <summary>Adds an entry (duplicates are kept; lookups see the first).</summary>
    public void Add(object key, object? value) => _entries.Add(new(key, value));

    /// <summary>The value under a text key, or null.</summary>
    public object? this[string key] => TryGet(key, out var value) ? value : null;

    /// <summary>Looks a text key up.</summary>
    public bool TryGet(string key, out object? value)
    {
        foreach (var entry in _entries)
        {
            if (entry.Key is string text && string.Equals(text, key, StringComparison.Ordinal))
            {
                value = entry.Value;
                return true;
            }
        }
        value = null;
        return false;
    }

    /// <summary>The value under an integer key (COSE header labels), or null.</summary>
    public object? Get(long key)
    {
        foreach (var entry in _entries)
        {
            if (entry.Key is long number && number == key)
                return entry.Value;
        }
        return null;
    }

    /// <summary>A text value, or null when absent or of another type.</summary>
    public string? Text(string key) => this[key] as string;

    /// <summary>A byte-string value, or null.</summary>
    public byte[]? Bytes(string key) => this[key] as byte[];

    /// <summary>A nested map, or null.</summary>
    public CborMap? Map(string key) => this[key] as CborMap;

    /// <summary>An array, or null.</summary>
    public List<object?>? Array(string key) => this[key] as List<object?>;

    /// <summary>An integer value (any CBOR integer that fits in <see cref="long"/>), or null.</summary>
    public long? Integer(string key) => this[key] switch
    {
        long l => l,
        ulong u when u <= long.MaxValue => (long)u,
        _ => null,
    };
}
