using System.Text.Json;
using Augment.Splat;

namespace Augment.Cli.Tests.Commands;

public class SplatCleanCommandTests
{
    /// <summary>
    /// 1,000 opaque splats on a 10 x 10 x 10 lattice in [0, 9]^3, then 10 transparent ones (alpha 0.007) at
    /// (20, 20, 20 + i): a scene where every step's count is known in advance.
    /// </summary>
    private static string WriteScene(string path)
    {
        var cloud = GaussianCloud.Create(1010);
        for (var i = 0; i < 1000; i++)
        {
            cloud.X[i] = i % 10;
            cloud.Y[i] = i / 10 % 10;
            cloud.Z[i] = i / 100;
            cloud.Opacity[i] = 3;
            cloud.ScaleX[i] = cloud.ScaleY[i] = cloud.ScaleZ[i] = -2;
        }
        for (var i = 1000; i < 1010; i++)
        {
            cloud.X[i] = 20;
            cloud.Y[i] = 20;
            cloud.Z[i] = 20 + (i - 1000);
            cloud.Opacity[i] = -5;
            cloud.ScaleX[i] = cloud.ScaleY[i] = cloud.ScaleZ[i] = -2;
        }
        cloud.Save(path);
        return path;
    }

    [Fact]
    public async Task Preset_standard_drops_invisible_splats_and_detached_floaters_and_strict_adds_outlier_removal()
    {
        using var folder = new TempFolder();
        // The 1,000-splat lattice, 5 invisible splats inside it (alpha 3e-4) and 3 lone opaque splats far away.
        var cloud = GaussianCloud.Create(1008);
        for (var i = 0; i < 1008; i++)
        {
            (cloud.X[i], cloud.Y[i], cloud.Z[i]) = i < 1005 ? (i % 10, i / 10 % 10, i / 100 % 10 + (i >= 1000 ? 0.5f : 0)) : (40 + (10 * (i - 1005)), -30, 25);
            cloud.Opacity[i] = i is >= 1000 and < 1005 ? -8 : 3;
            cloud.ScaleX[i] = cloud.ScaleY[i] = cloud.ScaleZ[i] = -2;
        }
        var input = folder.File("scene.ply");
        cloud.Save(input, cancellationToken: TestContext.Current.CancellationToken);

        var standard = await CliRunner.RunAsync("splat", "clean", input, folder.File("standard.ply"), "--preset", "standard", "--json");
        var strict = await CliRunner.RunAsync("splat", "clean", input, folder.File("strict.ply"), "--preset", "strict", "--json");

        Assert.True(standard.ExitCode == 0, standard.Error);
        Assert.True(strict.ExitCode == 0, strict.Error);
        using var json = JsonDocument.Parse(standard.Output);
        var steps = json.RootElement.GetProperty("steps").EnumerateArray().Select(s => (s.GetProperty("name").GetString()!, s.GetProperty("removed").GetInt32())).ToList();
        Assert.Equal(["non-finite", "degenerate", "opacity", "floaters"], steps.Select(s => s.Item1.Split(' ')[0]));
        Assert.Equal([0, 0, 5, 3], steps.Select(s => s.Item2));
        Assert.Equal(1000, GaussianCloud.Load(folder.File("standard.ply"), cancellationToken: TestContext.Current.CancellationToken).Count);
        using var strictJson = JsonDocument.Parse(strict.Output);
        Assert.Contains(strictJson.RootElement.GetProperty("steps").EnumerateArray(), s => s.GetProperty("name").GetString()!.StartsWith("outliers", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Json_reports_each_step_and_the_output_holds_the_survivors()
    {
        using var folder = new TempFolder();
        var input = WriteScene(folder.File("scene.ply"));
        var output = folder.File("clean.ply");

        // Opacity removes the 10 faint splats; the two boxes remove x <= 1 (200) and then z >= 8 of the rest (160).
        var result = await CliRunner.RunAsync("splat", "clean", input, output, "--min-opacity", "0.05",
            "--remove-box", "-1,-1,-1,1.5,10,10", "--remove-box", "-1,-1,7.5,10,10,10", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal(1010, root.GetProperty("splatsIn").GetInt32());
        Assert.Equal(640, root.GetProperty("splatsOut").GetInt32());
        var steps = root.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("removed").GetInt32()).ToArray();
        Assert.Equal([0, 0, 10, 200, 160], steps);
        var clean = GaussianCloud.Load(output, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(640, clean.Count);
        for (var i = 0; i < clean.Count; i++)
            Assert.True(clean.X[i] >= 2 && clean.Z[i] <= 7);
    }

    [Fact]
    public async Task Table_lists_outliers_and_floaters_steps()
    {
        using var folder = new TempFolder();
        var input = WriteScene(folder.File("scene.ply"));
        var output = folder.File("clean.ply");

        var result = await CliRunner.RunAsync("splat", "clean", input, output, "--outliers", "8,2", "--floaters", "--crop-box", "-5,-5,-5,30,30,30");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("outliers", result.Output, StringComparison.Ordinal);
        Assert.Contains("floaters", result.Output, StringComparison.Ordinal);
        Assert.Contains("crop to box", result.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(output));
    }

    [Theory]
    [InlineData("--crop-box", "1,2,3")]
    [InlineData("--crop-box", "5,0,0,1,1,1")]
    [InlineData("--outliers", "0,2")]
    [InlineData("--min-opacity", "2")]
    public async Task Bad_option_values_fail_with_a_one_line_error_and_write_nothing(string option, string value)
    {
        using var folder = new TempFolder();
        var input = WriteScene(folder.File("scene.ply"));
        var output = folder.File("clean.ply");

        var result = await CliRunner.RunAsync("splat", "clean", input, output, option, value);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(option, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }
}
