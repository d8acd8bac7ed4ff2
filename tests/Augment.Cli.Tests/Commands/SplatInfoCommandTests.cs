using System.Text.Json;
using Augment.Splat;

namespace Augment.Cli.Tests.Commands;

public class SplatInfoCommandTests
{
    /// <summary>Three splats with known centres and opacities, SH degree 1 and one extra.</summary>
    internal static GaussianCloud KnownCloud()
    {
        var cloud = GaussianCloud.Create(3, 1, ["confidence"]);
        float[] xs = [-1, 2, 0.5f], ys = [0, 4, -3], zs = [1, 1, 7], logits = [0, 2, -2];
        for (var i = 0; i < 3; i++)
        {
            cloud.X[i] = xs[i];
            cloud.Y[i] = ys[i];
            cloud.Z[i] = zs[i];
            cloud.Opacity[i] = logits[i];
        }
        return cloud;
    }

    [Fact]
    public async Task Json_reports_format_count_degree_bounds_alpha_and_extras()
    {
        using var folder = new TempFolder();
        var path = folder.File("scene.ply");
        KnownCloud().Save(path, cancellationToken: TestContext.Current.CancellationToken);

        var result = await CliRunner.RunAsync("splat", "info", path, "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal("ply", root.GetProperty("format").GetString());
        Assert.Equal(new FileInfo(path).Length, root.GetProperty("bytes").GetInt64());
        Assert.Equal(3, root.GetProperty("count").GetInt32());
        Assert.Equal(1, root.GetProperty("shDegree").GetInt32());
        Assert.Equal([-1.0, -3, 1], root.GetProperty("bounds").GetProperty("min").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal([2.0, 4, 7], root.GetProperty("bounds").GetProperty("max").EnumerateArray().Select(e => e.GetDouble()));
        var alpha = root.GetProperty("alpha");
        var sigmoid2 = 1 / (1 + Math.Exp(-2));
        Assert.Equal(1 - sigmoid2, alpha.GetProperty("min").GetDouble(), 1e-5);
        Assert.Equal(sigmoid2, alpha.GetProperty("max").GetDouble(), 1e-5);
        Assert.Equal(0.5, alpha.GetProperty("mean").GetDouble(), 1e-5);
        Assert.Equal(["confidence"], root.GetProperty("extras").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Format_comes_from_the_content_not_the_extension()
    {
        using var folder = new TempFolder();
        var splat = folder.File("scene.splat");
        KnownCloud().Save(splat, cancellationToken: TestContext.Current.CancellationToken);
        var renamed = folder.File("scene.dat");
        File.Move(splat, renamed);

        var result = await CliRunner.RunAsync("splat", "info", renamed, "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal("splat", json.RootElement.GetProperty("format").GetString());
        Assert.Equal(96, json.RootElement.GetProperty("bytes").GetInt64());
    }

    [Fact]
    public async Task The_table_names_the_count()
    {
        using var folder = new TempFolder();
        var path = folder.File("scene.ply");
        KnownCloud().Save(path, cancellationToken: TestContext.Current.CancellationToken);

        var result = await CliRunner.RunAsync("splat", "info", path);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("ply", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_file_fails_with_a_nonzero_exit_code()
    {
        using var folder = new TempFolder();
        var path = folder.File("scene.ply");
        KnownCloud().Save(path, cancellationToken: TestContext.Current.CancellationToken);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^20]);

        var result = await CliRunner.RunAsync("splat", "info", path);

        Assert.NotEqual(0, result.ExitCode);
    }
}
