using Augment.Vision;

namespace Augment.Cli.Tests.Commands;

public class ImageResizeCommandTests
{
    private static string WritePng(string path, int width, int height, int seed)
    {
        using var frame = ImageFrame.Create(width, height, 3);
        var random = new Random(seed);
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < height; y++)
            {
                var row = frame.Row(c, y);
                for (var x = 0; x < width; x++)
                    row[x] = Math.Clamp((((x + (c * 7)) % 23) / 23f) + (0.1f * random.NextSingle()), 0f, 1f);
            }
        }
        frame.Save(path);
        return path;
    }

    [Fact]
    public async Task Width_alone_keeps_the_aspect_ratio_and_equals_the_library_resize()
    {
        using var folder = new TempFolder();
        var input = WritePng(folder.File("in.png"), 90, 60, 1);

        var result = await CliRunner.RunAsync("image", "resize", input, "--width", "45", "--out", folder.File("out.png"));

        Assert.True(result.ExitCode == 0, result.Error);
        using var source = ImageFile.Load(input);
        using var expected = source.Resize(45, 30);
        using var written = ImageFile.Load(folder.File("out.png"));
        Assert.Equal((45, 30), (written.Width, written.Height));
        Assert.Equal(expected.ToPixels8(PixelLayout.Rgb), written.ToPixels8(PixelLayout.Rgb));
        Assert.Contains("(90x60) -> ", result.Output, StringComparison.Ordinal);
        Assert.Contains("45x30, lanczos3, linear light", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mitchell", ResampleKernel.Mitchell)]
    [InlineData("catmull-rom", ResampleKernel.CatmullRom)]
    [InlineData("box", ResampleKernel.Box)]
    public async Task Kernel_and_no_linear_are_passed_through(string name, ResampleKernel kernel)
    {
        using var folder = new TempFolder();
        var input = WritePng(folder.File("in.png"), 64, 48, 2);

        var result = await CliRunner.RunAsync("image", "resize", input, "--width", "100", "--height", "20", "--kernel", name, "--no-linear", "--out", folder.File("out.png"));

        Assert.True(result.ExitCode == 0, result.Error);
        using var source = ImageFile.Load(input);
        using var expected = source.Resize(r => r.To(100, 20).Using(kernel).InLinearLight(false));
        using var written = ImageFile.Load(folder.File("out.png"));
        Assert.Equal(expected.ToPixels8(PixelLayout.Rgb), written.ToPixels8(PixelLayout.Rgb));
        Assert.Contains($"{name}, encoded values", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Print_width_and_dpi_size_the_image_and_record_the_resolution()
    {
        using var folder = new TempFolder();
        var input = WritePng(folder.File("in.png"), 80, 40, 3);

        var result = await CliRunner.RunAsync("image", "resize", input, "--print-width", "0.5", "--dpi", "120", "--out", folder.File("print.jpg"));

        Assert.True(result.ExitCode == 0, result.Error);
        using var written = ImageFile.Load(folder.File("print.jpg"));
        Assert.Equal((60, 30), (written.Width, written.Height));
        Assert.Equal(120, written.DotsPerInch);
        Assert.Contains("120 dpi", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fit_keeps_the_aspect_ratio_within_the_box()
    {
        using var folder = new TempFolder();
        var input = WritePng(folder.File("in.png"), 80, 40, 4);

        var result = await CliRunner.RunAsync("image", "resize", input, "--width", "30", "--height", "30", "--fit", "--out", folder.File("out.png"));

        Assert.True(result.ExitCode == 0, result.Error);
        using var written = ImageFile.Load(folder.File("out.png"));
        Assert.Equal((30, 15), (written.Width, written.Height));
    }

    [Theory]
    [InlineData(2, "--kernel", "sinc")]
    [InlineData(1, "--width", "0")]
    [InlineData(1, "--dpi", "300")]
    public async Task Bad_requests_fail_with_one_line_and_write_nothing(int exitCode, string option, string value)
    {
        using var folder = new TempFolder();
        var input = WritePng(folder.File("in.png"), 16, 16, 5);

        var result = await CliRunner.RunAsync("image", "resize", input, option, value, "--out", folder.File("out.png"));

        Assert.Equal(exitCode, result.ExitCode);
        Assert.StartsWith("error:", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("out.png")));
    }
}
