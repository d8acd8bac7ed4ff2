using Augment.Vision;

namespace Augment.Cli.Tests.Commands;

public class StyleCommandTests
{
    [Fact]
    public async Task Style_model_runs_on_0_255_values()
    {
        using var folder = new TempFolder();
        var input = UpscaleCommandTests.WriteNoisePng(folder.File("in.png"), 30, 20, seed: 4);
        // Inverts 0..255 RGB: out = 255 - in, a 1x1 convolution with weight -1 and bias 255.
        new OnnxGraphBuilder("invert")
            .Input("input", "n", 3, "h", "w")
            .Initializer("weight", [-1f, 0, 0, 0, -1f, 0, 0, 0, -1f], 3, 3, 1, 1)
            .Initializer("bias", [255f, 255f, 255f], 3)
            .Node("Conv", ["input", "weight", "bias"], ["output"], OnnxAttributeValue.Ints("kernel_shape", 1, 1))
            .Output("output", "n", 3, "h", "w")
            .Save(folder.File("invert.onnx"));

        var result = await CliRunner.RunAsync("image", "style", input, "--model", folder.File("invert.onnx"), "--out", folder.File("out.png"), "--tile", "16");

        Assert.True(result.ExitCode == 0, result.Error);
        using var source = ImageFile.Load(input);
        using var output = ImageFile.Load(folder.File("out.png"));
        var a = source.ToPixels8(PixelLayout.Rgb);
        var b = output.ToPixels8(PixelLayout.Rgb);
        for (var i = 0; i < a.Length; i++) Assert.Equal(255 - a[i], b[i]);
    }

    [Fact]
    public async Task Film_look_with_reference_and_grain_is_reproducible_by_seed()
    {
        using var folder = new TempFolder();
        var input = UpscaleCommandTests.WriteNoisePng(folder.File("in.png"), 40, 30, seed: 5);
        var still = UpscaleCommandTests.WriteNoisePng(folder.File("still.png"), 25, 25, seed: 6);

        var first = await CliRunner.RunAsync("image", "style", input, "--reference", still, "--grain", "0.3", "--grain-size", "1.5", "--seed", "9", "--out", folder.File("a.png"));
        var second = await CliRunner.RunAsync("image", "style", input, "--reference", still, "--grain", "0.3", "--grain-size", "1.5", "--seed", "9", "--out", folder.File("b.png"));

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.True(second.ExitCode == 0, second.Error);
        Assert.Equal(File.ReadAllBytes(folder.File("a.png")), File.ReadAllBytes(folder.File("b.png")));
        Assert.Contains("film look (colours of still.png, grain 0.3 size 1.5 px seed 9)", first.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_to_do_is_an_error()
    {
        using var folder = new TempFolder();
        var input = UpscaleCommandTests.WriteNoisePng(folder.File("in.png"), 8, 8, seed: 7);
        var result = await CliRunner.RunAsync("image", "style", input, "--out", folder.File("out.png"));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--model", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("out.png")));
    }
}
