namespace Augment.Vision;

/// <summary>
/// An in-process exact nearest-neighbour index for embeddings: every stored vector is scored against
/// the query (no approximation), with SIMD dot products over row bands in parallel and a per-band
/// top-k heap merged at the end. Vectors live in fixed 16 MiB float32 chunks, so a million 512-d
/// vectors (2 GiB) never need one giant array, and growth is checked against the
/// <see cref="ComputeBudget"/>. Not thread-safe for writes: searches may run concurrently with each
/// other but not with <see cref="Add"/> or <see cref="Remove"/>.
/// </summary>
public sealed class VectorIndex
{
    private const int ChunkFloats = 1 << 22; // 16 MiB of float32 per chunk.

    private readonly List<float[]> _chunks = [];
    private readonly Dictionary<long, int> _rowOfId = [];
    private long[] _ids = new long[64];
    private readonly int _rowsPerChunk;

    /// <summary>Creates an empty index.</summary>
    /// <param name="dimension">Length of every vector (1..65536).</param>
    /// <param name="metric">How vectors are scored; <see cref="VectorMetric.Cosine"/> normalises on insert.</param>
    /// <param name="budget">Threads for searches and the memory the stored vectors may occupy; <see cref="ComputeBudget.Default"/> when null.</param>
    public VectorIndex(int dimension, VectorMetric metric = VectorMetric.Cosine, ComputeBudget? budget = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimension, MaxDimension);
        if (!Enum.IsDefined(metric))
            throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown vector metric.");
        Dimension = dimension;
        Metric = metric;
        Budget = budget ?? ComputeBudget.Default;
        _rowsPerChunk = Math.Max(1, ChunkFloats / dimension);
    }

    /// <summary>Largest supported vector length.</summary>
    public const int MaxDimension = 65536;

    /// <summary>Length of every stored vector.</summary>
    public int Dimension { get; }

    /// <summary>How vectors are scored.</summary>
    public VectorMetric Metric { get; }

    /// <summary>Threads and memory this index may use.</summary>
    public ComputeBudget Budget { get; }

    /// <summary>Number of stored vectors.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes held by the vector chunks.</summary>
    public long StoredBytes => (long)_chunks.Count * _rowsPerChunk * Dimension * sizeof(float);

    /// <summary>Whether a vector with this id is stored.</summary>
    public bool Contains(long id) => _rowOfId.ContainsKey(id);

    /// <summary>Stores a vector under a new id (normalised first for <see cref="VectorMetric.Cosine"/>).</summary>
    /// <param name="id">Caller's id, unique in this index.</param>
    /// <param name="vector">Exactly <see cref="Dimension"/> finite values; not all zero for cosine.</param>
    /// <exception cref="ArgumentException">Wrong length, non-finite or zero vector, or a duplicate id.</exception>
    /// <exception cref="ResourceLimitException">The store would exceed the budget's memory.</exception>
    public void Add(long id, ReadOnlySpan<float> vector)
    {
        CheckVector(vector, nameof(vector));
        if (_rowOfId.ContainsKey(id))
            throw new ArgumentException($"A vector with id {id} is already in the index; remove it first.", nameof(id));
        var row = AppendRow(id);
        var destination = RowSpan(row);
        if (Metric == VectorMetric.Cosine)
        {
            if (!VectorKernel.TryNormalize(vector, destination))
            {
                RemoveLastRow();
                throw new ArgumentException($"Vector {id} has zero length and has no cosine direction.", nameof(vector));
            }
        }
        else
        {
            vector.CopyTo(destination);
        }
    }

    /// <summary>Removes the vector with this id; false when it was not stored. The last row moves into its slot.</summary>
    public bool Remove(long id)
    {
        if (!_rowOfId.Remove(id, out var row))
            return false;
        var last = Count - 1;
        if (row != last)
        {
            RowSpan(last).CopyTo(RowSpan(row));
            _ids[row] = _ids[last];
            _rowOfId[_ids[row]] = row;
        }
        Count = last;
        TrimChunks();
        return true;
    }

    /// <summary>Copies the stored (for cosine: normalised) vector of this id into <paramref name="destination"/>; false when absent.</summary>
    public bool TryGetVector(long id, Span<float> destination)
    {
        if (destination.Length != Dimension)
            throw new ArgumentException($"The destination holds {destination.Length} values but the index dimension is {Dimension}.", nameof(destination));
        if (!_rowOfId.TryGetValue(id, out var row))
            return false;
        RowSpan(row).CopyTo(destination);
        return true;
    }

    /// <summary>The <paramref name="k"/> stored vectors scoring highest against the query, best first (ties: smaller id first).</summary>
    /// <param name="query">Exactly <see cref="Dimension"/> finite values (normalised here for cosine).</param>
    /// <param name="k">How many matches to return (at least 1); fewer when fewer vectors pass.</param>
    /// <param name="filter">When given, only ids for which it returns true are considered.</param>
    /// <param name="cancellationToken">Cancels the search between row bands.</param>
    public VectorMatch[] Search(ReadOnlySpan<float> query, int k, Func<long, bool>? filter = null, CancellationToken cancellationToken = default)
    {
        var flat = new float[Dimension];
        PrepareQuery(query, flat, 0, nameof(query));
        return SearchPrepared(flat, 1, k, filter, cancellationToken)[0];
    }

    /// <summary>
    /// Searches several queries in one pass over the store (each band of rows is read once for all
    /// queries, which is what makes batches faster than a loop of <see cref="Search"/>).
    /// </summary>
    /// <param name="queries">The queries back to back: a multiple of <see cref="Dimension"/> values.</param>
    /// <param name="k">Matches per query (at least 1).</param>
    /// <param name="filter">When given, only ids for which it returns true are considered.</param>
    /// <param name="cancellationToken">Cancels the search between row bands.</param>
    /// <returns>One best-first array per query, in query order.</returns>
    public VectorMatch[][] SearchBatch(ReadOnlySpan<float> queries, int k, Func<long, bool>? filter = null, CancellationToken cancellationToken = default)
    {
        if (queries.Length % Dimension != 0)
            throw new ArgumentException($"The queries hold {queries.Length} values, not a multiple of the index dimension {Dimension}.", nameof(queries));
        var count = queries.Length / Dimension;
        var flat = new float[queries.Length];
        for (var q = 0; q < count; q++)
            PrepareQuery(queries.Slice(q * Dimension, Dimension), flat, q, nameof(queries));
        return SearchPrepared(flat, count, k, filter, cancellationToken);
    }

    /// <summary>Writes the index to <paramref name="path"/> atomically (layout: docs/vision-library-vectors.md).</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.Write(path, stream => VectorIndexFile.Write(this, stream));
    }

    /// <summary>Writes the index to a stream (layout: docs/vision-library-vectors.md).</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        VectorIndexFile.Write(this, stream);
    }

    /// <summary>Reads an index written by <see cref="Save(string)"/>.</summary>
    /// <param name="path">The index file.</param>
    /// <param name="budget">Budget of the loaded index; its memory limit is checked before the vectors are read.</param>
    /// <exception cref="InvalidMediaException">The file is truncated or malformed (the message names the byte offset).</exception>
    public static VectorIndex Load(string path, ComputeBudget? budget = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return VectorIndexFile.Read(stream, path, budget ?? ComputeBudget.Default);
    }

    /// <summary>Reads an index written by <see cref="Save(Stream)"/>.</summary>
    /// <param name="stream">Positioned at the start of the index.</param>
    /// <param name="sourceName">Name for error messages.</param>
    /// <param name="budget">Budget of the loaded index.</param>
    public static VectorIndex Load(Stream stream, string? sourceName = null, ComputeBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return VectorIndexFile.Read(stream, sourceName, budget ?? ComputeBudget.Default);
    }

    internal long IdAt(int row) => _ids[row];

    internal Span<float> RowSpan(int row) =>
        _chunks[row / _rowsPerChunk].AsSpan((row % _rowsPerChunk) * Dimension, Dimension);

    /// <summary>Rows [first, first+count) of one chunk as one span (count must not cross a chunk end).</summary>
    internal ReadOnlySpan<float> ChunkRows(int first, int count) =>
        _chunks[first / _rowsPerChunk].AsSpan((first % _rowsPerChunk) * Dimension, count * Dimension);

    internal int RowsPerChunk => _rowsPerChunk;

    /// <summary>Appends a row for the loader, which has validated the values (already normalised for cosine).</summary>
    internal Span<float> AppendRaw(long id) => RowSpan(AppendRow(id));

    internal void EnsureCapacity(int rows)
    {
        var chunks = (rows + _rowsPerChunk - 1) / _rowsPerChunk;
        Budget.EnsureAllocation((long)chunks * _rowsPerChunk * Dimension * sizeof(float), $"A vector index of {rows} x {Dimension} float32");
    }

    private int AppendRow(long id)
    {
        var row = Count;
        if (row == int.MaxValue)
            throw new ResourceLimitException($"A vector index holds at most {int.MaxValue} vectors.");
        if (row / _rowsPerChunk == _chunks.Count)
        {
            var bytes = (long)(_chunks.Count + 1) * _rowsPerChunk * Dimension * sizeof(float);
            Budget.EnsureAllocation(bytes, $"A vector index of {row + 1} x {Dimension} float32");
            _chunks.Add(GC.AllocateUninitializedArray<float>(_rowsPerChunk * Dimension));
        }
        if (row == _ids.Length)
            Array.Resize(ref _ids, (int)Math.Min(int.MaxValue, (long)_ids.Length * 2));
        _ids[row] = id;
        _rowOfId.Add(id, row);
        Count = row + 1;
        return row;
    }

    private void RemoveLastRow()
    {
        _rowOfId.Remove(_ids[Count - 1]);
        Count--;
        TrimChunks();
    }

    private void TrimChunks()
    {
        var needed = (Count + _rowsPerChunk - 1) / _rowsPerChunk;
        // Keep one spare chunk so add/remove at a chunk boundary does not reallocate 16 MiB each time.
        while (_chunks.Count > needed + 1)
            _chunks.RemoveAt(_chunks.Count - 1);
    }

    private void CheckVector(ReadOnlySpan<float> vector, string name)
    {
        if (vector.Length != Dimension)
            throw new ArgumentException($"The vector has {vector.Length} values but the index dimension is {Dimension}.", name);
        if (!VectorKernel.AllFinite(vector))
            throw new ArgumentException("The vector holds a NaN or infinite value.", name);
    }

    private void PrepareQuery(ReadOnlySpan<float> query, float[] flat, int index, string name)
    {
        CheckVector(query, name);
        var destination = flat.AsSpan(index * Dimension, Dimension);
        if (Metric == VectorMetric.Cosine)
        {
            if (!VectorKernel.TryNormalize(query, destination))
                throw new ArgumentException("A cosine query must not have zero length.", name);
        }
        else
        {
            query.CopyTo(destination);
        }
    }

    private VectorMatch[][] SearchPrepared(float[] queries, int queryCount, int k, Func<long, bool>? filter, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        return VectorSearchKernel.Search(this, queries, queryCount, k, filter, cancellationToken);
    }
}
