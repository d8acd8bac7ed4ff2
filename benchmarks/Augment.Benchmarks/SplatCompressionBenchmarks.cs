using Augment.Splat;
using Augment.Splat.Compression;
using BenchmarkDotNet.Attributes;

namespace Augment.Benchmarks;

/// <summary>
/// The hot paths of splat compression on a 200,000-splat SH-degree-3 cloud: SH degree reduction 3 -> 1 with clamp
/// compensation (128 directions; plain truncation is the baseline), and the k-means of SH vector quantisation: one
/// Lloyd pass (k-means++ seeding, one assignment and update, final assignment) on 32,768 training splats with a
/// 1,024-entry palette, then the assignment of all 200,000 splats.
/// </summary>
[MemoryDiagnoser]
public class SplatCompressionBenchmarks
{
    private const int Count = 200_000;
    private GaussianCloud _cloud = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        float Next(float low, float high) => low + ((high - low) * (float)random.NextDouble());
        _cloud = GaussianCloud.Create(Count, shDegree: 3);
        for (var i = 0; i < Count; i++)
        {
            _cloud.X[i] = Next(-10, 10);
            _cloud.Y[i] = Next(-10, 10);
            _cloud.Z[i] = Next(-10, 10);
            _cloud.ScaleX[i] = Next(-6, -2);
            _cloud.ScaleY[i] = Next(-6, -2);
            _cloud.ScaleZ[i] = Next(-6, -2);
            _cloud.Opacity[i] = Next(-2, 4);
            for (var c = 0; c < 3; c++)
            {
                // Dark, strongly view-dependent colours: about half the splats clamp somewhere on the sphere.
                _cloud.ShDc(c)[i] = Next(-1.5f, 1.5f);
                for (var k = 0; k < _cloud.ShRestCount; k++)
                    _cloud.ShRest(c, k)[i] = Next(-0.3f, 0.3f);
            }
        }
    }

    [Benchmark(Baseline = true)]
    public int TruncateShDegree() => _cloud.ReduceShDegree(1, new ShReductionOptions { CompensateClamp = false }).Count;

    [Benchmark]
    public int ReduceShDegreeCompensated() => _cloud.ReduceShDegree(1).Count;

    [Benchmark]
    public double KMeansPalette1024() =>
        ShCodebook.Fit(_cloud, 1024, new ShQuantizationOptions { Iterations = 1, MaxTrainingSplats = 32_768 }).Inertia;
}
