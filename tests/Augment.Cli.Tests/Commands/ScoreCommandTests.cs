using System.Text.Json;
using Augment.Audio;

namespace Augment.Cli.Tests.Commands;

public class ScoreCommandTests
{
    [Fact]
    public async Task Score_writes_mix_and_stems_at_the_loudness_target_with_downbeats_on_the_cuts()
    {
        using var folder = new TempFolder();
        var cuts = folder.File("cuts.csv");
        await File.WriteAllTextAsync(cuts, "time\n2.0\n00:00:04.400\n", TestContext.Current.CancellationToken);
        var output = folder.File("score.wav");
        var stems = folder.File("stems");

        var result = await CliRunner.RunAsync("audio", "score", "--cuts", cuts, "--duration", "6", "--out", output, "--tension", "0.2:0.8",
            "--seed", "7", "--stems", stems, "--sample-rate", "24000", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal([2.0, 4.4], root.GetProperty("cutsOnDownbeats").EnumerateArray().Select(e => e.GetDouble()).ToArray());
        var downbeats = root.GetProperty("downbeats").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Contains(2.0, downbeats);
        Assert.Contains(4.4, downbeats);
        Assert.Equal(7UL, root.GetProperty("seed").GetUInt64());
        using var mix = AudioFile.Load(output, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(6 * 24000, mix.Frames);
        Assert.Equal(2, mix.Channels);
        Assert.InRange(LoudnessMeter.Measure(mix).IntegratedLufs, -16.5, -15.5);
        foreach (var name in new[] { "drums", "bass", "pad", "ambience", "hits" })
            Assert.True(File.Exists(Path.Combine(stems, name + ".wav")), $"missing stem {name}");
    }

    [Fact]
    public async Task Same_seed_writes_identical_files()
    {
        using var folder = new TempFolder();
        var a = folder.File("a.wav");
        var b = folder.File("b.wav");
        var first = await CliRunner.RunAsync("audio", "score", "--duration", "2", "--out", a, "--seed", "3", "--sample-rate", "16000", "--loudness", "off");
        var second = await CliRunner.RunAsync("audio", "score", "--duration", "2", "--out", b, "--seed", "3", "--sample-rate", "16000", "--loudness", "off");
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.True(second.ExitCode == 0, second.Error);
        Assert.Equal(await File.ReadAllBytesAsync(a, TestContext.Current.CancellationToken), await File.ReadAllBytesAsync(b, TestContext.Current.CancellationToken));
        Assert.Contains("cuts on downbeats", first.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_cut_lines_are_reported_with_line_numbers_and_nothing_is_written()
    {
        using var folder = new TempFolder();
        var cuts = folder.File("cuts.csv");
        await File.WriteAllTextAsync(cuts, "seconds\n1.0\nsoon\n2.0\n", TestContext.Current.CancellationToken);
        var output = folder.File("score.wav");

        var result = await CliRunner.RunAsync("audio", "score", "--cuts", cuts, "--duration", "4", "--out", output);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("line 3", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData("--tension", "0.2:1.7", "Tension")]
    [InlineData("--key", "H minor", "--key")]
    [InlineData("--tempo-range", "150:200", "--tempo-range")]
    [InlineData("--loudness", "loud", "--loudness")]
    public async Task Bad_options_are_named_in_the_error(string option, string value, string expected)
    {
        using var folder = new TempFolder();
        var result = await CliRunner.RunAsync("audio", "score", "--duration", "2", "--out", folder.File("x.wav"), option, value);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cut_after_the_end_is_an_error_naming_it()
    {
        using var folder = new TempFolder();
        var cuts = folder.File("cuts.csv");
        await File.WriteAllTextAsync(cuts, "1\n75\n", TestContext.Current.CancellationToken);
        var result = await CliRunner.RunAsync("audio", "score", "--cuts", cuts, "--duration", "60", "--out", folder.File("x.wav"));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("75 s", result.Error, StringComparison.Ordinal);
    }
}
