using Augment.Vision;

namespace Augment.Cli.Tests.Commands;

public class FillCommandTests
{
    [Fact]
    public async Task Fill_writes_the_same_pixels_as_the_library_with_the_same_seed()
    {
        using var folder = new TempFolder();
        using var image = Stripes(64, 48);
        image.Save(folder.File("in.png"));
        using var mask = Mask(64, 48, 20, 16, 12);
        mask.Save(folder.File("mask.png"));

        var result = await CliRunner.RunAsync("image", "fill", folder.File("in.png"), "--mask", folder.File("mask.png"), "--out", folder.File("out.png"), "--seed", "5");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("144 of 3072 pixels filled by patch fill 7x7, seed 5", result.Output, StringComparison.Ordinal);
        using var reloaded = ImageFile.Load(folder.File("in.png"));
        using var reloadedMask = ImageFile.Load(folder.File("mask.png"));
        using var expected = reloaded.Fill(reloadedMask, f => f.Seed(5), cancellationToken: TestContext.Current.CancellationToken);
        using var written = ImageFile.Load(folder.File("out.png"));
        Assert.Equal(expected.ToPixels8(PixelLayout.Rgb), written.ToPixels8(PixelLayout.Rgb));
    }

    [Fact]
    public async Task A_mask_of_another_size_fails_with_both_sizes_and_writes_nothing()
    {
        using var folder = new TempFolder();
        using var image = Stripes(64, 48);
        image.Save(folder.File("in.png"));
        using var mask = Mask(48, 64, 4, 4, 4);
        mask.Save(folder.File("mask.png"));

        var result = await CliRunner.RunAsync("image", "fill", folder.File("in.png"), "--mask", folder.File("mask.png"), "--out", folder.File("out.png"));

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("48x64", result.Error, StringComparison.Ordinal);
        Assert.Contains("64x48", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("out.png")));
    }

    [Fact]
    public async Task An_empty_mask_copies_the_image_and_says_so()
    {
        using var folder = new TempFolder();
        using var image = Stripes(32, 32);
        image.Save(folder.File("in.png"));
        using var mask = ImageFrame.Create(32, 32, 1);
        mask.Save(folder.File("mask.png"));

        var result = await CliRunner.RunAsync("image", "fill", folder.File("in.png"), "--mask", folder.File("mask.png"), "--out", folder.File("out.png"));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("mask empty: image unchanged", result.Output, StringComparison.Ordinal);
        using var written = ImageFile.Load(folder.File("out.png"));
        using var source = ImageFile.Load(folder.File("in.png"));
        Assert.Equal(source.ToPixels8(PixelLayout.Rgb), written.ToPixels8(PixelLayout.Rgb));
    }

    [Fact]
    public async Task A_model_with_the_wrong_signature_fails_with_its_names()
    {
        using var folder = new TempFolder();
        using var image = Stripes(32, 32);
        image.Save(folder.File("in.png"));
        using var mask = Mask(32, 32, 8, 8, 8);
        mask.Save(folder.File("mask.png"));
        OnnxGraphBuilder.Multiply(2f).Save(folder.File("not-lama.onnx"));

        var result = await CliRunner.RunAsync("image", "fill", folder.File("in.png"), "--mask", folder.File("mask.png"), "--out", folder.File("out.png"), "--model", folder.File("not-lama.onnx"));

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("not a LaMa-style inpainting model", result.Error, StringComparison.Ordinal);
        Assert.Contains("'input'", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("out.png")));
    }

    [Fact]
    public async Task Extend_makes_a_16_by_9_canvas_with_the_original_in_the_middle()
    {
        using var folder = new TempFolder();
        using var image = Stripes(40, 50);
        image.Save(folder.File("in.png"));

        var result = await CliRunner.RunAsync("image", "extend", folder.File("in.png"), "--aspect", "16:9", "--out", folder.File("wide.png"));

        Assert.True(result.ExitCode == 0, result.Error);
        using var written = ImageFile.Load(folder.File("wide.png"));
        Assert.Equal((89, 50), (written.Width, written.Height));
        Assert.Contains("(89x50, 16:9, anchor center)", result.Output, StringComparison.Ordinal);
        using var source = ImageFile.Load(folder.File("in.png"));
        // 2-pixel blend band at the seams; the middle of the original is untouched.
        Assert.Equal(source.Row(0, 25)[20], written.Row(0, 25)[24 + 20]);
    }

    [Fact]
    public async Task Extend_refuses_a_nonsense_aspect()
    {
        using var folder = new TempFolder();
        using var image = Stripes(40, 50);
        image.Save(folder.File("in.png"));
        var result = await CliRunner.RunAsync("image", "extend", folder.File("in.png"), "--aspect", "wide", "--out", folder.File("wide.png"));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--aspect: 'wide'", result.Error, StringComparison.Ordinal);
    }

    private static ImageFrame Stripes(int width, int height)
    {
        var frame = ImageFrame.Create(width, height, 3);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                frame.Row(0, y)[x] = (x / 4 + y / 4) % 2 == 0 ? 0.9f : 0.1f;
                frame.Row(1, y)[x] = x / (float)width;
                frame.Row(2, y)[x] = y / (float)height;
            }
        return frame;
    }

    private static ImageFrame Mask(int width, int height, int left, int top, int side)
    {
        var mask = ImageFrame.Create(width, height, 1);
        for (var y = top; y < top + side; y++)
            mask.Row(0, y).Slice(left, side).Fill(1f);
        return mask;
    }
}
