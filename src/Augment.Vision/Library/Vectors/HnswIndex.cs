using System.Collections.Concurrent;

namespace Augment.Vision;

/// <summary>
/// An approximate nearest-neighbour index for embeddings: a Hierarchical Navigable Small World graph
/// (Malkov &amp; Yashunin, IEEE TPAMI 2018) over vectors stored in fixed 16 MiB float32 chunks, as in the
/// exact <see cref="VectorIndex"/>. A search walks the graph from a single entry point, scoring a few
/// thousand vectors instead of all of them; <see cref="HnswOptions.EfSearch"/> trades recall for time.
/// <para>
/// Threading: <see cref="Search"/> calls may run concurrently with each other, but not with
/// <see cref="Add"/>, <see cref="AddRange"/> or <see cref="Remove"/>. <see cref="AddRange"/> is the
/// parallel build path: it links a batch on the budget's threads (per-node locks), so the graph then
/// depends on thread timing; <see cref="Add"/> (or a one-thread budget) builds the same graph for the
/// same seed and insertion order every time.
/// </para>
/// </summary>
public sealed class HnswIndex
{
    private const int ChunkFloats = 1 << 22; // 16 MiB of float32 per vector chunk.
    private const int LinkChunkShift = 14;   // 16384 nodes per layer-0 link chunk.
    private const int LinkChunkNodes = 1 << LinkChunkShift;
    private const int LockStripes = 4096;

    private readonly List<float[]> _vectorChunks = [];
    private readonly List<int[]> _linkChunks = [];
    private readonly Dictionary<long, int> _nodeOfId = [];
    private readonly ConcurrentBag<HnswScratch> _scratch = [];
    private readonly object[] _stripes = new object[LockStripes];
    private readonly int _rowsPerChunk;
    private long[] _ids = [];
    private byte[] _levels = [];
    private bool[] _removed = [];
    private int[] _upperOffset = [];
    private int[] _upper = [];
    private int _upperUsed;
    private int _capacity;

    /// <summary>Creates an empty index.</summary>
    /// <param name="dimension">Length of every vector (1..65536).</param>
    /// <param name="options">Graph parameters and metric; <see cref="HnswOptions.Default"/> when null.</param>
    /// <param name="budget">Threads for <see cref="AddRange"/> and the memory the index may occupy; <see cref="ComputeBudget.Default"/> when null.</param>
    public HnswIndex(int dimension, HnswOptions? options = null, ComputeBudget? budget = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimension, VectorIndex.MaxDimension);
        Dimension = dimension;
        Options = options ?? HnswOptions.Default;
        Budget = budget ?? ComputeBudget.Default;
        _rowsPerChunk = Math.Max(1, ChunkFloats / dimension);
        LinkStride0 = (2 * Options.M) + 1;
        LinkStrideUpper = Options.M + 1;
        for (var i = 0; i < _stripes.Length; i++)
            _stripes[i] = new object();
    }

    /// <summary>Length of every stored vector.</summary>
    public int Dimension { get; }

    /// <summary>Graph parameters and metric.</summary>
    public HnswOptions Options { get; }

    /// <summary>How vectors are scored.</summary>
    public VectorMetric Metric => Options.Metric;

    /// <summary>Threads and memory this index may use.</summary>
    public ComputeBudget Budget { get; }

    /// <summary>Number of searchable vectors (removed ones are not counted).</summary>
    public int Count => _nodeOfId.Count;

    /// <summary>Nodes in the graph, removed ones included (they stay as waypoints until the index is rebuilt).</summary>
    public int NodeCount { get; private set; }

    /// <summary>Bytes held by vectors, links and per-node arrays.</summary>
    public long StoredBytes =>
        ((long)_vectorChunks.Count * _rowsPerChunk * Dimension * sizeof(float))
        + ((long)_linkChunks.Count * LinkChunkNodes * LinkStride0 * sizeof(int))
        + ((long)_upper.Length * sizeof(int))
        + ((long)_capacity * (sizeof(long) + sizeof(byte) + sizeof(bool) + sizeof(int)));

    /// <summary>Whether a searchable vector with this id is stored.</summary>
    public bool Contains(long id) => _nodeOfId.ContainsKey(id);

    /// <summary>Inserts one vector (normalised first for cosine) and links it into the graph on the calling thread.</summary>
    /// <param name="id">Caller's id, unique among the searchable vectors.</param>
    /// <param name="vector">Exactly <see cref="Dimension"/> finite values; not all zero for cosine.</param>
    /// <exception cref="ArgumentException">Wrong length, non-finite or zero vector, or a duplicate id.</exception>
    /// <exception cref="ResourceLimitException">The index would exceed the budget's memory.</exception>
    public void Add(long id, ReadOnlySpan<float> vector)
    {
        CheckVector(vector, nameof(vector));
        if (_nodeOfId.ContainsKey(id))
            throw new ArgumentException($"A vector with id {id} is already in the index; remove it first.", nameof(id));
        if (Metric == VectorMetric.Cosine && !HasLength(vector))
            throw new ArgumentException($"Vector {id} has zero length and has no cosine direction.", nameof(vector));
        EnsureCapacity(NodeCount + 1);
        var node = AppendNode(id, vector);
        LinkNode(node, concurrent: false);
    }

    /// <summary>
    /// Inserts a batch: every vector is checked first (nothing is added when one is bad), then stored, then
    /// linked on up to <see cref="ComputeBudget.MaxThreads"/> threads. On cancellation the vectors not yet
    /// linked are dropped (<see cref="Contains"/> says which went in) and the exception is rethrown.
    /// </summary>
    /// <param name="ids">One id per vector, unique among themselves and the searchable vectors.</param>
    /// <param name="vectors">The vectors back to back: ids.Length x <see cref="Dimension"/> values.</param>
    /// <param name="progress">Receives "hnsw-build" item counts about every thousand vectors.</param>
    /// <param name="cancellationToken">Stops linking between vectors.</param>
    public void AddRange(ReadOnlySpan<long> ids, ReadOnlySpan<float> vectors, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if ((long)ids.Length * Dimension != vectors.Length)
            throw new ArgumentException($"{ids.Length} ids need {(long)ids.Length * Dimension} values of dimension {Dimension}, but {vectors.Length} were given.", nameof(vectors));
        var batchIds = new HashSet<long>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            var vector = vectors.Slice(i * Dimension, Dimension);
            CheckVector(vector, nameof(vectors));
            if (_nodeOfId.ContainsKey(ids[i]) || !batchIds.Add(ids[i]))
                throw new ArgumentException($"Id {ids[i]} (position {i}) is already in the index or repeats in the batch.", nameof(ids));
            if (Metric == VectorMetric.Cosine && !HasLength(vector))
                throw new ArgumentException($"Vector {ids[i]} (position {i}) has zero length and has no cosine direction.", nameof(vectors));
        }
        if (ids.Length == 0)
            return;
        EnsureCapacity(NodeCount + ids.Length);
        var first = NodeCount;
        for (var i = 0; i < ids.Length; i++)
            AppendNode(ids[i], vectors.Slice(i * Dimension, Dimension));
        var end = NodeCount;
        var linked = new bool[end - first];
        var done = 0;
        var start = first;
        if (EntryPoint < 0)
        {
            LinkNode(first, concurrent: false);
            linked[0] = true;
            start++;
        }
        try
        {
            Parallel.For(start, end, Budget.ToParallelOptions(cancellationToken), node =>
            {
                LinkNode(node, concurrent: Budget.MaxThreads > 1);
                linked[node - first] = true;
                var finished = Interlocked.Increment(ref done);
                if (progress is not null && (finished & 1023) == 0)
                    progress.Report(AugmentProgress.Items("hnsw-build", finished, end - start));
            });
        }
        catch (OperationCanceledException)
        {
            // Unlinked nodes are unreachable: tombstone them so they are neither searched nor saved as live.
            for (var node = first; node < end; node++)
            {
                if (!linked[node - first])
                    MarkRemoved(node);
            }
            throw;
        }
        var scratch = RentScratch();
        try
        {
            RepairedNodes += HnswGraphKernel.RepairReachability(this, scratch);
        }
        finally
        {
            ReturnScratch(scratch);
        }
        progress?.Report(AugmentProgress.Items("hnsw-build", end - start, end - start));
    }

    /// <summary>Nodes the bottom layer could not reach after a batch and that were given a link (see <see cref="HnswGraphKernel.RepairReachability"/>).</summary>
    internal int RepairedNodes { get; private set; }

    /// <summary>Removes the vector with this id from search results; false when it was not stored.</summary>
    /// <remarks>The node stays in the graph as a waypoint (a tombstone), so removal never disconnects others; rebuild to reclaim the space.</remarks>
    public bool Remove(long id)
    {
        if (!_nodeOfId.TryGetValue(id, out var node))
            return false;
        MarkRemoved(node);
        return true;
    }

    /// <summary>The approximately <paramref name="k"/> nearest searchable vectors, best first (ties: smaller id first).</summary>
    /// <param name="query">Exactly <see cref="Dimension"/> finite values (normalised here for cosine).</param>
    /// <param name="k">How many matches to return (at least 1); fewer when fewer vectors pass.</param>
    /// <param name="filter">When given, only ids for which it returns true are returned (others are still walked through).</param>
    /// <param name="ef">Candidate list size for this query (raised to <paramref name="k"/>); <see cref="HnswOptions.EfSearch"/> when null.</param>
    public VectorMatch[] Search(ReadOnlySpan<float> query, int k, Func<long, bool>? filter = null, int? ef = null)
    {
        CheckVector(query, nameof(query));
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (ef is { } given)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(given, 1, nameof(ef));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(given, HnswOptions.MaxEf, nameof(ef));
        }
        var scratch = RentScratch();
        try
        {
            if (Metric == VectorMetric.Cosine)
            {
                if (!VectorKernel.TryNormalize(query, scratch.Query))
                    throw new ArgumentException("A cosine query must not have zero length.", nameof(query));
            }
            else
            {
                query.CopyTo(scratch.Query);
            }
            if (Count == 0)
                return [];
            return HnswGraphKernel.Search(this, scratch, k, Math.Max(k, ef ?? Options.EfSearch), filter);
        }
        finally
        {
            _scratch.Add(scratch);
        }
    }

    /// <summary>Writes the index to <paramref name="path"/> atomically (layout: docs/vision-library-hnsw.md).</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.Write(path, stream => HnswIndexFile.Write(this, stream));
    }

    /// <summary>Writes the index to a stream (layout: docs/vision-library-hnsw.md).</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        HnswIndexFile.Write(this, stream);
    }

    /// <summary>Reads an index written by <see cref="Save(string)"/>.</summary>
    /// <param name="path">The index file.</param>
    /// <param name="budget">Budget of the loaded index; its memory limit is checked before the vectors are read.</param>
    /// <exception cref="InvalidMediaException">The file is truncated or malformed (the message names the byte offset).</exception>
    /// <exception cref="ResourceLimitException">The declared size exceeds the budget's memory.</exception>
    public static HnswIndex Load(string path, ComputeBudget? budget = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return HnswIndexFile.Read(stream, path, budget ?? ComputeBudget.Default);
    }

    /// <summary>Reads an index written by <see cref="Save(Stream)"/>.</summary>
    /// <param name="stream">Positioned at the start of the index.</param>
    /// <param name="sourceName">Name for error messages.</param>
    /// <param name="budget">Budget of the loaded index.</param>
    public static HnswIndex Load(Stream stream, string? sourceName = null, ComputeBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return HnswIndexFile.Read(stream, sourceName, budget ?? ComputeBudget.Default);
    }

    // ---- graph storage, used by HnswGraphKernel and HnswIndexFile ----

    internal int LinkStride0 { get; }

    internal int LinkStrideUpper { get; }

    internal int EntryPoint { get; set; } = -1;

    internal int TopLevel { get; set; } = -1;

    internal object EntryGate { get; } = new();

    internal object LockOf(int node) => _stripes[node & (LockStripes - 1)];

    internal long IdAt(int node) => _ids[node];

    internal int LevelOf(int node) => _levels[node];

    internal bool IsRemoved(int node) => _removed[node];

    internal ReadOnlySpan<float> VectorOf(int node) =>
        _vectorChunks[node / _rowsPerChunk].AsSpan((node % _rowsPerChunk) * Dimension, Dimension);

    /// <summary>The neighbour list of a node on a layer: element 0 is the count, then up to Mmax node numbers.</summary>
    internal Span<int> Links(int node, int level) => level == 0
        ? _linkChunks[node >> LinkChunkShift].AsSpan((node & (LinkChunkNodes - 1)) * LinkStride0, LinkStride0)
        : _upper.AsSpan(_upperOffset[node] + ((level - 1) * LinkStrideUpper), LinkStrideUpper);

    internal int Capacity => _capacity;

    internal HnswScratch RentScratch() => _scratch.TryTake(out var scratch) ? scratch : new HnswScratch(Dimension, Options.M);

    internal void ReturnScratch(HnswScratch scratch) => _scratch.Add(scratch);

    /// <summary>Grows every per-node store to hold <paramref name="nodes"/>, checking the budget first.</summary>
    internal void EnsureCapacity(int nodes)
    {
        if (nodes <= _capacity)
            return;
        var target = (int)Math.Min(int.MaxValue - 1, Math.Max(nodes, Math.Max(1024L, (long)_capacity * 2)));
        var vectorChunks = ((long)target + _rowsPerChunk - 1) / _rowsPerChunk;
        var linkChunks = ((long)target + LinkChunkNodes - 1) / LinkChunkNodes;
        // Upper layers: a node reaches layer 1 with probability 1/M, so about target/(M-1) upper lists of M+1 ints.
        var bytes = (vectorChunks * _rowsPerChunk * Dimension * sizeof(float))
            + (linkChunks * LinkChunkNodes * LinkStride0 * sizeof(int))
            + ((long)target * (sizeof(long) + sizeof(byte) + sizeof(bool) + sizeof(int)))
            + ((long)_upper.Length * sizeof(int));
        Budget.EnsureAllocation(bytes, $"An HNSW index of {target} x {Dimension} float32 with M = {Options.M}");
        while (_vectorChunks.Count < vectorChunks)
            _vectorChunks.Add(GC.AllocateUninitializedArray<float>(_rowsPerChunk * Dimension));
        while (_linkChunks.Count < linkChunks)
            _linkChunks.Add(new int[LinkChunkNodes * LinkStride0]);
        Array.Resize(ref _ids, target);
        Array.Resize(ref _levels, target);
        Array.Resize(ref _removed, target);
        Array.Resize(ref _upperOffset, target);
        _capacity = target;
    }

    /// <summary>Appends a node with a drawn level and stores its (normalised) vector; links are left empty.</summary>
    private int AppendNode(long id, ReadOnlySpan<float> vector)
    {
        var node = NodeCount;
        var destination = AppendRaw(id, HnswLevels.Draw(Options.Seed, node, Options.M), removed: false);
        if (Metric == VectorMetric.Cosine)
            VectorKernel.TryNormalize(vector, destination);
        else
            vector.CopyTo(destination);
        return node;
    }

    /// <summary>Appends a node (capacity must be ensured) and returns its vector row to fill; the loader uses this directly.</summary>
    internal Span<float> AppendRaw(long id, int level, bool removed)
    {
        var node = NodeCount;
        if (node >= _capacity)
            throw new InvalidOperationException("HNSW capacity was not reserved.");
        _ids[node] = id;
        _levels[node] = (byte)level;
        _removed[node] = removed;
        _upperOffset[node] = -1;
        if (level > 0)
        {
            var needed = _upperUsed + (level * LinkStrideUpper);
            if (needed > _upper.Length)
            {
                var size = Math.Max(needed, Math.Max(1024, _upper.Length * 2));
                Budget.EnsureAllocation(StoredBytes + ((long)(size - _upper.Length) * sizeof(int)), $"The upper layers of an HNSW index of {node + 1} nodes");
                Array.Resize(ref _upper, size);
            }
            _upperOffset[node] = _upperUsed;
            _upper.AsSpan(_upperUsed, level * LinkStrideUpper).Clear();
            _upperUsed = needed;
        }
        Links(node, 0)[0] = 0;
        if (!removed)
            _nodeOfId.Add(id, node);
        NodeCount = node + 1;
        var row = _vectorChunks[node / _rowsPerChunk].AsSpan((node % _rowsPerChunk) * Dimension, Dimension);
        return row;
    }

    /// <summary>Links a stored node into the graph (the first node becomes the entry point). AddRange appends a whole batch first, so no store moves under the parallel linkers.</summary>
    private void LinkNode(int node, bool concurrent)
    {
        if (EntryPoint < 0)
        {
            EntryPoint = node;
            TopLevel = _levels[node];
            return;
        }
        var scratch = RentScratch();
        try
        {
            HnswGraphKernel.Insert(this, node, scratch, concurrent);
        }
        finally
        {
            _scratch.Add(scratch);
        }
    }

    private void MarkRemoved(int node)
    {
        if (_removed[node])
            return;
        _removed[node] = true;
        _nodeOfId.Remove(_ids[node]);
    }

    private void CheckVector(ReadOnlySpan<float> vector, string name)
    {
        if (vector.Length != Dimension)
            throw new ArgumentException($"The vector has {vector.Length} values but the index dimension is {Dimension}.", name);
        if (!VectorKernel.AllFinite(vector))
            throw new ArgumentException("The vector holds a NaN or infinite value.", name);
    }

    private static bool HasLength(ReadOnlySpan<float> vector)
    {
        foreach (var v in vector)
        {
            if (v != 0)
                return true;
        }
        return false;
    }
}
