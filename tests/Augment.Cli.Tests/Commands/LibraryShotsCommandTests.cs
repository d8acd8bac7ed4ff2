using System.Text.Json;
using Augment.Vision;

namespace Augment.Cli.Tests.Commands;

public class LibraryShotsCommandTests
{
    private const int Width = 96, Height = 64, Fps = 25;

    /// <summary>Three flat-textured shots of different colours with hard cuts at frames 20 and 45, plus noise.</summary>
    private static string WriteClip(string path)
    {
        float[][] colours = [[0.8f, 0.2f, 0.2f], [0.2f, 0.7f, 0.3f], [0.2f, 0.3f, 0.9f]];
        var random = new Random(3);
        using var writer = Y4mWriter.Create(path, Width, Height, Fps, 1, Y4mChroma.Yuv444);
        for (var f = 0; f < 70; f++)
        {
            var shot = f < 20 ? 0 : f < 45 ? 1 : 2;
            using var frame = ImageFrame.Create(Width, Height, 3);
            for (var c = 0; c < 3; c++)
            {
                var plane = frame.Plane(c);
                for (var i = 0; i < plane.Length; i++)
                {
                    var stripe = ((((i % Width) + f + (shot * 7)) / (8 + shot)) % 2) * 0.15f;
                    plane[i] = Math.Clamp(colours[shot][c] - stripe + (0.02f * (float)(random.NextDouble() - 0.5)), 0f, 1f);
                }
            }
            writer.WriteFrame(frame, TestContext.Current.CancellationToken);
        }
        writer.Complete();
        return path;
    }

    [Fact]
    public async Task Json_lists_three_shots_split_at_the_two_cuts()
    {
        using var folder = new TempFolder();
        var path = WriteClip(folder.File("clip.y4m"));

        var result = await CliRunner.RunAsync("library", "shots", path, "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var shots = json.RootElement.GetProperty("shots").EnumerateArray().ToArray();
        Assert.Equal(70, json.RootElement.GetProperty("frames").GetInt32());
        Assert.Equal(3, shots.Length);
        Assert.Equal([0, 20, 45], shots.Select(s => s.GetProperty("startFrame").GetInt32()));
        Assert.Equal(["start", "cut", "cut"], shots.Select(s => s.GetProperty("transition").GetString()));
        Assert.Equal(0.8, shots[1].GetProperty("start").GetDouble(), 3);
        Assert.Equal(1.0, shots[1].GetProperty("duration").GetDouble(), 3);
    }

    [Fact]
    public async Task Table_prints_one_row_per_shot()
    {
        using var folder = new TempFolder();
        var path = WriteClip(folder.File("clip.y4m"));

        var result = await CliRunner.RunAsync("library", "shots", path);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("3 shots in 70 frames", result.Output, StringComparison.Ordinal);
        Assert.Contains("20-44", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_one_error_line()
    {
        using var folder = new TempFolder();

        var result = await CliRunner.RunAsync("library", "shots", folder.File("none.mp4"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("none.mp4", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }
}
