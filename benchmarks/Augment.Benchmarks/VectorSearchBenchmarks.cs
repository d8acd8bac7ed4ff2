using Augment.Vision;
using BenchmarkDotNet.Attributes;

namespace Augment.Benchmarks;

/// <summary>
/// Exact top-10 cosine search over N x 512 float32 embeddings (N = 100k and 1M: 200 MB and 2 GB):
/// one query on all cores, one query on one thread, a batch of 16 queries on all cores (per-query
/// cost is the batch time / 16), and the scalar reference on 100k only. The numpy peer
/// (<c>benchmarks/peers/vector-topk-vs-numpy.py</c>) times <c>X @ q</c> + argpartition on the same sizes.
/// </summary>
[MemoryDiagnoser]
public class VectorSearchBenchmarks
{
    private const int Dimension = 512;
    private VectorIndex _index = null!;
    private VectorIndex _single = null!;
    private float[] _query = null!;
    private float[] _batch = null!;
    private float[] _normalizedQuery = null!;

    [Params(100_000, 1_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _index = new VectorIndex(Dimension, VectorMetric.Cosine, ComputeBudget.Default);
        var vector = new float[Dimension];
        for (var r = 0; r < Rows; r++)
        {
            for (var i = 0; i < Dimension; i++)
                vector[i] = (float)((random.NextDouble() * 2) - 1);
            _index.Add(r, vector);
        }
        // The one-thread run scans the same store with another budget: a second 2 GB copy would not fit beside other work.
        _single = _index;
        _query = new float[Dimension];
        for (var i = 0; i < Dimension; i++)
            _query[i] = (float)((random.NextDouble() * 2) - 1);
        _batch = new float[16 * Dimension];
        for (var i = 0; i < _batch.Length; i++)
            _batch[i] = (float)((random.NextDouble() * 2) - 1);
        _normalizedQuery = new float[Dimension];
        VectorKernel.TryNormalize(_query, _normalizedQuery);
    }

    /// <summary>One query, top-10, all cores of the budget.</summary>
    [Benchmark(Baseline = true)]
    public VectorMatch[] Top10_AllCores() => _index.Search(_query, 10);

    /// <summary>One query, top-10, one thread (the scan itself, no parallel merge).</summary>
    [Benchmark]
    public VectorMatch[][] Top10_OneThread() =>
        VectorSearchKernel.SearchWithBudget(_single, _normalizedQuery, 1, 10, ComputeBudget.SingleThreaded);

    /// <summary>16 queries in one pass over the store, top-10 each, all cores.</summary>
    [Benchmark]
    public VectorMatch[][] Top10_Batch16_AllCores() => _index.SearchBatch(_batch, 10);

    /// <summary>Scalar reference (double-accumulated dot, one thread), 100k only: 1M takes seconds.</summary>
    [Benchmark]
    public VectorMatch[][]? Top10_ScalarReference() =>
        Rows > 100_000 ? null : VectorSearchKernel.SearchScalar(_index, _normalizedQuery, 1, 10);
}
