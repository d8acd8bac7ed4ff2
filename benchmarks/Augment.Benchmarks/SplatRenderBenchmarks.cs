using Augment.Splat;
using Augment.Testing;
using BenchmarkDotNet.Attributes;

namespace Augment.Benchmarks;

/// <summary>
/// The CPU preview renderer on a 200,000-splat SH-degree-3 scene (a sphere shell, a ground disc and scattered background
/// splats, sized like a trained capture) at 1280x720 from the first camera of its framing orbit: one frame, and the
/// per-splat contributions of one view, with 1 and 2 threads (tile binning, sorting and compositing must scale).
/// </summary>
[MemoryDiagnoser]
public class SplatRenderBenchmarks
{
    private GaussianCloud _cloud = null!;
    private PinholeCamera _camera = null!;

    /// <summary>Worker threads the render may use.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _cloud = SplatRenderScene.Create(200_000, 42);
        _camera = CameraPath.Orbit(_cloud, 16, 1280, 720)[0];
    }

    [Benchmark(Baseline = true)]
    public float Render()
    {
        using var frame = SplatRenderer.Render(_cloud, _camera, Options());
        return frame.Plane(1)[frame.PixelCount / 2];
    }

    [Benchmark]
    public float Contributions() => SplatRenderer.Contributions(_cloud, [_camera], Options())[0];

    private SplatRenderOptions Options() => new() { Budget = ComputeBudget.Default with { MaxThreads = Threads } };
}
