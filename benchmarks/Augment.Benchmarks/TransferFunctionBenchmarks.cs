using Augment.Vision;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Augment.Benchmarks;

/// <summary>
/// Transfer functions over one 1920 x 1080 plane (2 M floats, 8 MB) on one thread: the SIMD span
/// kernel (double-precision Vector256 lanes, exp/log) against the scalar Math.Pow reference, which is
/// the baseline of each category. sRGB decode is the everyday case, PQ the most expensive (two pows).
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class TransferFunctionBenchmarks
{
    private const int Count = 1920 * 1080;
    private float[] _source = [];
    private float[] _destination = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _source = new float[Count];
        _destination = new float[Count];
        for (var i = 0; i < Count; i++)
            _source[i] = random.NextSingle();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("sRGB decode")]
    public void Srgb_decode_scalar() => TransferKernels.ToLinearReference(TransferFunction.Srgb, _source, _destination);

    [Benchmark, BenchmarkCategory("sRGB decode")]
    public void Srgb_decode_simd() => TransferKernels.ToLinear(TransferFunction.Srgb, _source, _destination);

    [Benchmark(Baseline = true), BenchmarkCategory("sRGB encode")]
    public void Srgb_encode_scalar() => TransferKernels.FromLinearReference(TransferFunction.Srgb, _source, _destination);

    [Benchmark, BenchmarkCategory("sRGB encode")]
    public void Srgb_encode_simd() => TransferKernels.FromLinear(TransferFunction.Srgb, _source, _destination);

    [Benchmark(Baseline = true), BenchmarkCategory("PQ inverse EOTF")]
    public void Pq_encode_scalar() => TransferKernels.FromLinearReference(TransferFunction.Pq, _source, _destination);

    [Benchmark, BenchmarkCategory("PQ inverse EOTF")]
    public void Pq_encode_simd() => TransferKernels.FromLinear(TransferFunction.Pq, _source, _destination);

    [Benchmark(Baseline = true), BenchmarkCategory("HLG OETF")]
    public void Hlg_encode_scalar() => TransferKernels.FromLinearReference(TransferFunction.Hlg, _source, _destination);

    [Benchmark, BenchmarkCategory("HLG OETF")]
    public void Hlg_encode_simd() => TransferKernels.FromLinear(TransferFunction.Hlg, _source, _destination);
}
