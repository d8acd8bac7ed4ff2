using Augment.Vision;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Augment.Benchmarks;

/// <summary>
/// HDR↔SDR mapping of one 1920 x 1080 frame on one thread (the frames carry
/// <see cref="ComputeBudget.SingleThreaded"/>): <see cref="HdrMapping.ToSdr"/> with the BT.2390 EETF and
/// with BT.2446-1 method A from a Rec.2020 PQ frame, and <see cref="HdrMapping.ToHdr"/> to PQ from an sRGB
/// frame. Each pair runs the whole call (colour-space conversions included) with the scalar reference
/// row kernels (<c>HdrKernels</c>, the baseline) and with the SIMD ones (<c>HdrSimdKernels</c>); the
/// "EETF rows" pair times the BT.2390 row kernels alone on a frame already in linear Rec.2020 (each run
/// first copies the pristine rows, the same cost for both).
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class HdrMappingBenchmarks
{
    private const int Width = 1920;
    private const int Height = 1080;
    private static readonly HdrToSdrOptions Eetf = new() { Method = HdrToSdrMethod.Bt2390Eetf };
    private static readonly HdrToSdrOptions MethodA = new() { Method = HdrToSdrMethod.Bt2446A };
    private static readonly SdrToHdrOptions ToPq = new() { Target = HdrTarget.Pq };
    private ImageFrame _sdr = null!;
    private ImageFrame _hdr = null!;
    private ImageFrame _linear = null!;
    private ImageFrame _work = null!;
    private Bt2390Eetf _eetf;

    [GlobalSetup]
    public void Setup()
    {
        _sdr = ImageFrame.Create(Width, Height, 3, ColorSpace.Srgb, budget: ComputeBudget.SingleThreaded);
        var random = new Random(42);
        // A smooth colourful scene with noise: hue across, brightness down.
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var hue = 2 * Math.PI * x / Width;
                var value = 0.02 + (0.98 * y / (Height - 1));
                for (var c = 0; c < 3; c++)
                {
                    var wave = 0.6 + (0.4 * Math.Cos(hue - (2.1 * c)));
                    _sdr.Row(c, y)[x] = (float)Math.Clamp((value * wave) + (0.01 * (random.NextDouble() - 0.5)), 0, 1);
                }
            }
        }
        _hdr = HdrMapping.ToHdr(_sdr, new SdrToHdrOptions { PeakNits = 1000 });
        _linear = _hdr.ConvertColorSpace(ColorSpace.LinearRec2020);
        _work = _linear.Clone();
        _eetf = new Bt2390Eetf(Eetf.SourceMinNits, Eetf.SourceMaxNits, Eetf.TargetMinNits, Eetf.TargetMaxNits);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sdr.Dispose();
        _hdr.Dispose();
        _linear.Dispose();
        _work.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("EETF rows")]
    public void EetfRows_scalar()
    {
        _linear.Data.CopyTo(_work.Data);
        for (var y = 0; y < Height; y++)
            HdrKernels.ToSdrRow(_eetf, Eetf, _work.Row(0, y), _work.Row(1, y), _work.Row(2, y));
    }

    [Benchmark, BenchmarkCategory("EETF rows")]
    public void EetfRows_simd()
    {
        _linear.Data.CopyTo(_work.Data);
        for (var y = 0; y < Height; y++)
            HdrSimdKernels.ToSdrRow(_eetf, Eetf, _work.Row(0, y), _work.Row(1, y), _work.Row(2, y));
    }

    [Benchmark(Baseline = true), BenchmarkCategory("ToSdr BT.2390")]
    public void ToSdr_Bt2390_scalar() => HdrMapping.ToSdrCore(_hdr, Eetf, useReference: true, default).Dispose();

    [Benchmark, BenchmarkCategory("ToSdr BT.2390")]
    public void ToSdr_Bt2390_simd() => HdrMapping.ToSdrCore(_hdr, Eetf, useReference: false, default).Dispose();

    [Benchmark(Baseline = true), BenchmarkCategory("ToSdr BT.2446A")]
    public void ToSdr_Bt2446A_scalar() => HdrMapping.ToSdrCore(_hdr, MethodA, useReference: true, default).Dispose();

    [Benchmark, BenchmarkCategory("ToSdr BT.2446A")]
    public void ToSdr_Bt2446A_simd() => HdrMapping.ToSdrCore(_hdr, MethodA, useReference: false, default).Dispose();

    [Benchmark(Baseline = true), BenchmarkCategory("ToHdr PQ")]
    public void ToHdr_Pq_scalar() => HdrMapping.ToHdrCore(_sdr, ToPq, useReference: true, default).Dispose();

    [Benchmark, BenchmarkCategory("ToHdr PQ")]
    public void ToHdr_Pq_simd() => HdrMapping.ToHdrCore(_sdr, ToPq, useReference: false, default).Dispose();
}
