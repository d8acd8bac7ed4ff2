using Augment.Vision;

namespace Augment.Cli.Tests.Commands;

public class UpscaleCommandTests
{
    [Fact]
    public async Task Classical_x2_equals_the_library_call_and_prints_a_summary()
    {
        using var folder = new TempFolder();
        var input = WriteNoisePng(folder.File("in.png"), 23, 17, seed: 1);

        var result = await CliRunner.RunAsync("image", "upscale", input, "--scale", "2", "--out", folder.File("out.png"));

        Assert.True(result.ExitCode == 0, result.Error);
        using var source = ImageFile.Load(input);
        using var expected = source.Upscale(u => u.Scale(2), cancellationToken: TestContext.Current.CancellationToken);
        using var output = ImageFile.Load(folder.File("out.png"));
        Assert.Equal((46, 34), (output.Width, output.Height));
        Assert.Equal(expected.ToPixels8(PixelLayout.Rgb), output.ToPixels8(PixelLayout.Rgb));
        Assert.Contains("x2 with Lanczos-3", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_x4_infers_its_scale_and_a_mismatched_scale_fails_naming_both_without_writing()
    {
        using var folder = new TempFolder();
        var input = WriteNoisePng(folder.File("in.png"), 20, 12, seed: 2);
        File.WriteAllBytes(folder.File("sr-x4.onnx"), NearestX4());

        var ok = await CliRunner.RunAsync("image", "upscale", input, "--out", folder.File("x4.png"), "--model", folder.File("sr-x4.onnx"), "--tile", "16");
        Assert.True(ok.ExitCode == 0, ok.Error);
        using (var output = ImageFile.Load(folder.File("x4.png")))
        using (var source = ImageFile.Load(input))
        {
            Assert.Equal((80, 48), (output.Width, output.Height));
            Assert.Equal(source.Row(2, 5)[7], output.Row(2, 21)[30], 3);
        }

        var bad = await CliRunner.RunAsync("image", "upscale", input, "--scale", "2", "--out", folder.File("x2.png"), "--model", folder.File("sr-x4.onnx"));
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("x4", bad.Error, StringComparison.Ordinal);
        Assert.Contains("x2", bad.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("x2.png")));
    }

    [Fact]
    public async Task Out_of_range_options_are_refused()
    {
        using var folder = new TempFolder();
        var input = WriteNoisePng(folder.File("in.png"), 8, 8, seed: 3);
        var result = await CliRunner.RunAsync("image", "upscale", input, "--scale", "2", "--detail", "1.5", "--out", folder.File("out.png"));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--detail", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("out.png")));
    }

    internal static byte[] NearestX4()
    {
        const int S2 = 16;
        var weights = new float[3 * S2 * 3];
        for (var c = 0; c < 3; c++)
        {
            for (var k = 0; k < S2; k++) weights[(c * S2 + k) * 3 + c] = 1f;
        }
        return new OnnxGraphBuilder("nearest_x4")
            .Input("input", "n", 3, "h", "w")
            .Initializer("weight", weights, 3 * S2, 3, 1, 1)
            .Node("Conv", ["input", "weight"], ["features"], OnnxAttributeValue.Ints("kernel_shape", 1, 1))
            .Node("DepthToSpace", ["features"], ["output"], OnnxAttributeValue.Int("blocksize", 4), OnnxAttributeValue.String("mode", "CRD"))
            .Output("output", "n", 3, "oh", "ow")
            .ToBytes();
    }

    internal static string WriteNoisePng(string path, int width, int height, int seed)
    {
        var pixels = new byte[width * height * 3];
        new Random(seed).NextBytes(pixels);
        using var frame = ImageFrame.FromPixels(pixels, width, height, PixelLayout.Rgb);
        frame.Save(path);
        return path;
    }
}
