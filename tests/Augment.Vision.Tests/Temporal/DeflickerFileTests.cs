using Augment.Vision.Tests.IO;

namespace Augment.Vision.Tests.Temporal;

/// <summary>The file-level deflicker helpers over IFrameReader/IFrameWriter.</summary>
public class DeflickerFileTests
{
    private static string WriteClip(string path, int frames)
    {
        var random = new Random(11);
        using var writer = Y4mWriter.Create(path, FlickerClips.Width, FlickerClips.Height, chroma: Y4mChroma.Yuv444);
        for (var t = 0; t < frames; t++)
        {
            var g = 0.85 + 0.3 * random.NextDouble();
            using var frame = FlickerClips.Frame(t, g, g, g, ColorSpace.Rec709);
            writer.WriteFrame(frame, TestContext.Current.CancellationToken);
        }
        writer.Complete();
        return path;
    }

    [Fact]
    public void ProcessVideoFile_on_Y4M_equals_ProcessY4mFile_and_reports_every_frame()
    {
        using var scratch = new ScratchFolder();
        var input = WriteClip(scratch.File("in.y4m"), 12);
        var reports = new List<AugmentProgress>();

        var viaWrapper = Deflicker.ProcessY4mFile(input, scratch.File("a.y4m"), cancellationToken: TestContext.Current.CancellationToken);
        var viaGeneric = Deflicker.ProcessVideoFile(input, scratch.File("b.y4m"), progress: new Collect(reports), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal((12, 12), (viaWrapper, viaGeneric));
        Assert.Equal(File.ReadAllBytes(scratch.File("a.y4m")), File.ReadAllBytes(scratch.File("b.y4m")));
        Assert.Equal(13, reports.Count); // the start, then one per frame
        Assert.Equal((12L, 12L, 1.0), (reports[^1].ItemsDone, reports[^1].ItemsTotal, reports[^1].Fraction));
        Assert.NotEqual(File.ReadAllBytes(input), File.ReadAllBytes(scratch.File("b.y4m")));
    }

    [Fact]
    public void ProcessFrames_stops_on_cancellation_and_the_writer_leaves_no_file()
    {
        using var scratch = new ScratchFolder();
        var input = WriteClip(scratch.File("in.y4m"), 5);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            using var reader = VideoFile.OpenRead(input);
            using var writer = VideoFile.Create(scratch.File("out.y4m"), reader.Info);
            Deflicker.ProcessFrames(reader, writer, null, null, cancellation.Token);
            writer.Complete();
        });

        Assert.Single(scratch.Entries());
    }

    private sealed class Collect(List<AugmentProgress> reports) : IProgress<AugmentProgress>
    {
        public void Report(AugmentProgress value) => reports.Add(value);
    }
}
