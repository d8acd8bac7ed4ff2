using Augment.Cli.Commands;
using Augment.Vision;

namespace Augment.Cli.Tests.Commands;

public class ApplyLutCommandTests
{
    private const int Width = 19;
    private const int Height = 11;

    [Fact]
    public async Task Identity_LUT_on_a_PNG_gives_identical_pixels()
    {
        using var folder = new TempFolder();
        var input = WriteNoisePng(folder.File("in.png"), seed: 1);
        Lut3D.Identity(17).SaveCube(folder.File("identity.cube"));

        var result = await CliRunner.RunAsync("color", "apply-lut", "--lut", folder.File("identity.cube"), input, "--out", folder.File("out.png"));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("", result.Error);
        using var source = ImageFile.Load(input);
        using var output = ImageFile.Load(folder.File("out.png"));
        Assert.Equal(source.ToPixels8(PixelLayout.Rgb), output.ToPixels8(PixelLayout.Rgb));
        Assert.Contains("applied identity.cube (17^3, tetrahedral)", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tetrahedral", LutInterpolation.Tetrahedral)]
    [InlineData("trilinear", LutInterpolation.Trilinear)]
    [InlineData("Trilinear", LutInterpolation.Trilinear)]
    public async Task Non_identity_LUT_on_a_PNG_equals_ApplyLut_done_directly(string interp, LutInterpolation interpolation)
    {
        using var folder = new TempFolder();
        var input = WriteNoisePng(folder.File("in.png"), seed: 2);
        var lut = SkewedLut(9);
        lut.SaveCube(folder.File("grade.cube"));

        var result = await CliRunner.RunAsync("color", "apply-lut", "--lut", folder.File("grade.cube"), input, "--out", folder.File("out.png"), "--interp", interp);

        Assert.True(result.ExitCode == 0, result.Error);
        // The reference applies the LUT as read back from the .cube text, as the CLI does.
        var reloadedLut = Lut3D.LoadCube(folder.File("grade.cube"));
        using var source = ImageFile.Load(input);
        using var expected = source.ApplyLut(reloadedLut, interpolation);
        using var output = ImageFile.Load(folder.File("out.png"));
        var expectedPixels = expected.ToPixels8(PixelLayout.Rgb);
        Assert.Equal(expectedPixels, output.ToPixels8(PixelLayout.Rgb));
        Assert.NotEqual(source.ToPixels8(PixelLayout.Rgb), expectedPixels); // the LUT really changed something
    }

    [Fact]
    public async Task A_16_bit_PNG_stays_16_bit_when_written_as_PNG()
    {
        using var folder = new TempFolder();
        var samples = new ushort[Width * Height * 3];
        var random = new Random(3);
        for (var i = 0; i < samples.Length; i++)
            samples[i] = (ushort)random.Next(65536);
        using (var frame = ImageFrame.FromPixels(samples, Width, Height, PixelLayout.Rgb))
            frame.Save(folder.File("in16.png"), new ImageSaveOptions { BitsPerChannel = 16 });
        Lut3D.Identity(5).SaveCube(folder.File("identity.cube"));

        var result = await CliRunner.RunAsync("color", "apply-lut", "--lut", folder.File("identity.cube"), folder.File("in16.png"), "--out", folder.File("out16.png"));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.True(ApplyLutCommand.IsSixteenBitPng(folder.File("in16.png")));
        Assert.True(ApplyLutCommand.IsSixteenBitPng(folder.File("out16.png")));
        Assert.Contains("16-bit Png", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Y4M_of_3_frames_gives_3_graded_frames_equal_to_grading_each_frame_directly()
    {
        using var folder = new TempFolder();
        var input = folder.File("in.y4m");
        using (var writer = Y4mWriter.Create(input, 16, 8, 30000, 1001))
        {
            for (var f = 0; f < 3; f++)
            {
                using var frame = NoiseFrame(16, 8, seed: 10 + f);
                writer.WriteFrame(frame, TestContext.Current.CancellationToken);
            }
            writer.Complete();
        }
        var lut = SkewedLut(9);
        lut.SaveCube(folder.File("grade.cube"));

        var result = await CliRunner.RunAsync("color", "apply-lut", "--lut", folder.File("grade.cube"), input, "--out", folder.File("out.y4m"));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("to 3 frames of", result.Output, StringComparison.Ordinal);
        using (var output = Y4mReader.Open(folder.File("out.y4m")))
        {
            Assert.Equal((16, 8, 30000, 1001), (output.Width, output.Height, output.FrameRateNumerator, output.FrameRateDenominator));
            var frames = 0;
            while (output.ReadFrame(TestContext.Current.CancellationToken) is { } frame)
            {
                frame.Dispose();
                frames++;
            }
            Assert.Equal(3, frames);
        }

        // Independent reference: read, grade and write each frame in memory; the file must match byte for byte.
        var reloadedLut = Lut3D.LoadCube(folder.File("grade.cube"));
        using var expected = new MemoryStream();
        using (var reader = Y4mReader.Open(input))
        using (var writer = new Y4mWriter(expected, 16, 8, 30000, 1001, reader.Chroma, leaveOpen: true))
        {
            while (reader.ReadFrame(TestContext.Current.CancellationToken) is { } frame)
            {
                using (frame)
                using (var graded = frame.ApplyLut(reloadedLut))
                    writer.WriteFrame(graded, TestContext.Current.CancellationToken);
            }
        }
        Assert.Equal(expected.ToArray(), await File.ReadAllBytesAsync(folder.File("out.y4m"), TestContext.Current.CancellationToken));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }

    [Fact]
    public async Task A_truncated_Y4M_exits_1_and_leaves_no_output_or_temporary_file()
    {
        using var folder = new TempFolder();
        var input = folder.File("in.y4m");
        using (var writer = Y4mWriter.Create(input, 16, 8))
        {
            using var frame = NoiseFrame(16, 8, seed: 4);
            writer.WriteFrame(frame, TestContext.Current.CancellationToken);
            writer.WriteFrame(frame, TestContext.Current.CancellationToken);
            writer.Complete();
        }
        var bytes = await File.ReadAllBytesAsync(input, TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(input, bytes[..^50], TestContext.Current.CancellationToken);
        Lut3D.Identity(3).SaveCube(folder.File("identity.cube"));

        var result = await CliRunner.RunAsync("color", "apply-lut", "--lut", folder.File("identity.cube"), input, "--out", folder.File("out.y4m"));

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("truncated", line, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("out.y4m")));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(folder.Path, ".*"));
    }

    [Fact]
    public async Task A_cancelled_Y4M_run_exits_130_and_leaves_no_output_or_temporary_file()
    {
        using var folder = new TempFolder();
        var input = folder.File("in.y4m");
        using (var writer = Y4mWriter.Create(input, 16, 8))
        {
            using var frame = NoiseFrame(16, 8, seed: 12);
            writer.WriteFrame(frame, TestContext.Current.CancellationToken);
            writer.Complete();
        }
        Lut3D.Identity(3).SaveCube(folder.File("identity.cube"));
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        var result = await CliRunner.RunAsync(["color", "apply-lut", "--lut", folder.File("identity.cube"), input, "--out", folder.File("out.y4m")], null, cancellation.Token);

        Assert.Equal(130, result.ExitCode);
        Assert.False(File.Exists(folder.File("out.y4m")));
        Assert.Empty(Directory.GetFiles(folder.Path, ".*"));
    }

    [Fact]
    public async Task A_malformed_cube_exits_1_with_one_error_line_naming_the_line_number()
    {
        using var folder = new TempFolder();
        var input = WriteNoisePng(folder.File("in.png"), seed: 5);
        await File.WriteAllTextAsync(folder.File("bad.cube"), "TITLE \"bad\"\nLUT_3D_SIZE 2\n0 0 0\n1 0 zero\n", TestContext.Current.CancellationToken);

        var result = await CliRunner.RunAsync("color", "apply-lut", "--lut", folder.File("bad.cube"), input, "--out", folder.File("out.png"));

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains("line 4", line, StringComparison.Ordinal);
        Assert.Contains("bad.cube", line, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("out.png")));
    }

    [Fact]
    public async Task A_missing_input_exits_1_with_one_error_line_naming_it()
    {
        using var folder = new TempFolder();
        Lut3D.Identity(3).SaveCube(folder.File("identity.cube"));

        var result = await CliRunner.RunAsync("color", "apply-lut", "--lut", folder.File("identity.cube"), folder.File("nope.png"), "--out", folder.File("out.png"));

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains("nope.png", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_LUT_exits_1_with_one_error_line_naming_it()
    {
        using var folder = new TempFolder();
        var input = WriteNoisePng(folder.File("in.png"), seed: 6);

        var result = await CliRunner.RunAsync("color", "apply-lut", "--lut", folder.File("nope.cube"), input, "--out", folder.File("out.png"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("nope.cube", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_mp4_exits_1_with_one_error_line_and_leaves_no_output()
    {
        using var folder = new TempFolder();
        await File.WriteAllBytesAsync(folder.File("clip.mp4"), new byte[64], TestContext.Current.CancellationToken);
        Lut3D.Identity(3).SaveCube(folder.File("identity.cube"));

        var result = await CliRunner.RunAsync("color", "apply-lut", "--lut", folder.File("identity.cube"), folder.File("clip.mp4"), "--out", folder.File("out.mp4"));

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        // With ffmpeg the file is named as corrupt; without, the error says how to install ffmpeg.
        Assert.Contains(VideoTestClips.FfmpegPath is null ? "install ffmpeg" : "clip.mp4", line, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("out.mp4")));
        Assert.Empty(Directory.GetFiles(folder.Path, ".*"));
    }

    [Fact]
    public async Task An_mp4_with_audio_is_graded_frame_by_frame_with_its_audio_packets_untouched()
    {
        VideoTestClips.SkipWhenAbsent();
        using var folder = new TempFolder();
        var input = VideoTestClips.Clip(folder.File("clip.mp4"), frames: 12, withAudio: true);
        var lut = SkewedLut(9);
        lut.SaveCube(folder.File("grade.cube"));
        var output = folder.File("graded.mp4");

        var result = await CliRunner.RunAsync("color", "apply-lut", "--lut", folder.File("grade.cube"), input, "--out", output);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("to 12 frames of", result.Output, StringComparison.Ordinal);
        Assert.Contains("audio copied", result.Output, StringComparison.Ordinal);
        Assert.Equal(12, VideoTestClips.CountFrames(output));
        Assert.Equal(VideoTestClips.AudioPacketsMd5(input), VideoTestClips.AudioPacketsMd5(output));
        // Independent reference: ffmpeg's decode of the input, graded in memory, against ffmpeg's decode of the output.
        var reloaded = Lut3D.LoadCube(folder.File("grade.cube"));
        using var source = ImageFrame.FromPixels(VideoTestClips.FirstFrameRgb24(input), VideoTestClips.Width, VideoTestClips.Height, PixelLayout.Rgb);
        using var expected = source.ApplyLut(reloaded);
        var graded = VideoTestClips.FirstFrameRgb24(output);
        var psnr = VideoTestClips.Psnr(expected.ToPixels8(PixelLayout.Rgb), graded);
        var ungraded = VideoTestClips.Psnr(source.ToPixels8(PixelLayout.Rgb), graded);
        // x264 at its default quality with 4:2:0 chroma on a tiny, sharp test pattern costs a few dB by
        // itself (26.8 dB measured); the graded output must still be far nearer the graded reference.
        Assert.True(psnr >= 24, $"graded frame vs the LUT applied to the source: {psnr:0.0} dB");
        Assert.True(psnr > ungraded + 6, $"graded {psnr:0.0} dB vs ungraded {ungraded:0.0} dB: the LUT did not change the video");
        Assert.Empty(Directory.GetFiles(folder.Path, ".*"));
    }

    [Fact]
    public async Task An_mp4_graded_into_mkv_keeps_every_frame()
    {
        VideoTestClips.SkipWhenAbsent();
        using var folder = new TempFolder();
        var input = VideoTestClips.Clip(folder.File("clip.mp4"), frames: 8);
        Lut3D.Identity(5).SaveCube(folder.File("identity.cube"));

        var result = await CliRunner.RunAsync("color", "apply-lut", "--lut", folder.File("identity.cube"), input, "--out", folder.File("out.mkv"));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(8, VideoTestClips.CountFrames(folder.File("out.mkv")));
        Assert.Equal("h264", VideoTestClips.VideoProperty(folder.File("out.mkv"), "codec_name"));
    }

    [Fact]
    public async Task A_video_input_with_an_image_output_exits_1_before_any_work()
    {
        using var folder = new TempFolder();
        await File.WriteAllBytesAsync(folder.File("clip.mp4"), new byte[64], TestContext.Current.CancellationToken);
        Lut3D.Identity(3).SaveCube(folder.File("identity.cube"));

        var result = await CliRunner.RunAsync("color", "apply-lut", "--lut", folder.File("identity.cube"), folder.File("clip.mp4"), "--out", folder.File("out.png"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("video output", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("out.png")));
    }

    [Fact]
    public async Task A_bad_interp_value_exits_2_with_one_error_line()
    {
        using var folder = new TempFolder();
        var input = WriteNoisePng(folder.File("in.png"), seed: 7);
        Lut3D.Identity(3).SaveCube(folder.File("identity.cube"));

        var result = await CliRunner.RunAsync("color", "apply-lut", "--lut", folder.File("identity.cube"), input, "--out", folder.File("out.png"), "--interp", "cubic");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error: --interp:", line, StringComparison.Ordinal);
        Assert.Contains("'cubic'", line, StringComparison.Ordinal);
        Assert.Contains("augment color apply-lut --help", line, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("out.png")));
    }

    [Fact]
    public async Task Missing_out_option_exits_2()
    {
        using var folder = new TempFolder();
        var input = WriteNoisePng(folder.File("in.png"), seed: 8);
        Lut3D.Identity(3).SaveCube(folder.File("identity.cube"));

        var result = await CliRunner.RunAsync("color", "apply-lut", "--lut", folder.File("identity.cube"), input);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--out", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_input_with_a_y4m_output_exits_1()
    {
        using var folder = new TempFolder();
        var input = WriteNoisePng(folder.File("in.png"), seed: 9);
        Lut3D.Identity(3).SaveCube(folder.File("identity.cube"));

        var result = await CliRunner.RunAsync("color", "apply-lut", "--lut", folder.File("identity.cube"), input, "--out", folder.File("out.y4m"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("image output", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    /// <summary>A LUT that mixes channels, so that tetrahedral and trilinear differ and identity is far.</summary>
    private static Lut3D SkewedLut(int size)
    {
        var lut = new Lut3D(size);
        lut.Fill(static (r, g, b) => (
            MathF.Sqrt(r) * 0.9f + (0.1f * b),
            (0.7f * g) + (0.3f * r * b),
            b * b));
        return lut;
    }

    private static string WriteNoisePng(string path, int seed)
    {
        using var frame = NoiseFrame(Width, Height, seed);
        frame.Save(path);
        return path;
    }

    private static ImageFrame NoiseFrame(int width, int height, int seed)
    {
        var pixels = new byte[width * height * 3];
        new Random(seed).NextBytes(pixels);
        return ImageFrame.FromPixels(pixels, width, height, PixelLayout.Rgb);
    }
}
