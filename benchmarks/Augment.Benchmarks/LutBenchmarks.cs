using Augment.Vision;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Augment.Benchmarks;

/// <summary>
/// A 33^3 3D LUT (a smooth contrast-and-warmth grade) applied to one 3840 x 2160 RGB float frame:
/// the AVX2 gather kernel against the scalar reference, on one thread and on all cores (row bands
/// through <see cref="ComputeBudget"/>). Input and output are separate frames, as in
/// <c>frame.ApplyLut(lut)</c>. The peer comparison with ffmpeg's lut3d on 8-bit frames is
/// <c>benchmarks/peers/lut3d-vs-ffmpeg.sh</c>.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class LutBenchmarks
{
    private Lut3D _lut = null!;
    private ImageFrame _source = null!;
    private ImageFrame _destination = null!;
    private readonly ComputeBudget _allCores = ComputeBudget.Default;

    [Params(LutInterpolation.Tetrahedral, LutInterpolation.Trilinear)]
    public LutInterpolation Interpolation { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _lut = new Lut3D(33);
        _lut.Fill(static (r, g, b) =>
        {
            static float S(float x) => x + (0.35f * x * (1 - x) * ((2 * x) - 1));
            return (Math.Clamp(S(r) * 1.06f, 0f, 1f), S(g), S(b) * 0.88f);
        });
        _source = ImageFrame.Create(3840, 2160, 3);
        _destination = ImageFrame.Create(3840, 2160, 3);
        var random = new Random(42);
        // A smooth image with noise: real frames are spatially coherent, which the cache sees.
        for (var c = 0; c < 3; c++)
        {
            var plane = _source.Plane(c);
            for (var y = 0; y < 2160; y++)
            {
                for (var x = 0; x < 3840; x++)
                    plane[(y * 3840) + x] = Math.Clamp((((x * (c + 1)) + (y * (3 - c))) % 4096 / 4096f) + (0.02f * (random.NextSingle() - 0.5f)), 0f, 1f);
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _source.Dispose();
        _destination.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("1 thread")]
    public void Scalar_1_thread() => LutKernels.ApplyFrame(_source, _destination, _lut, Interpolation, useReference: true, ComputeBudget.SingleThreaded, default);

    [Benchmark, BenchmarkCategory("1 thread")]
    public void Fast_1_thread() => LutKernels.ApplyFrame(_source, _destination, _lut, Interpolation, useReference: false, ComputeBudget.SingleThreaded, default);

    [Benchmark(Baseline = true), BenchmarkCategory("all cores")]
    public void Scalar_all_cores() => LutKernels.ApplyFrame(_source, _destination, _lut, Interpolation, useReference: true, _allCores, default);

    [Benchmark, BenchmarkCategory("all cores")]
    public void Fast_all_cores() => LutKernels.ApplyFrame(_source, _destination, _lut, Interpolation, useReference: false, _allCores, default);
}
