using System.Numerics;
using Augment.Splat;
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
        _cloud = Scene(200_000, 42);
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

    /// <summary>
    /// A synthetic capture: 70% of the splats on a unit sphere shell, 20% on a ground disc of radius 3 below it, 10%
    /// scattered in a 8-unit box; flattened splats (two axes about the surface spacing, the third a fifth of it), random
    /// rotations, opacity logits -1..5, SH degree 3.
    /// </summary>
    public static GaussianCloud Scene(int count, int seed)
    {
        var random = new Random(seed);
        float Next(float low, float high) => low + ((high - low) * (float)random.NextDouble());
        var cloud = GaussianCloud.Create(count, shDegree: 3);
        var sphere = (int)(count * 0.7);
        var ground = (int)(count * 0.2);
        var spacing = MathF.Sqrt(4 * MathF.PI / sphere);
        for (var i = 0; i < count; i++)
        {
            Vector3 p;
            if (i < sphere)
            {
                p = Vector3.Normalize(new Vector3(Next(-1, 1), Next(-1, 1), Next(-1, 1)) + new Vector3(1e-6f));
            }
            else if (i < sphere + ground)
            {
                var r = 3 * MathF.Sqrt(Next(0, 1));
                var a = Next(0, 2 * MathF.PI);
                p = new Vector3(r * MathF.Cos(a), 1.2f, r * MathF.Sin(a));
            }
            else
            {
                p = new Vector3(Next(-4, 4), Next(-4, 4), Next(-4, 4));
            }
            cloud.X[i] = p.X;
            cloud.Y[i] = p.Y;
            cloud.Z[i] = p.Z;
            cloud.ScaleX[i] = MathF.Log(spacing * Next(0.5f, 2f));
            cloud.ScaleY[i] = MathF.Log(spacing * Next(0.5f, 2f));
            cloud.ScaleZ[i] = MathF.Log(spacing * 0.2f);
            cloud.RotationW[i] = Next(-1, 1);
            cloud.RotationX[i] = Next(-1, 1);
            cloud.RotationY[i] = Next(-1, 1);
            cloud.RotationZ[i] = Next(-1, 1);
            cloud.Opacity[i] = Next(-1, 5);
            for (var c = 0; c < 3; c++)
            {
                cloud.ShDc(c)[i] = Next(-1, 1);
                for (var k = 0; k < cloud.ShRestCount; k++)
                    cloud.ShRest(c, k)[i] = Next(-0.1f, 0.1f);
            }
        }
        cloud.NormalizeRotations();
        return cloud;
    }
}
