using System.Text.Json;
using Augment.Vision;

namespace Augment.Cli.Tests.Commands;

public class SplatFramesCommandTests
{
    /// <summary>40 frames of 96x64 smoothed noise panning 2 px per frame, frames 20-29 darkened to 5 %; Y4M at 20 fps.</summary>
    private static string WriteVideo(string path)
    {
        const int width = 96, height = 64, frames = 40;
        var canvasWidth = width + (2 * frames);
        var random = new Random(9);
        var canvas = new float[canvasWidth * height];
        for (var i = 0; i < canvas.Length; i++) canvas[i] = (float)random.NextDouble();
        // A 2x2 box filter so the content is not pure pixel noise.
        var smooth = new float[canvas.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < canvasWidth; x++)
            {
                var x1 = Math.Min(x + 1, canvasWidth - 1);
                var y1 = Math.Min(y + 1, height - 1);
                smooth[(y * canvasWidth) + x] = 0.25f * (canvas[(y * canvasWidth) + x] + canvas[(y * canvasWidth) + x1] + canvas[(y1 * canvasWidth) + x] + canvas[(y1 * canvasWidth) + x1]);
            }
        }
        using var writer = VideoFile.Create(path, new VideoInfo { Width = width, Height = height, FrameRateNumerator = 20, FrameRateDenominator = 1 });
        for (var t = 0; t < frames; t++)
        {
            using var frame = ImageFrame.Create(width, height, 3);
            var gain = t is >= 20 and < 30 ? 0.05f : 1f;
            for (var c = 0; c < 3; c++)
            {
                var plane = frame.Plane(c);
                for (var y = 0; y < height; y++)
                {
                    for (var x = 0; x < width; x++)
                        plane[(y * width) + x] = gain * smooth[(y * canvasWidth) + x + (2 * t)];
                }
            }
            writer.WriteFrame(frame);
        }
        writer.Complete();
        return path;
    }

    [Fact]
    public async Task Writes_the_chosen_frames_and_the_report_and_prints_it_as_json()
    {
        using var folder = new TempFolder();
        var video = WriteVideo(folder.File("walk.y4m"));
        var output = folder.File("frames");

        var result = await CliRunner.RunAsync("splat", "frames", video, "--count", "4", "--out", output, "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal(40, root.GetProperty("frameCount").GetInt32());
        var selected = root.GetProperty("selected").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal(4, selected.Length);
        Assert.DoesNotContain(selected, i => i is >= 20 and < 30);
        foreach (var file in root.GetProperty("files").EnumerateArray())
            Assert.True(File.Exists(Path.Combine(output, file.GetString()!)), $"{file} was not written");
        var issue = Assert.Single(root.GetProperty("issues").EnumerateArray(), i => i.GetProperty("kind").GetString() == "underexposed");
        Assert.Equal(1.0, issue.GetProperty("startSeconds").GetDouble(), 1e-9);
        Assert.Equal(1.5, issue.GetProperty("endSeconds").GetDouble(), 1e-9);
        Assert.Equal(result.Output.Trim(), File.ReadAllText(Path.Combine(output, "capture-report.json")).Trim());
    }

    [Fact]
    public async Task Text_output_names_the_problem_with_its_time_range()
    {
        using var folder = new TempFolder();
        var video = WriteVideo(folder.File("walk.y4m"));

        var result = await CliRunner.RunAsync("splat", "frames", video, "--count", "3", "--out", folder.File("out"), "--spacing", "time");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("3 of 40 frames written", result.Output, StringComparison.Ordinal);
        Assert.Contains("underexposed 0:01.0-0:01.5", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_video_or_a_bad_count_fails_with_a_message()
    {
        using var folder = new TempFolder();

        var missing = await CliRunner.RunAsync("splat", "frames", folder.File("none.mp4"), "--out", folder.File("out"));
        var zero = await CliRunner.RunAsync("splat", "frames", WriteVideo(folder.File("walk.y4m")), "--count", "0", "--out", folder.File("out"));

        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("none.mp4", missing.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, zero.ExitCode);
        Assert.Contains("--count", zero.Error, StringComparison.Ordinal);
    }
}
