using System.Text.Json;
using Augment.Audio;

namespace Augment.Cli.Tests.Commands;

public class LoudnessCommandTests
{
    /// <summary>A stereo 1 kHz sine at a peak level (dBFS): it reads that many LUFS.</summary>
    internal static string WriteSine(string path, double dbfs, double seconds = 5, int rate = 48000)
    {
        var frames = (int)(seconds * rate);
        using var buffer = AudioBuffer.Create(2, frames, rate);
        var amplitude = Math.Pow(10, dbfs / 20);
        for (var c = 0; c < 2; c++)
        {
            var plane = buffer.Channel(c);
            for (var i = 0; i < frames; i++)
                plane[i] = (float)(amplitude * Math.Sin(2 * Math.PI * 1000.0 * i / rate));
        }
        AudioFile.SaveWav(buffer, path);
        return path;
    }

    [Fact]
    public async Task Json_has_the_documented_keys_and_a_minus_20_dBFS_sine_reads_minus_20_LUFS()
    {
        using var folder = new TempFolder();
        var input = WriteSine(folder.File("sine.wav"), -20);

        var result = await CliRunner.RunAsync("audio", "loudness", input, "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        foreach (var key in new[] { "integrated", "range", "truePeak", "momentaryMax", "shortTermMax", "samplePeak" })
            Assert.True(root.TryGetProperty(key, out _), $"missing key {key}");
        Assert.Equal(-20.0, root.GetProperty("integrated").GetDouble(), 0.05);
        Assert.Equal(-20.0, root.GetProperty("momentaryMax").GetDouble(), 0.05);
        Assert.Equal(-20.0, root.GetProperty("shortTermMax").GetDouble(), 0.05);
        Assert.Equal(-20.0, root.GetProperty("samplePeak").GetDouble(), 0.01);
        Assert.Equal(0.0, root.GetProperty("range").GetDouble(), 0.1);
        Assert.Equal(2, root.GetProperty("channels").GetInt32());
    }

    [Fact]
    public async Task Table_lists_integrated_range_and_peaks()
    {
        using var folder = new TempFolder();
        var input = WriteSine(folder.File("sine.wav"), -23);

        var result = await CliRunner.RunAsync("audio", "loudness", input);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Integrated", result.Output, StringComparison.Ordinal);
        Assert.Contains("-23.0 LUFS", result.Output, StringComparison.Ordinal);
        Assert.Contains("True peak", result.Output, StringComparison.Ordinal);
        Assert.Contains("Loudness range", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silence_prints_null_for_levels_it_cannot_measure()
    {
        using var folder = new TempFolder();
        using (var silence = AudioBuffer.Create(1, 48000, 48000))
            AudioFile.SaveWav(silence, folder.File("silence.wav"));

        var result = await CliRunner.RunAsync("audio", "loudness", folder.File("silence.wav"), "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("integrated").ValueKind);
    }

    [Fact]
    public async Task A_missing_file_is_one_error_line_and_exit_1()
    {
        using var folder = new TempFolder();

        var result = await CliRunner.RunAsync("audio", "loudness", folder.File("nope.wav"));

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.StartsWith("error:", result.ErrorLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_audio_is_one_error_line_and_exit_1()
    {
        using var folder = new TempFolder();
        var path = folder.File("garbage.wav");
        await File.WriteAllBytesAsync(path, "RIFF\u0004\0\0\0WAVEjunkjunkjunk"u8.ToArray(), TestContext.Current.CancellationToken);

        var result = await CliRunner.RunAsync("audio", "loudness", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.StartsWith("error:", result.ErrorLines[0], StringComparison.Ordinal);
    }
}
