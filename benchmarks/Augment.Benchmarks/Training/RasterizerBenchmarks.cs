using Augment.Splat;
using Augment.Splat.Training;
using BenchmarkDotNet.Attributes;

namespace Augment.Benchmarks;

/// <summary>
/// The training rasteriser at 256x256 with 50,000 SH-degree-3 Gaussians (<see cref="Augment.Testing.SplatRenderScene.Create"/>, seen
/// from the first camera of its framing orbit): the forward alone, forward + backward (one training step's rendering
/// work), and the preview renderer on the same view as the baseline, with 1 and 2 threads.
/// </summary>
[MemoryDiagnoser]
public class RasterizerBenchmarks
{
    private SplatParameters _scene = null!;
    private GaussianCloud _cloud = null!;
    private PinholeCamera _camera = null!;
    private SplatParameters _gradients = null!;
    private float[] _imageGradient = null!;
    private float[] _mean = null!;
    private int[] _visible = null!;
    private DifferentiableRasterizer _rasterizer = null!;

    /// <summary>Worker threads the passes may use.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _cloud = Augment.Testing.SplatRenderScene.Create(50_000, 42);
        _scene = SplatParameters.FromCloud(_cloud);
        _camera = CameraPath.Orbit(_cloud, 16, 256, 256)[0];
        _gradients = _scene.CreateZeroed();
        _imageGradient = new float[3 * 256 * 256];
        var random = new Random(1);
        for (var i = 0; i < _imageGradient.Length; i++)
            _imageGradient[i] = (float)((random.NextDouble() * 2) - 1) / _imageGradient.Length;
        _mean = new float[_scene.Count];
        _visible = new int[_scene.Count];
        _rasterizer = new DifferentiableRasterizer(new RasterizerOptions { Budget = ComputeBudget.Default with { MaxThreads = Threads } });
    }

    [Benchmark(Baseline = true)]
    public float PreviewRender()
    {
        using var frame = SplatRenderer.Render(_cloud, _camera, new SplatRenderOptions { Budget = ComputeBudget.Default with { MaxThreads = Threads } });
        return frame.Plane(1)[frame.PixelCount / 2];
    }

    [Benchmark]
    public float Forward()
    {
        using var pass = _rasterizer.Forward(_scene, _camera, 3);
        return pass.Image[pass.Image.Length / 2];
    }

    [Benchmark]
    public float ForwardBackward()
    {
        using var pass = _rasterizer.Forward(_scene, _camera, 3);
        _rasterizer.Backward(pass, _imageGradient, _gradients, _mean, _visible);
        return _gradients.Plane(0)[0];
    }
}
