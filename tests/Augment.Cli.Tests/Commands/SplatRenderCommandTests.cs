using Augment.Splat;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Augment.Cli.Tests.Commands;

public class SplatRenderCommandTests
{
    /// <summary>A small ball of 400 coloured splats around (0, 0, 5), saved as PLY.</summary>
    private static string SaveScene(TempFolder folder)
    {
        var random = new Random(3);
        var cloud = GaussianCloud.Create(400);
        for (var i = 0; i < cloud.Count; i++)
        {
            cloud.X[i] = (float)(random.NextDouble() - 0.5);
            cloud.Y[i] = (float)(random.NextDouble() - 0.5);
            cloud.Z[i] = 5 + (float)(random.NextDouble() - 0.5);
            cloud.ScaleX[i] = cloud.ScaleY[i] = cloud.ScaleZ[i] = -3.5f;
            cloud.Opacity[i] = 2;
            cloud.ShDc(0)[i] = 1.5f;
            cloud.ShDc(1)[i] = (float)random.NextDouble();
        }
        var path = folder.File("scene.ply");
        cloud.Save(path, cancellationToken: TestContext.Current.CancellationToken);
        return path;
    }

    private static int LitPixels(string png)
    {
        using var image = Image.Load<Rgb24>(png);
        var lit = 0;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                if (image[x, y].R > 40)
                    lit++;
            }
        }
        return lit;
    }

    [Fact]
    public async Task Renders_the_default_orbit_view_to_a_png_of_the_size_asked()
    {
        using var folder = new TempFolder();
        var input = SaveScene(folder);
        var output = folder.File("out/view.png");

        var result = await CliRunner.RunAsync("splat", "render", input, "--out", output, "--width", "96", "--height", "64");

        Assert.True(result.ExitCode == 0, result.Error);
        var info = Image.Identify(output);
        Assert.Equal(96, info.Width);
        Assert.Equal(64, info.Height);
        Assert.True(LitPixels(output) > 100, "the view is blank");
        Assert.Contains("400 splats", result.Output, StringComparison.Ordinal);
        Assert.Contains("96x64", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_eye_and_target_camera_looks_where_it_is_told()
    {
        using var folder = new TempFolder();
        var input = SaveScene(folder);
        var toward = folder.File("toward.png");
        var away = folder.File("away.png");

        var seen = await CliRunner.RunAsync("splat", "render", input, "--out", toward, "--width", "64", "--height", "48", "--camera", "eye=0,0,0;target=0,0,5;fov=40", "--background", "0,0,0.5");
        var missed = await CliRunner.RunAsync("splat", "render", input, "--out", away, "--width", "64", "--height", "48", "--camera", "eye=0,0,0;target=0,0,-5");

        Assert.True(seen.ExitCode == 0, seen.Error);
        Assert.True(missed.ExitCode == 0, missed.Error);
        Assert.True(LitPixels(toward) > 100);
        Assert.Equal(0, LitPixels(away));
        using var image = Image.Load<Rgb24>(toward);
        Assert.Equal(128, image[0, 0].B); // background in the corner
    }

    [Fact]
    public async Task A_sheet_tiles_an_orbit()
    {
        using var folder = new TempFolder();
        var input = SaveScene(folder);
        var output = folder.File("sheet.png");

        var result = await CliRunner.RunAsync("splat", "render", input, "--out", output, "--width", "40", "--height", "30", "--sheet", "6", "--columns", "3");

        Assert.True(result.ExitCode == 0, result.Error);
        var info = Image.Identify(output);
        Assert.Equal((3 * 40) + (2 * SplatPreview.GapPixels), info.Width);
        Assert.Equal((2 * 30) + SplatPreview.GapPixels, info.Height);
        Assert.True(LitPixels(output) > 100);
    }

    [Fact]
    public async Task A_malformed_camera_fails_and_writes_nothing()
    {
        using var folder = new TempFolder();
        var input = SaveScene(folder);
        var output = folder.File("bad.png");

        var result = await CliRunner.RunAsync("splat", "render", input, "--out", output, "--camera", "orbit:16/16");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("orbit:", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }
}
