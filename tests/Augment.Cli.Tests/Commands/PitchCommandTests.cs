using System.Text.Json;
using Augment.Audio;

namespace Augment.Cli.Tests.Commands;

public class PitchCommandTests
{
    private const int Rate = 16000;

    /// <summary>0.5 s of a 220 Hz tone with 4 harmonics (1/k), then 0.5 s of silence.</summary>
    private static string WriteToneThenSilence(string path)
    {
        var samples = new float[Rate];
        for (var i = 0; i < Rate / 2; i++)
        {
            var t = i / (double)Rate;
            double sum = 0;
            for (var k = 1; k <= 4; k++) sum += Math.Sin(2 * Math.PI * 220 * k * t) / k;
            samples[i] = (float)(0.3 * sum);
        }
        using var buffer = AudioBuffer.Create(1, samples.Length, Rate);
        samples.CopyTo(buffer.Channel(0));
        AudioFile.SaveWav(buffer, path);
        return path;
    }

    [Theory]
    [InlineData("pyin")]
    [InlineData("yin")]
    public async Task Json_has_frames_with_f0_and_voicing_and_a_summary(string method)
    {
        using var folder = new TempFolder();
        var input = WriteToneThenSilence(folder.File("in.wav"));

        var result = await CliRunner.RunAsync("audio", "pitch", input, "--json", "--method", method);

        Assert.True(result.ExitCode == 0, result.Error);
        using var document = JsonDocument.Parse(result.Output);
        var root = document.RootElement;
        Assert.Equal(method, root.GetProperty("method").GetString());
        var frames = root.GetProperty("frames").EnumerateArray().ToList();
        Assert.Equal(100, frames.Count); // one frame per 10 ms hop of 1 s
        Assert.Equal(0.25, frames[25].GetProperty("time").GetDouble(), 6);
        Assert.Equal(220, frames[25].GetProperty("f0").GetDouble(), 220 * 0.002);
        Assert.Equal(JsonValueKind.Null, frames[80].GetProperty("f0").ValueKind);
        Assert.True(frames[25].GetProperty("voicing").GetDouble() > 0.5);
        var summary = root.GetProperty("summary");
        Assert.Equal(220, summary.GetProperty("median").GetDouble(), 220 * 0.002);
        Assert.True(summary.GetProperty("min").GetDouble() <= summary.GetProperty("median").GetDouble());
        Assert.True(summary.GetProperty("max").GetDouble() >= summary.GetProperty("median").GetDouble());
    }

    [Fact]
    public async Task Table_names_the_note_and_the_median()
    {
        using var folder = new TempFolder();
        var input = WriteToneThenSilence(folder.File("in.wav"));

        var result = await CliRunner.RunAsync("audio", "pitch", input, "--fmin", "80", "--fmax", "800");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("median f0 220.0 Hz (A3)", result.Output, StringComparison.Ordinal);
        Assert.Contains("A3", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--fmin", "10", "below 20 Hz")]
    [InlineData("--fmax", "50", "must exceed --fmin")]
    [InlineData("--fmax", "6000", "quarter of the file's sample rate")]
    [InlineData("--hop-ms", "0", "not between 1 and 100")]
    [InlineData("input", "missing.wav", "does not exist")]
    public async Task Bad_settings_are_one_error_line_and_exit_1(string option, string value, string message)
    {
        using var folder = new TempFolder();
        var input = WriteToneThenSilence(folder.File("in.wav"));
        var arguments = new List<string> { "audio", "pitch", option == "input" ? folder.File(value) : input };
        if (option != "input") arguments.AddRange([option, value]);

        var result = await CliRunner.RunAsync([.. arguments]);

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains(message, result.ErrorLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_method_is_a_parse_error()
    {
        using var folder = new TempFolder();
        var input = WriteToneThenSilence(folder.File("in.wav"));

        var result = await CliRunner.RunAsync("audio", "pitch", input, "--method", "crepe");

        Assert.Equal(2, result.ExitCode);
    }
}
