namespace Augment.Vision.Tests.IO;

/// <summary>VideoFile behaviour that needs no ffmpeg: extensions, Y4M through the interfaces, the missing-ffmpeg error.</summary>
public class VideoFileTests
{
    [Theory]
    [InlineData("clip.y4m", true)]
    [InlineData("clip.MP4", true)]
    [InlineData("a/b/clip.mov", true)]
    [InlineData("clip.m4v", true)]
    [InlineData("clip.mkv", true)]
    [InlineData("clip.webm", true)]
    [InlineData("clip.avi", true)]
    [InlineData("clip.mxf", true)]
    [InlineData("clip.ts", true)]
    [InlineData("still.png", false)]
    [InlineData("grade.cube", false)]
    [InlineData("noextension", false)]
    public void IsVideoPath_goes_by_extension(string path, bool expected) =>
        Assert.Equal(expected, VideoFile.IsVideoPath(path));

    [Fact]
    public void A_missing_ffmpeg_is_a_typed_error_naming_the_install_step()
    {
        using var scratch = new ScratchFolder();
        var clip = scratch.File("clip.mp4");
        File.WriteAllBytes(clip, [0, 0, 0, 0]);
        var nowhere = new VideoDecodeOptions { FfmpegPath = scratch.File("no-such-ffmpeg") };

        var error = Assert.Throws<FfmpegNotFoundException>(() => VideoFile.OpenRead(clip, nowhere));
        Assert.Contains("apt-get install ffmpeg", error.Message, StringComparison.Ordinal);
        Assert.Contains("AUGMENT_FFMPEG", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<AugmentException>(error);
        Assert.Throws<FfmpegNotFoundException>(() =>
            VideoFile.Create(scratch.File("out.mp4"), new VideoInfo { Width = 8, Height = 8 }, new VideoEncodeOptions { FfmpegPath = scratch.File("no-such-ffmpeg") }));
        Assert.Empty(Directory.GetFiles(scratch.Path, "out*"));
    }

    [Fact]
    public void Y4m_goes_through_the_interfaces_and_appears_only_on_Complete()
    {
        using var scratch = new ScratchFolder();
        var path = scratch.File("clip.y4m");
        using var frame = ImageFrame.FromPixels(TestImages.SmoothRgb(32, 16), 32, 16, PixelLayout.Rgb);
        using (var writer = VideoFile.Create(path, new VideoInfo { Width = 32, Height = 16, FrameRateNumerator = 30000, FrameRateDenominator = 1001 }))
        {
            writer.WriteFrame(frame, TestContext.Current.CancellationToken);
            writer.WriteFrame(frame, TestContext.Current.CancellationToken);
            Assert.False(File.Exists(path));
            writer.Complete();
            Assert.Equal(2, writer.FramesWritten);
        }
        Assert.True(File.Exists(path));
        Assert.Single(scratch.Entries());

        var info = VideoFile.Probe(path);
        Assert.Equal((32, 16, 30000, 1001, 2L, "yuv420p"), (info.Width, info.Height, info.FrameRateNumerator, info.FrameRateDenominator, info.FrameCount, info.PixelFormat));
        using var reader = VideoFile.OpenRead(path);
        Assert.IsType<Y4mReader>(reader);
        using var first = reader.ReadFrame(TestContext.Current.CancellationToken);
        Assert.NotNull(first);
        Assert.True(TestImages.Psnr(frame.ToPixels8(PixelLayout.Rgb), first.ToPixels8(PixelLayout.Rgb)) > 35);
    }

    [Fact]
    public void Y4m_writer_disposed_without_Complete_leaves_nothing_and_keeps_an_existing_file()
    {
        using var scratch = new ScratchFolder();
        var path = scratch.File("clip.y4m");
        File.WriteAllText(path, "previous");
        using (var writer = Y4mWriter.Create(path, 8, 8))
        {
            using var frame = ImageFrame.Create(8, 8, 3);
            writer.WriteFrame(frame, TestContext.Current.CancellationToken);
        }

        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Single(scratch.Entries());
    }

    [Fact]
    public void Unknown_output_extension_is_UnsupportedFormatException()
    {
        using var scratch = new ScratchFolder();
        Assert.Throws<UnsupportedFormatException>(() => VideoFile.Create(scratch.File("out.png"), new VideoInfo { Width = 8, Height = 8 }));
    }
}
