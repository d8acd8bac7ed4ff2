using Augment.Vision;

namespace Augment.Cli.Tests.Commands;

public class HdrCommandTests
{
    private static string WriteRampPng(string path)
    {
        const int width = 32, height = 4;
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                for (var c = 0; c < 3; c++)
                    pixels[(y * width + x) * 3 + c] = (byte)(x * 255 / (width - 1));
        using var frame = ImageFrame.FromPixels(pixels, width, height, PixelLayout.Rgb);
        frame.Save(path);
        return path;
    }

    [Theory]
    [InlineData("pq", HdrTarget.Pq)]
    [InlineData("HLG", HdrTarget.Hlg)]
    public async Task Sdr_to_hdr_writes_a_16_bit_png_equal_to_HdrMapping_done_directly(string to, HdrTarget target)
    {
        using var folder = new TempFolder();
        var input = WriteRampPng(folder.File("ramp.png"));

        var result = await CliRunner.RunAsync("color", "hdr", input, "--out", folder.File("hdr.png"), "--to", to);

        Assert.True(result.ExitCode == 0, result.Error);
        using var source = ImageFile.Load(input);
        using var expected = HdrMapping.ToHdr(source, new SdrToHdrOptions { Target = target }, TestContext.Current.CancellationToken);
        using var output = ImageFile.Load(folder.File("hdr.png"));
        Assert.Equal(expected.ToPixels16(PixelLayout.Rgb), output.ToPixels16(PixelLayout.Rgb));
        // SDR white reaches the display peak under BT.2446 method A: the brightest pixel is far above black.
        Assert.True(output.Plane(0)[31] > 0.5f);
        Assert.Contains("16-bit", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hdr_to_sdr_maps_a_pq_image_with_the_BT_2390_EETF()
    {
        using var folder = new TempFolder();
        var input = WriteRampPng(folder.File("pq.png"));

        var result = await CliRunner.RunAsync("color", "hdr", input, "--out", folder.File("sdr.png"), "--to", "sdr", "--from", "pq", "--peak-nits", "1000");

        Assert.True(result.ExitCode == 0, result.Error);
        using var source = ImageFile.Load(input);
        source.ColorSpace = ColorSpace.Rec2020Pq;
        using var expected = HdrMapping.ToSdr(source, new HdrToSdrOptions { SourceMaxNits = 1000 }, TestContext.Current.CancellationToken);
        using var output = ImageFile.Load(folder.File("sdr.png"));
        Assert.Equal(expected.ToPixels16(PixelLayout.Rgb), output.ToPixels16(PixelLayout.Rgb));
    }

    [Theory]
    [InlineData("--to", "rec709")]
    [InlineData("--from", "sdr")]
    public async Task A_bad_signal_name_is_a_usage_error(string option, string value)
    {
        using var folder = new TempFolder();
        var input = WriteRampPng(folder.File("ramp.png"));
        string[] args = option == "--to"
            ? ["color", "hdr", input, "--out", folder.File("o.png"), "--to", value]
            : ["color", "hdr", input, "--out", folder.File("o.png"), "--to", "sdr", "--from", value];

        var result = await CliRunner.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains(option, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_input_is_one_error_line_and_no_output()
    {
        using var folder = new TempFolder();
        var result = await CliRunner.RunAsync("color", "hdr", folder.File("nope.png"), "--out", folder.File("o.png"), "--to", "pq");
        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.False(File.Exists(folder.File("o.png")));
    }

    [Theory]
    [InlineData("pq", "smpte2084")]
    [InlineData("hlg", "arib-std-b67")]
    public async Task Sdr_mp4_to_hdr_video_is_10_bit_and_tagged_BT2020_with_the_transfer(string to, string transfer)
    {
        VideoTestClips.SkipWhenAbsent();
        using var folder = new TempFolder();
        var input = VideoTestClips.Clip(folder.File("sdr.mp4"), frames: 6);
        var output = folder.File("hdr.mkv");

        var result = await CliRunner.RunAsync("color", "hdr", input, "--out", output, "--to", to);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("mapped 6 frames", result.Output, StringComparison.Ordinal);
        Assert.Equal(6, VideoTestClips.CountFrames(output));
        Assert.Equal("yuv420p10le", VideoTestClips.VideoProperty(output, "pix_fmt"));
        Assert.Equal("bt2020", VideoTestClips.VideoProperty(output, "color_primaries"));
        Assert.Equal(transfer, VideoTestClips.VideoProperty(output, "color_transfer"));
        Assert.Equal("bt2020nc", VideoTestClips.VideoProperty(output, "color_space"));
    }

    [Fact]
    public async Task Pq_video_maps_back_to_8_bit_BT709_SDR_with_the_tag_read_from_the_container()
    {
        VideoTestClips.SkipWhenAbsent();
        using var folder = new TempFolder();
        var input = VideoTestClips.Clip(folder.File("sdr.mp4"), frames: 4);
        var hdr = await CliRunner.RunAsync("color", "hdr", input, "--out", folder.File("hdr.mkv"), "--to", "pq");
        Assert.True(hdr.ExitCode == 0, hdr.Error);

        // No --from: the container's smpte2084 tag says PQ (an HLG reading would give a different picture).
        var result = await CliRunner.RunAsync("color", "hdr", folder.File("hdr.mkv"), "--out", folder.File("sdr.mp4"), "--to", "sdr");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("yuv420p", VideoTestClips.VideoProperty(folder.File("sdr.mp4"), "pix_fmt"));
        Assert.Equal("bt709", VideoTestClips.VideoProperty(folder.File("sdr.mp4"), "color_primaries"));
        var original = VideoTestClips.FirstFrameRgb24(input);
        var roundTrip = VideoTestClips.FirstFrameRgb24(folder.File("sdr.mp4"));
        var psnr = VideoTestClips.Psnr(original, roundTrip);
        Assert.True(psnr >= 20, $"SDR -> PQ -> SDR vs the source: {psnr:0.0} dB");
    }
}
