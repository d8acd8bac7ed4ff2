using Augment.Splat;
using Augment.Splat.Cleaning;
using BenchmarkDotNet.Attributes;

namespace Augment.Benchmarks;

/// <summary>
/// Cleaning a 200,000-splat synthetic plaza (surfaces, a faint tail, 0.5% mid-air floaters and a passer-by): the
/// cheap per-splat filters together (the baseline), statistical outlier removal (k-d tree, 16 nearest neighbours),
/// floater removal (voxel connectivity), and removal of the splats inside a box.
/// </summary>
[MemoryDiagnoser]
public class SplatCleaningBenchmarks
{
    private GaussianCloud _cloud = null!;
    private BoxRegion _box = null!;

    [GlobalSetup]
    public void Setup()
    {
        var scene = SyntheticScene.Create(new SyntheticSceneOptions { SplatCount = 200_000, Pedestrian = true, Seed = 5 });
        _cloud = scene.Cloud;
        _box = scene.PedestrianBox!;
    }

    [Benchmark(Baseline = true)]
    public int SimpleFilters() =>
        _cloud.Clean(c => c.RemoveNonFinite().RemoveDegenerate().MinOpacity(0.01f).MaxScale(5f)).Cloud.Count;

    [Benchmark]
    public int RemoveOutliers() => _cloud.Clean(c => c.RemoveOutliers(16, 2)).Cloud.Count;

    [Benchmark]
    public int RemoveFloaters() => _cloud.Clean(c => c.RemoveFloaters()).Cloud.Count;

    [Benchmark]
    public int RemoveInsideBox() => _cloud.Clean(c => c.RemoveInside(_box)).Cloud.Count;
}
