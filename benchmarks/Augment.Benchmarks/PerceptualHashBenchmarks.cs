using Augment.Vision;
using BenchmarkDotNet.Attributes;

namespace Augment.Benchmarks;

/// <summary>
/// Perceptual hashing: both hashes of a 12 MP (4000 x 3000) RGB image against the BT.601 luma pass alone (the part
/// that scales with the image), and grouping 100 000 random pHashes within 10 bits by the multi-index against the
/// pair-by-pair search.
/// </summary>
[MemoryDiagnoser]
public class PerceptualHashBenchmarks
{
    private ImageFrame _frame = null!;
    private float[] _luma = null!;
    private List<PerceptualHash> _hashes = null!;
    private ulong[] _bits = null!;

    /// <summary>Threads allowed (1 = one core; 0 = all).</summary>
    [Params(1, 0)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        const int width = 4000, height = 3000;
        var budget = Threads == 0 ? ComputeBudget.Default : ComputeBudget.Default with { MaxThreads = Threads };
        _frame = ImageFrame.Create(width, height, 3, budget: budget);
        var random = new Random(1);
        foreach (ref var v in _frame.Data)
            v = (float)random.NextDouble();
        _luma = new float[width];
        _hashes = new List<PerceptualHash>(100_000);
        for (var i = 0; i < 100_000; i++)
            _hashes.Add(new PerceptualHash((ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63)));
        _bits = _hashes.ConvertAll(h => h.Bits).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _frame.Dispose();

    /// <summary>Luma of every row on one thread: the floor for hashing.</summary>
    [Benchmark(Baseline = true)]
    public float LumaPass12MP()
    {
        for (var y = 0; y < _frame.Height; y++)
            LumaRows.Bt601(_frame, y, _luma);
        return _luma[0];
    }

    /// <summary>pHash and dHash of the 12 MP image.</summary>
    [Benchmark]
    public ImageHashes Hash12MP() => ImageHashes.Compute(_frame);

    /// <summary>100 000 pHashes grouped within 10 bits (multi-index, 4 x 16-bit bands, radius 2).</summary>
    [Benchmark]
    public int Group100kMultiIndex() => NearDuplicates.Group(_hashes, 10, _frame.Budget).Count;

    /// <summary>The same pairs, pair by pair (5 x 10^9 comparisons).</summary>
    [Benchmark]
    public int Pairs100kExhaustive() =>
        MultiIndexSearch.PairsExhaustive(_bits, 10, _frame.Budget.ToParallelOptions()).Count;
}
