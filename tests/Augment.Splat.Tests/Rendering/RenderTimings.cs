using System.Diagnostics;
using System.Numerics;

namespace Augment.Splat.Tests.Rendering;

/// <summary>
/// Not a test: measures seconds per frame for a 1M-splat scene at 1920x1080 with 1 and 2 threads. Explicit, so CI never
/// runs it; run a Release build with <c>-method '*Measure_1M_splats_at_1080p' -explicit only</c>.
/// </summary>
public class RenderTimings
{
    [Fact(Explicit = true)]
    public void Measure_1M_splats_at_1080p()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("AUGMENT_RENDER_SPLATS"), out var n) ? n : 1_000_000;
        var cloud = Scene(count, 42);
        var camera = CameraPath.Orbit(cloud, 16, 1920, 1080)[0];
        var ct = TestContext.Current.CancellationToken;
        foreach (var threads in new[] { 1, 2 })
        {
            var options = new SplatRenderOptions { Budget = ComputeBudget.Default with { MaxThreads = threads } };
            using (SplatRenderer.Render(cloud, camera, options, ct)) { } // warm-up
            var best = double.MaxValue;
            var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            for (var run = 0; run < 3; run++)
            {
                var clock = Stopwatch.StartNew();
                using var frame = SplatRenderer.Render(cloud, camera, options, ct);
                best = Math.Min(best, clock.Elapsed.TotalSeconds);
            }
            process.Refresh();
            var line = $"{count:N0} splats 1920x1080, {threads} thread(s): {best:0.000} s/frame (best of 3), {(process.TotalProcessorTime - cpu).TotalSeconds / 3:0.000} s CPU/frame";
            TestContext.Current.SendDiagnosticMessage(line);
            Console.WriteLine(line);
        }
    }

    /// <summary>The scene of benchmarks/Augment.Benchmarks/SplatRenderBenchmarks.cs (kept in step by hand).</summary>
    internal static GaussianCloud Scene(int count, int seed)
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
