using Augment.Vision;

namespace Augment.Cli.Tests.Commands;

public class ImageDenoiseCommandTests
{
    [Fact]
    public async Task Denoise_prints_the_noise_level_and_writes_what_the_library_gives()
    {
        using var folder = new TempFolder();
        var input = WriteNoisyPng(folder.File("in.png"));

        var result = await CliRunner.RunAsync("image", "denoise", input, "--out", folder.File("out.png"), "--strength", "0.8", "--sigma", "20", "--chroma", "2", "--texture", "0.1");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("noise sigma ", result.Output, StringComparison.Ordinal);
        Assert.Contains("with nlm, sigma 20/255, strength 0.8, chroma 2, texture 0.1", result.Output, StringComparison.Ordinal);
        using var source = ImageFile.Load(input);
        using var expected = source.Denoise(new DenoiseOptions { Strength = 0.8f, NoiseSigma = 20 / 255f, Chroma = 2, PreserveTexture = 0.1f }, cancellationToken: TestContext.Current.CancellationToken);
        using var output = ImageFile.Load(folder.File("out.png"));
        Assert.Equal(expected.ToPixels8(PixelLayout.Rgb), output.ToPixels8(PixelLayout.Rgb));
    }

    [Theory]
    [InlineData("bilateral")]
    [InlineData("guided")]
    public async Task Other_methods_run_and_say_so(string method)
    {
        using var folder = new TempFolder();
        var input = WriteNoisyPng(folder.File("in.png"));
        var result = await CliRunner.RunAsync("image", "denoise", input, "--out", folder.File("out.png"), "--method", method);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains($"with {method},", result.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(folder.File("out.png")));
    }

    [Fact]
    public async Task A_model_with_the_wrong_channel_count_fails_cleanly_and_writes_nothing()
    {
        using var folder = new TempFolder();
        var input = WriteNoisyPng(folder.File("in.png"));
        OnnxGraphBuilder.DepthwiseConv3x3(1, [0, 0, 0, 0, 1, 0, 0, 0, 0]).Save(folder.File("grey.onnx"));
        var result = await CliRunner.RunAsync("image", "denoise", input, "--out", folder.File("out.png"), "--model", folder.File("grey.onnx"));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("[1, 3, H, W]", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("out.png")));
    }

    [Fact]
    public async Task An_unknown_method_is_refused_by_name()
    {
        using var folder = new TempFolder();
        var input = WriteNoisyPng(folder.File("in.png"));
        var result = await CliRunner.RunAsync("image", "denoise", input, "--out", folder.File("out.png"), "--method", "wavelet");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("'wavelet' is not nlm, bilateral or guided", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("out.png")));
    }

    private static string WriteNoisyPng(string path)
    {
        const int Width = 48, Height = 40;
        var pixels = new byte[Width * Height * 3];
        var random = new Random(9);
        for (var y = 0; y < Height; y++)
            for (var x = 0; x < Width; x++)
                for (var c = 0; c < 3; c++)
                    pixels[(y * Width + x) * 3 + c] = (byte)Math.Clamp(60 + 3 * x + 40 * c + random.Next(-25, 26), 0, 255);
        using var frame = ImageFrame.FromPixels(pixels, Width, Height, PixelLayout.Rgb);
        frame.Save(path);
        return path;
    }
}
