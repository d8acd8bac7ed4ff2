using Augment.Vision;
using BenchmarkDotNet.Attributes;

namespace Augment.Benchmarks;

/// <summary>
/// Approximate top-10 cosine search with <see cref="HnswIndex"/> (M 16, efConstruction 200) against the exact
/// <see cref="VectorIndex"/> scan on the same 20k x 512 clustered vectors (100 Gaussian centres, noise 0.15);
/// each invocation searches the next of 64 queries drawn from the same centres. Large sizes (100k, 1M) take
/// minutes to build, so they are measured by <c>Augment.Benchmarks hnsw-measure</c> instead (docs/benchmarks.md).
/// </summary>
[MemoryDiagnoser]
public class HnswSearchBenchmarks
{
    private const int Dimension = 512;
    private const int Rows = 20_000;
    private const int Queries = 64;
    private HnswIndex _hnsw = null!;
    private VectorIndex _exact = null!;
    private float[] _queries = null!;
    private int _next;

    [Params(32, 128)]
    public int Ef { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        float Normal() => (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        var centres = new float[100 * Dimension];
        for (var i = 0; i < centres.Length; i++)
            centres[i] = Normal();
        var values = new float[(Rows + Queries) * Dimension];
        for (var r = 0; r < Rows + Queries; r++)
        {
            var c = random.Next(100);
            for (var i = 0; i < Dimension; i++)
                values[(r * Dimension) + i] = centres[(c * Dimension) + i] + (0.15f * Normal());
        }
        var ids = new long[Rows];
        for (var i = 0; i < Rows; i++)
            ids[i] = i;
        _hnsw = new HnswIndex(Dimension);
        _hnsw.AddRange(ids, values.AsSpan(0, Rows * Dimension));
        _exact = new VectorIndex(Dimension);
        for (var r = 0; r < Rows; r++)
            _exact.Add(r, values.AsSpan(r * Dimension, Dimension));
        _queries = values[(Rows * Dimension)..];
    }

    private ReadOnlySpan<float> NextQuery()
    {
        _next = (_next + 1) % Queries;
        return _queries.AsSpan(_next * Dimension, Dimension);
    }

    /// <summary>Exact scan on all cores of the budget (the baseline).</summary>
    [Benchmark(Baseline = true)]
    public VectorMatch[] Exact_Top10() => _exact.Search(NextQuery(), 10);

    /// <summary>HNSW search on the calling thread with the given ef.</summary>
    [Benchmark]
    public VectorMatch[] Hnsw_Top10() => _hnsw.Search(NextQuery(), 10, ef: Ef);
}
