namespace Augment.Vision.Tests.IO;

/// <summary>
/// Reading and writing a long clip holds a constant amount of memory: the raw-frame buffers are reused
/// and frames come from the pool, so the managed bytes allocated per frame stay far below one frame.
/// </summary>
public class VideoConstantMemoryTests
{
    private const int W = 64, H = 48, Frames = 300;
    private const long FrameBytes = W * H * 3 * sizeof(float);

    [Fact]
    public void Y4m_read_and_write_of_300_frames_allocates_far_less_than_a_frame_per_frame()
    {
        using var scratch = new ScratchFolder();
        var input = scratch.File("long.y4m");
        using (var writer = VideoFile.Create(input, new VideoInfo { Width = W, Height = H }))
        {
            using var frame = ImageFrame.FromPixels(TestImages.SmoothRgb(W, H), W, H, PixelLayout.Rgb);
            for (var f = 0; f < Frames; f++)
                writer.WriteFrame(frame, TestContext.Current.CancellationToken);
            writer.Complete();
        }

        var perFrame = CopyMeasuringAllocations(input, scratch.File("copy.y4m"));

        Assert.True(perFrame < FrameBytes / 20, $"{perFrame:N0} bytes allocated per frame; a frame is {FrameBytes:N0}");
    }

    [Fact]
    public void Ffmpeg_read_and_write_of_300_frames_allocates_far_less_than_a_frame_per_frame()
    {
        Ffmpeg.SkipWhenAbsent();
        using var scratch = new ScratchFolder();
        var input = VideoClips.Ffv1Mkv(scratch, "long.mkv", Frames);

        var perFrame = CopyMeasuringAllocations(input, scratch.File("copy.mkv"));

        Assert.True(perFrame < FrameBytes / 20, $"{perFrame:N0} bytes allocated per frame; a frame is {FrameBytes:N0}");
    }

    /// <summary>Copies the clip frame by frame; returns the bytes this thread allocated per frame after a warm-up.</summary>
    private static double CopyMeasuringAllocations(string input, string output)
    {
        const int WarmUp = 20;
        using var reader = VideoFile.OpenRead(input);
        using var writer = VideoFile.Create(output, reader.Info, new VideoEncodeOptions { Lossless = true });
        var start = 0L;
        var frames = 0;
        while (reader.ReadFrame(TestContext.Current.CancellationToken) is { } frame)
        {
            using (frame)
                writer.WriteFrame(frame, TestContext.Current.CancellationToken);
            frames++;
            if (frames == WarmUp)
                start = GC.GetAllocatedBytesForCurrentThread();
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - start;
        writer.Complete();
        TestContext.Current.TestOutputHelper?.WriteLine($"{input}: {(double)allocated / (Frames - WarmUp):N0} bytes allocated per frame copied ({FrameBytes:N0}-byte frames)");
        Assert.Equal(Frames, frames);
        Assert.Equal(Frames, writer.FramesWritten);
        return (double)allocated / (Frames - WarmUp);
    }
}
