using System.Diagnostics;

namespace Augment.Library.Tests.Ingest;

/// <summary>
/// The measurement behind docs/library-ingest.md: ingest a generated 10 s 1080p25 H.264 clip (three shots) and
/// print the real-time factor beside ffmpeg alone decoding the same clip to the detector's 320-px size (the floor a
/// decode-bound scan cannot beat). Explicit: run with <c>-method '*Ingest_throughput*' -explicit only</c>.
/// No timing is asserted.
/// </summary>
public sealed class IngestThroughputTests
{
    [Fact(Explicit = true)]
    public async Task Ingest_throughput_on_a_1080p_clip()
    {
        TestMedia.SkipWithoutFfmpeg();
        var token = TestContext.Current.CancellationToken;
        using var folder = new ScratchFolder();
        var clip = folder.File("clip1080.mp4");
        TestMedia.ThreeShotClip(clip, 1920, 1080, shotSeconds: 10.0 / 3);
        var output = TestContext.Current.TestOutputHelper!;

        var clock = Stopwatch.StartNew();
        TestMedia.Run("-i", clip, "-vf", "scale=320:180", "-f", "null", "-");
        var decodeOnly = clock.Elapsed;

        var results = new List<ScanReport>();
        for (var run = 0; run < 3; run++)
        {
            var index = new MemoryAssetIndex();
            results.Add(await new LibraryScanner(ScanOptions.Default).ScanAsync(folder.Path, index, null, token));
            Assert.Equal(3, index.Record(clip)!.Shots.Count);
        }
        var best = results.MinBy(r => r.WallTime)!;
        output.WriteLine($"cores {Environment.ProcessorCount}, load {File.ReadAllText("/proc/loadavg").Trim()}");
        output.WriteLine($"ffmpeg decode+scale to 320x180 alone: {decodeOnly.TotalSeconds:F2} s ({10.0 / decodeOnly.TotalSeconds:F2}x real time)");
        foreach (var report in results)
            output.WriteLine($"scan: {report.WallTime.TotalSeconds:F2} s, {report.RealTimeFactor:F2}x real time");
        output.WriteLine($"best scan / decode alone = {best.WallTime.TotalSeconds / decodeOnly.TotalSeconds:F2}");
        output.WriteLine(best.ToString());
    }
}
