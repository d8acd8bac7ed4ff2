using System.Diagnostics;

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
        var cloud = Augment.Testing.SplatRenderScene.Create(count, 42);
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
}
