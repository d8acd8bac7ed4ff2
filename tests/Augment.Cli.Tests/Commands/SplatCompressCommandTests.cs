using System.Text.Json;
using Augment.Splat;

namespace Augment.Cli.Tests.Commands;

public class SplatCompressCommandTests
{
    /// <summary>2,000 splats of SH degree 2 in a 4-unit cube, random colour and view dependence, saved as a binary PLY.</summary>
    private static string WriteScene(string path)
    {
        var random = new Random(3);
        var cloud = GaussianCloud.Create(2000, shDegree: 2);
        for (var i = 0; i < cloud.Count; i++)
        {
            cloud.X[i] = (float)((random.NextDouble() * 4) - 2);
            cloud.Y[i] = (float)((random.NextDouble() * 4) - 2);
            cloud.Z[i] = (float)((random.NextDouble() * 4) - 2);
            cloud.ScaleX[i] = cloud.ScaleY[i] = cloud.ScaleZ[i] = (float)((random.NextDouble() * 2) - 4);
            cloud.Opacity[i] = (float)((random.NextDouble() * 6) - 2);
            for (var c = 0; c < 3; c++)
            {
                cloud.ShDc(c)[i] = (float)((random.NextDouble() * 2) - 1);
                for (var k = 0; k < cloud.ShRestCount; k++)
                    cloud.ShRest(c, k)[i] = (float)((random.NextDouble() * 0.4) - 0.2);
            }
        }
        cloud.Save(path);
        return path;
    }

    [Fact]
    public async Task Json_reports_bytes_against_the_input_file_and_the_psnr_of_each_view()
    {
        using var folder = new TempFolder();
        var input = WriteScene(folder.File("scene.ply"));
        var output = folder.File("out/scene.sog");

        var result = await CliRunner.RunAsync("splat", "compress", input, output, "--preset", "small", "--views", "2", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal("small", root.GetProperty("preset").GetString());
        Assert.Equal(2000, root.GetProperty("splatsIn").GetInt32());
        Assert.Equal(1500, root.GetProperty("splatsOut").GetInt32());
        Assert.Equal(1, root.GetProperty("shDegree").GetInt32());
        Assert.Equal(new FileInfo(input).Length, root.GetProperty("sourceBytes").GetInt64());
        Assert.Equal(new FileInfo(output).Length, root.GetProperty("outputBytes").GetInt64());
        Assert.Equal((double)new FileInfo(input).Length / new FileInfo(output).Length, root.GetProperty("ratio").GetDouble(), 1e-4);
        Assert.Equal(2, root.GetProperty("views").GetArrayLength());
        Assert.True(root.GetProperty("meanPsnrDb").GetDouble() > 10);
        Assert.Equal(1500, GaussianCloud.Load(output, cancellationToken: TestContext.Current.CancellationToken).Count);
    }

    [Fact]
    public async Task Table_lists_the_steps_and_the_ratio_with_the_mobile_preset_by_default()
    {
        using var folder = new TempFolder();
        var input = WriteScene(folder.File("scene.ply"));
        var output = folder.File("scene.spz");

        var result = await CliRunner.RunAsync("splat", "compress", input, output, "--views", "0");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("(mobile, spz)", result.Output, StringComparison.Ordinal);
        Assert.Contains("SH palette 4,096", result.Output, StringComparison.Ordinal);
        Assert.Contains("Ratio", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("PSNR", result.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(output));
    }

    [Theory]
    [InlineData("--preset", "tiny", "out.sog")]
    [InlineData("--views", "-1", "out.sog")]
    [InlineData("--views", "2", "out.txt")]
    public async Task Bad_arguments_fail_with_a_one_line_error_and_write_nothing(string option, string value, string name)
    {
        using var folder = new TempFolder();
        var input = WriteScene(folder.File("scene.ply"));
        var output = folder.File(name);

        var result = await CliRunner.RunAsync("splat", "compress", input, output, option, value);

        Assert.NotEqual(0, result.ExitCode);
        Assert.False(File.Exists(output));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(output)!));
    }
}
