using System.Text.Json;
using Augment.Vision;

namespace Augment.Cli.Tests.Commands;

public class InspectCommandTests
{
    /// <summary>Seeded grey noise, nearest-neighbour upsampled by <paramref name="factor"/> (1 = none), saved as PNG.</summary>
    private static string WriteNoisePng(string path, int size, int factor, int seed)
    {
        var random = new Random(seed);
        var small = new float[(size / factor) * (size / factor)];
        for (var i = 0; i < small.Length; i++)
            small[i] = (float)(0.3 + (0.4 * random.NextDouble()));
        using var frame = ImageFrame.Create(size, size, 3);
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < size; y++)
            {
                var row = frame.Row(c, y);
                for (var x = 0; x < size; x++)
                    row[x] = small[((y / factor) * (size / factor)) + (x / factor)];
            }
        }
        ImageFile.Save(frame, path);
        return path;
    }

    [Fact]
    public async Task Json_lists_the_upsampling_grid_of_a_nearest_x2_image_and_exits_0()
    {
        using var folder = new TempFolder();
        var path = WriteNoisePng(folder.File("up.png"), 256, 2, 1);

        var result = await CliRunner.RunAsync("image", "inspect", path, "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal(256, root.GetProperty("width").GetInt32());
        Assert.True(root.GetProperty("flagged").GetBoolean());
        var region = root.GetProperty("regions").EnumerateArray().First(r => r.GetProperty("kind").GetString() == "upsampling-grid");
        Assert.Equal(0, region.GetProperty("x").GetInt32());
        Assert.Equal(0, region.GetProperty("y").GetInt32());
        Assert.Equal(256, region.GetProperty("width").GetInt32());
        Assert.Equal(256, region.GetProperty("height").GetInt32());
        Assert.InRange(region.GetProperty("score").GetDouble(), 0.5, 1.0);
        Assert.Contains("period-2", region.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.True(root.GetProperty("checks").GetProperty("spectral").GetDouble() >= 0.5);
    }

    [Fact]
    public async Task Table_of_a_clean_noise_image_flags_nothing_and_exits_0()
    {
        using var folder = new TempFolder();
        var path = WriteNoisePng(folder.File("plain.png"), 256, 1, 2);

        var result = await CliRunner.RunAsync("image", "inspect", path, "--checks", "spectral,text");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("0 region(s) flagged", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Table_names_the_kind_and_the_rectangle()
    {
        using var folder = new TempFolder();
        var path = WriteNoisePng(folder.File("up4.png"), 256, 4, 3);

        var result = await CliRunner.RunAsync("image", "inspect", path);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("upsampling-grid", result.Output, StringComparison.Ordinal);
        Assert.Contains("256", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--checks", "colour")]
    [InlineData("--threshold", "1.5")]
    public async Task Bad_options_fail_with_a_message(string option, string value)
    {
        using var folder = new TempFolder();
        var path = WriteNoisePng(folder.File("x.png"), 64, 1, 4);

        var result = await CliRunner.RunAsync("image", "inspect", path, option, value);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(option, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_fails_naming_it()
    {
        var result = await CliRunner.RunAsync("image", "inspect", "/nonexistent/in.png");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("/nonexistent/in.png", result.Error, StringComparison.Ordinal);
    }
}
