using Augment.Vision;

namespace Augment.Cli.Tests.Commands;

public class DeflickerCommandTests
{
    private const int Width = 32, Height = 24, Frames = 30;

    /// <summary>A textured clip whose exposure jumps by up to ±15 % from frame to frame.</summary>
    private static string WriteFlickeringClip(string path)
    {
        var random = new Random(5);
        using var writer = Y4mWriter.Create(path, Width, Height, chroma: Y4mChroma.Yuv444);
        for (var f = 0; f < Frames; f++)
        {
            var gain = 0.85f + (0.3f * (float)random.NextDouble());
            using var frame = ImageFrame.Create(Width, Height, 3);
            for (var c = 0; c < 3; c++)
            {
                var plane = frame.Plane(c);
                for (var i = 0; i < plane.Length; i++)
                    plane[i] = Math.Clamp(gain * (0.25f + (0.4f * (((i * 7) + (c * 13)) % 17) / 17f)), 0f, 1f);
            }
            writer.WriteFrame(frame, TestContext.Current.CancellationToken);
        }
        writer.Complete();
        return path;
    }

    private static List<double> FrameMeans(string path)
    {
        var means = new List<double>();
        using var reader = VideoFile.OpenRead(path);
        while (reader.ReadFrame(TestContext.Current.CancellationToken) is { } frame)
        {
            using (frame)
            {
                double sum = 0;
                foreach (var v in frame.Plane(1)) sum += v;
                means.Add(sum / frame.PixelCount);
            }
        }
        return means;
    }

    private static double DifferenceVariance(List<double> series)
    {
        var diffs = new double[series.Count - 1];
        for (var i = 1; i < series.Count; i++) diffs[i - 1] = series[i] - series[i - 1];
        var mean = diffs.Average();
        return diffs.Sum(d => (d - mean) * (d - mean)) / diffs.Length;
    }

    [Fact]
    public async Task Deflicker_keeps_every_frame_and_cuts_frame_to_frame_exposure_jumps()
    {
        using var folder = new TempFolder();
        var input = WriteFlickeringClip(folder.File("in.y4m"));

        var result = await CliRunner.RunAsync("color", "deflicker", input, "--out", folder.File("out.y4m"));

        Assert.True(result.ExitCode == 0, result.Error);
        var before = FrameMeans(input);
        var after = FrameMeans(folder.File("out.y4m"));
        Assert.Equal(Frames, after.Count);
        Assert.True(DifferenceVariance(after) < 0.3 * DifferenceVariance(before),
            $"variance of frame-to-frame change {DifferenceVariance(before):E2} -> {DifferenceVariance(after):E2}");
        Assert.Contains($"deflickered {Frames} frames", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_mp4_is_one_clear_error_line_and_no_output()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(folder.File("clip.mp4"), [0, 0, 0, 24]);

        var result = await CliRunner.RunAsync("color", "deflicker", folder.File("clip.mp4"), "--out", folder.File("out.mp4"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(VideoTestClips.FfmpegPath is null ? "install ffmpeg" : "clip.mp4", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("out.mp4")));
    }

    [Fact]
    public async Task An_image_output_for_a_clip_is_one_clear_error_line()
    {
        using var folder = new TempFolder();
        var input = WriteFlickeringClip(folder.File("in.y4m"));

        var result = await CliRunner.RunAsync("color", "deflicker", input, "--out", folder.File("out.png"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("video", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deflicker_of_a_lossless_mkv_with_audio_steadies_exposure_and_keeps_the_audio()
    {
        VideoTestClips.SkipWhenAbsent();
        using var folder = new TempFolder();
        var y4m = WriteFlickeringClip(folder.File("in.y4m"));
        // The flickering clip as lossless FFV1 in Matroska, with a sine track, muxed by ffmpeg itself.
        using (var reader = VideoFile.OpenRead(y4m))
        using (var writer = VideoFile.Create(folder.File("video.mkv"), reader.Info, new VideoEncodeOptions { Lossless = true }))
        {
            while (reader.ReadFrame(TestContext.Current.CancellationToken) is { } frame)
            {
                using (frame)
                    writer.WriteFrame(frame, TestContext.Current.CancellationToken);
            }
            writer.Complete();
        }
        var input = folder.File("in.mkv");
        using (var writer = VideoFile.Create(input, VideoFile.Probe(folder.File("video.mkv")),
            new VideoEncodeOptions { Lossless = true, AudioFrom = VideoTestClips.Clip(folder.File("audio.mp4"), frames: Frames, withAudio: true) }))
        {
            using var reader = VideoFile.OpenRead(folder.File("video.mkv"));
            while (reader.ReadFrame(TestContext.Current.CancellationToken) is { } frame)
            {
                using (frame)
                    writer.WriteFrame(frame, TestContext.Current.CancellationToken);
            }
            writer.Complete();
        }

        var result = await CliRunner.RunAsync("color", "deflicker", input, "--out", folder.File("out.mkv"));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains($"deflickered {Frames} frames", result.Output, StringComparison.Ordinal);
        var before = FrameMeans(input);
        var after = FrameMeans(folder.File("out.mkv"));
        Assert.Equal(Frames, after.Count);
        Assert.True(DifferenceVariance(after) < 0.3 * DifferenceVariance(before),
            $"variance of frame-to-frame change {DifferenceVariance(before):E2} -> {DifferenceVariance(after):E2}");
        Assert.Equal(VideoTestClips.AudioPacketsMd5(input), VideoTestClips.AudioPacketsMd5(folder.File("out.mkv")));
    }

    [Fact]
    public async Task A_window_out_of_range_is_rejected_before_any_output()
    {
        using var folder = new TempFolder();
        var input = WriteFlickeringClip(folder.File("in.y4m"));

        var result = await CliRunner.RunAsync("color", "deflicker", input, "--out", folder.File("out.y4m"), "--window", "1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--window", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("out.y4m")));
    }
}
