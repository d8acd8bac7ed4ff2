using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Augment.Vision.Tests.Matching;

/// <summary>
/// Feeds benchmarks/peers/color-match-numpy.py: when AUGMENT_COLOR_PEER_DIR names a folder, writes a
/// 12-megapixel source and reference (planar float32, linear sRGB), Augment's Reinhard and MKL outputs
/// and their timings there. Skipped otherwise, so the suite never depends on Python.
/// </summary>
public sealed class PeerExportTests
{
    private const string Variable = "AUGMENT_COLOR_PEER_DIR";

    [Fact]
    public void Exports_planes_and_timings_for_the_numpy_peer_when_asked()
    {
        var folder = Environment.GetEnvironmentVariable(Variable);
        Assert.SkipWhen(string.IsNullOrEmpty(folder), $"{Variable} is not set; this export only runs from benchmarks/peers/color-match-numpy.sh.");
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(folder!);
        const int Width = 4000, Height = 3000;
        using var source = MatchImages.Textured(Width, Height, seed: 21);
        using var reference = MatchImages.Affine(MatchImages.Textured(Width, Height, seed: 22),
            new ColorMatrix3x3(0.7, 0.2, 0.0, 0.1, 0.9, 0.1, 0.0, 0.3, 0.6), (0.05, 0.0, 0.08));
        Write(Path.Combine(folder!, "source.f32"), source);
        Write(Path.Combine(folder!, "reference.f32"), reference);

        var lines = new List<string> { $"width={Width}", $"height={Height}", $"threads={Environment.ProcessorCount}" };
        foreach (var method in new[] { ColorMatchMethod.Reinhard, ColorMatchMethod.Mkl })
        {
            foreach (var budget in new[] { ComputeBudget.Default, ComputeBudget.SingleThreaded })
            {
                using var s = Rebudget(source, budget);
                var best = double.MaxValue;
                ImageFrame? output = null;
                for (var run = 0; run < 3; run++)
                {
                    output?.Dispose();
                    var clock = Stopwatch.StartNew();
                    output = ColorMatch.Fit(s, reference, new ColorMatchOptions { Method = method }, ct).Apply(s, cancellationToken: ct);
                    best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
                }
                var name = method.ToString().ToLowerInvariant();
                var threads = budget.MaxThreads == 1 ? "1" : "all";
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"{name}_ms_threads_{threads}={best:F1}"));
                if (budget.MaxThreads != 1)
                    Write(Path.Combine(folder!, name + ".f32"), output!);
                output!.Dispose();
            }
        }
        File.WriteAllLines(Path.Combine(folder!, "timings.txt"), lines);
    }

    private static ImageFrame Rebudget(ImageFrame frame, ComputeBudget budget)
    {
        var copy = ImageFrame.Create(frame.Width, frame.Height, frame.Channels, frame.ColorSpace, frame.HasAlpha, budget);
        frame.Data.CopyTo(copy.Data);
        return copy;
    }

    private static void Write(string path, ImageFrame frame)
    {
        using var stream = File.Create(path);
        stream.Write(MemoryMarshal.AsBytes((ReadOnlySpan<float>)frame.Data));
    }
}
