using System.Text.Json;
using Augment.Audio;

namespace Augment.Cli.Tests.Commands;

public class AnalyzeRoomCommandTests
{
    internal static float[] DecayingNoise(double rt60, double seconds, int rate, int seed)
    {
        var random = new Random(seed);
        var h = new float[(int)(seconds * rate)];
        for (var i = 0; i < h.Length; i++)
            h[i] = (float)((random.Next(2) == 0 ? -0.5 : 0.5) * Math.Exp(-3 * Math.Log(10) * i / (rt60 * rate)));
        return h;
    }

    internal static string WriteWav(string path, int rate, float[] samples)
    {
        using var buffer = AudioBuffer.Create(1, samples.Length, rate);
        samples.CopyTo(buffer.Channel(0));
        AudioFile.SaveWav(buffer, path);
        return path;
    }

    [Fact]
    public async Task Room_json_reports_T30_of_a_known_decay_and_every_octave_band()
    {
        using var folder = new TempFolder();
        var ir = WriteWav(folder.File("ir.wav"), 48000, DecayingNoise(0.5, 0.8, 48000, 1));

        var result = await CliRunner.RunAsync("audio", "room", ir, "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var broadband = json.RootElement.GetProperty("broadband");
        Assert.InRange(broadband.GetProperty("t30").GetDouble(), 0.475, 0.525);
        Assert.Equal(7, json.RootElement.GetProperty("bands").GetArrayLength());
        Assert.Equal(125, json.RootElement.GetProperty("bands")[0].GetProperty("centerHz").GetDouble());
    }

    [Fact]
    public async Task Room_table_lists_the_bands_and_a_reason_for_missing_values()
    {
        using var folder = new TempFolder();
        var ir = WriteWav(folder.File("short.wav"), 48000, DecayingNoise(0.5, 0.01, 48000, 2));

        var result = await CliRunner.RunAsync("audio", "room", ir);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("broadband", result.Output, StringComparison.Ordinal);
        Assert.Contains("1 kHz", result.Output, StringComparison.Ordinal);
        Assert.Contains("n/a", result.Output, StringComparison.Ordinal);
        Assert.Contains("20 ms needed", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_file_and_bad_channel_fail_with_clear_errors()
    {
        using var folder = new TempFolder();
        var missing = await CliRunner.RunAsync("audio", "room", folder.File("none.wav"));
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("does not exist", missing.Error, StringComparison.Ordinal);
        var ir = WriteWav(folder.File("ir.wav"), 48000, DecayingNoise(0.3, 0.5, 48000, 3));
        var channel = await CliRunner.RunAsync("audio", "room", ir, "--channel", "1");
        Assert.NotEqual(0, channel.ExitCode);
        Assert.Contains("--channel", channel.Error, StringComparison.Ordinal);
    }
}
