using System.Text.Json;
using Augment.Audio;

namespace Augment.Cli.Tests.Commands;

public class BeatsCommandTests
{
    private const int Rate = 22050;

    /// <summary>A 3 ms 3 kHz click every 0.5 s (120 BPM) from 0.5 s, 12 s long.</summary>
    private static string WriteClicks(string path)
    {
        using var buffer = AudioBuffer.Create(1, 12 * Rate, Rate);
        var x = buffer.Channel(0);
        for (var t = 0.5; t < 11.7; t += 0.5)
        {
            var start = (int)Math.Round(t * Rate);
            for (var i = 0; i < Rate / 100; i++) x[start + i] += (float)(0.5 * Math.Exp(-i / (0.002 * Rate)) * Math.Sin(2 * Math.PI * 3000 * i / Rate));
        }
        AudioFile.SaveWav(buffer, path);
        return path;
    }

    [Fact]
    public async Task Json_has_tempo_in_BPM_and_beat_times()
    {
        using var folder = new TempFolder();
        var input = WriteClicks(folder.File("clicks.wav"));

        var result = await CliRunner.RunAsync("audio", "beats", input, "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var document = JsonDocument.Parse(result.Output);
        var root = document.RootElement;
        Assert.InRange(root.GetProperty("tempo").GetDouble(), 117.6, 122.4);
        var beats = root.GetProperty("beats").EnumerateArray().Select(b => b.GetDouble()).ToList();
        var reference = Enumerable.Range(0, 23).Select(i => 0.5 + (0.5 * i)).ToList();
        Assert.True(BeatEvaluation.FMeasure(reference, beats) >= 0.9, string.Join(", ", beats));
        Assert.True(root.GetProperty("downbeats").GetArrayLength() > 0);
        Assert.Equal(23, root.GetProperty("onsets").GetArrayLength());
    }

    [Fact]
    public async Task Cuts_csv_with_a_header_prints_a_grid_that_lands_on_the_cuts()
    {
        using var folder = new TempFolder();
        var input = WriteClicks(folder.File("clicks.wav"));
        var cuts = folder.File("cuts.csv");
        File.WriteAllText(cuts, "time\n0.7\n3.1\n5.9\n\n9.35\n");

        var result = await CliRunner.RunAsync("audio", "beats", input, "--cuts", cuts, "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var document = JsonDocument.Parse(result.Output);
        var root = document.RootElement;
        var rows = root.GetProperty("cuts").EnumerateArray().ToList();
        Assert.Equal(4, rows.Count);
        foreach (var row in rows)
        {
            Assert.True(Math.Abs(row.GetProperty("residual").GetDouble()) < 1e-3);
            Assert.True(row.GetProperty("downbeat").GetBoolean());
        }
        var downbeats = root.GetProperty("downbeats").EnumerateArray().Select(b => b.GetDouble()).ToList();
        foreach (var cut in new[] { 0.7, 3.1, 5.9, 9.35 })
            Assert.Contains(downbeats, d => Math.Abs(d - cut) < 1e-3);
    }

    [Fact]
    public async Task A_bad_line_in_the_cuts_file_is_reported_with_its_number()
    {
        using var folder = new TempFolder();
        var input = WriteClicks(folder.File("clicks.wav"));
        var cuts = folder.File("cuts.csv");
        File.WriteAllText(cuts, "1.0\n2.0\nsoon\n");

        var result = await CliRunner.RunAsync("audio", "beats", input, "--cuts", cuts);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("line 3", result.Error);
    }

    [Fact]
    public async Task Text_output_names_the_tempo()
    {
        using var folder = new TempFolder();
        var input = WriteClicks(folder.File("clicks.wav"));

        var result = await CliRunner.RunAsync("audio", "beats", input);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("BPM", result.Output);
    }
}
