namespace Augment.Vision;

/// <summary>
/// Exact top-k over a <see cref="VectorIndex"/>: rows are split into blocks of about 256 KiB that stay
/// in one chunk; Parallel.For hands blocks to at most <see cref="ComputeBudget.MaxThreads"/> workers,
/// each keeping its own heaps (one per query), merged under a lock when the worker finishes.
/// </summary>
internal static class VectorSearchKernel
{
    private const int BlockFloats = 1 << 16;

    public static VectorMatch[][] Search(VectorIndex index, float[] queries, int queryCount, int k, Func<long, bool>? filter, CancellationToken cancellationToken) =>
        Search(index, queries, queryCount, k, filter, index.Budget, cancellationToken);

    /// <summary>Search with another thread budget than the index's (benchmarks compare one thread with all).</summary>
    public static VectorMatch[][] SearchWithBudget(VectorIndex index, float[] queries, int queryCount, int k, ComputeBudget budget) =>
        Search(index, queries, queryCount, k, null, budget, CancellationToken.None);

    private static VectorMatch[][] Search(VectorIndex index, float[] queries, int queryCount, int k, Func<long, bool>? filter, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var dimension = index.Dimension;
        var count = index.Count;
        var kept = (int)Math.Min(k, Math.Max(count, 1));
        var result = new TopKHeap[queryCount];
        for (var q = 0; q < queryCount; q++)
            result[q] = new TopKHeap(kept);
        if (count > 0)
        {
            // Blocks never cross a chunk: each chunk is cut into blocksPerChunk blocks (the last one short).
            var rowsPerChunk = index.RowsPerChunk;
            var blockRows = Math.Max(1, Math.Min(rowsPerChunk, BlockFloats / dimension));
            var blocksPerChunk = (rowsPerChunk + blockRows - 1) / blockRows;
            var chunks = (count + rowsPerChunk - 1) / rowsPerChunk;
            var lastChunkRows = count - ((chunks - 1) * rowsPerChunk);
            var blocks = ((long)(chunks - 1) * blocksPerChunk) + ((lastChunkRows + blockRows - 1) / blockRows);
            var gate = new object();
            Parallel.For(0L, blocks, budget.ToParallelOptions(cancellationToken),
                () => NewHeaps(queryCount, kept),
                (block, _, heaps) =>
                {
                    var chunk = (int)(block / blocksPerChunk);
                    var first = (chunk * rowsPerChunk) + ((int)(block % blocksPerChunk) * blockRows);
                    var end = Math.Min(Math.Min(count, (chunk + 1) * rowsPerChunk), first + blockRows);
                    if (first < end)
                        ScanBlock(index, queries, queryCount, first, end, filter, heaps);
                    return heaps;
                },
                heaps =>
                {
                    lock (gate)
                    {
                        for (var q = 0; q < queryCount; q++)
                            result[q].MergeFrom(heaps[q]);
                    }
                });
        }
        var matches = new VectorMatch[queryCount][];
        for (var q = 0; q < queryCount; q++)
            matches[q] = result[q].ToSortedArray();
        return matches;
    }

    /// <summary>Scalar reference: every row dotted in double, one heap, one thread.</summary>
    public static VectorMatch[][] SearchScalar(VectorIndex index, float[] queries, int queryCount, int k)
    {
        var dimension = index.Dimension;
        var matches = new VectorMatch[queryCount][];
        for (var q = 0; q < queryCount; q++)
        {
            var heap = new TopKHeap((int)Math.Min(k, Math.Max(index.Count, 1)));
            var query = queries.AsSpan(q * dimension, dimension);
            for (var row = 0; row < index.Count; row++)
                heap.Offer(VectorKernel.DotScalar(index.RowSpan(row), query), index.IdAt(row));
            matches[q] = heap.ToSortedArray();
        }
        return matches;
    }

    private static TopKHeap[] NewHeaps(int queryCount, int k)
    {
        var heaps = new TopKHeap[queryCount];
        for (var q = 0; q < queryCount; q++)
            heaps[q] = new TopKHeap(k);
        return heaps;
    }

    private static void ScanBlock(VectorIndex index, float[] queries, int queryCount, int first, int end, Func<long, bool>? filter, TopKHeap[] heaps)
    {
        var dimension = index.Dimension;
        var rows = index.ChunkRows(first, end - first);
        // Queries outer, rows inner: the block (<= 256 KiB) stays in L2 while every query passes over it.
        for (var q = 0; q < queryCount; q++)
        {
            var query = new ReadOnlySpan<float>(queries, q * dimension, dimension);
            var heap = heaps[q];
            var threshold = heap.Threshold;
            for (var r = 0; r < end - first; r++)
            {
                var score = VectorKernel.Dot(rows.Slice(r * dimension, dimension), query);
                if (score < threshold)
                    continue;
                var id = index.IdAt(first + r);
                if (filter is not null && !filter(id))
                    continue;
                heap.Offer(score, id);
                threshold = heap.Threshold;
            }
        }
    }
}
