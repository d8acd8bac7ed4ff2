using System.Text.Json;
using Augment.Audio;

namespace Augment.Cli.Tests.Commands;

public class StemsCommandTests
{
    private const int Rate = 44100;

    private static string WriteWav(string path, params float[][] channels)
    {
        using var buffer = AudioBuffer.Create(channels.Length, channels[0].Length, Rate);
        for (var c = 0; c < channels.Length; c++) channels[c].CopyTo(buffer.Channel(c));
        AudioFile.SaveWav(buffer, path);
        return path;
    }

    /// <summary>2 s: a steady 440 Hz tone plus a click train (noise bursts every 0.25 s).</summary>
    private static float[] ToneAndClicks(float gain = 1f)
    {
        var random = new Random(5);
        var x = new float[2 * Rate];
        for (var i = 0; i < x.Length; i++)
        {
            var inBurst = i % (Rate / 4);
            var click = inBurst < 400 ? ((random.NextSingle() * 2) - 1) * MathF.Exp(-inBurst / 80f) : 0f;
            x[i] = gain * ((0.3f * MathF.Sin(2 * MathF.PI * 440 * i / Rate)) + (0.6f * click));
        }
        return x;
    }

    private static float[] Read(string path)
    {
        using var buffer = AudioFile.Load(path, cancellationToken: TestContext.Current.CancellationToken);
        return buffer.Data.ToArray();
    }

    [Fact]
    public async Task Hpss_writes_harmonic_and_percussive_wavs_that_sum_to_the_stereo_mix()
    {
        using var folder = new TempFolder();
        var mix = ToneAndClicks();
        var input = WriteWav(folder.File("mix.wav"), mix, mix);
        var stems = folder.File("stems");

        var result = await CliRunner.RunAsync("audio", "stems", input, "--out", stems);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("2 stems by hpss", result.Output, StringComparison.Ordinal);
        var harmonic = Read(Path.Combine(stems, "harmonic.wav"));
        var percussive = Read(Path.Combine(stems, "percussive.wav"));
        using var original = AudioFile.Load(input, cancellationToken: TestContext.Current.CancellationToken);
        var data = original.Data.ToArray();
        for (var i = 0; i < data.Length; i++) Assert.Equal(data[i], harmonic[i] + percussive[i], 1e-5f);
        // The tone is mostly harmonic: the harmonic stem has more energy at 440 Hz steady parts than the percussive one.
        double h = 0, p = 0;
        for (var i = 0; i < data.Length; i++) { h += harmonic[i] * harmonic[i]; p += percussive[i] * percussive[i]; }
        Assert.True(h > 0 && p > 0);
    }

    [Fact]
    public async Task Json_lists_every_stem_and_a_margin_adds_a_residual()
    {
        using var folder = new TempFolder();
        var input = WriteWav(folder.File("mix.wav"), ToneAndClicks());

        var result = await CliRunner.RunAsync("audio", "stems", input, "--out", folder.File("out"), "--margin", "2", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var document = JsonDocument.Parse(result.Output);
        var names = document.RootElement.GetProperty("stems").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToArray();
        Assert.Equal(["harmonic", "percussive", "residual"], names);
        Assert.Equal("hpss", document.RootElement.GetProperty("method").GetString());
        Assert.True(File.Exists(Path.Combine(folder.File("out"), "residual.wav")));
    }

    [Theory]
    [InlineData("repet", "accompaniment", "vocals")]
    [InlineData("nmf", "part1", "part2")]
    public async Task Other_methods_write_their_stems(string method, string first, string second)
    {
        using var folder = new TempFolder();
        var input = WriteWav(folder.File("mix.wav"), ToneAndClicks());

        var result = await CliRunner.RunAsync("audio", "stems", input, "--out", folder.File("out"), "--method", method, "--iterations", "20");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.True(File.Exists(Path.Combine(folder.File("out"), first + ".wav")));
        Assert.True(File.Exists(Path.Combine(folder.File("out"), second + ".wav")));
    }

    [Fact]
    public async Task Silent_input_gives_silent_stems_and_clipped_input_is_reported()
    {
        using var folder = new TempFolder();
        var silent = WriteWav(folder.File("silent.wav"), new float[Rate]);
        var result = await CliRunner.RunAsync("audio", "stems", silent, "--out", folder.File("quiet"), "--json");
        Assert.True(result.ExitCode == 0, result.Error);
        using (var document = JsonDocument.Parse(result.Output))
            Assert.True(document.RootElement.GetProperty("silent").GetBoolean());
        Assert.All(Read(Path.Combine(folder.File("quiet"), "harmonic.wav")), v => Assert.Equal(0f, v));

        var clippedMix = ToneAndClicks(4f);
        for (var i = 0; i < clippedMix.Length; i++) clippedMix[i] = Math.Clamp(clippedMix[i], -1f, 1f);
        var clipped = WriteWav(folder.File("clipped.wav"), clippedMix);
        result = await CliRunner.RunAsync("audio", "stems", clipped, "--out", folder.File("loud"));
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("clipped", result.Output, StringComparison.Ordinal);
        Assert.All(Read(Path.Combine(folder.File("loud"), "percussive.wav")), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public async Task Evaluate_scores_the_stems_against_reference_wavs()
    {
        using var folder = new TempFolder();
        var input = WriteWav(folder.File("mix.wav"), ToneAndClicks());
        // References: stems from softer masks (power 1); the default run scored against them is close but not identical.
        var first = await CliRunner.RunAsync("audio", "stems", input, "--out", folder.File("refs"), "--power", "1");
        Assert.True(first.ExitCode == 0, first.Error);

        var result = await CliRunner.RunAsync("audio", "stems", input, "--out", folder.File("out"), "--evaluate", folder.File("refs"), "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var document = JsonDocument.Parse(result.Output);
        var scores = document.RootElement.GetProperty("evaluation").EnumerateArray().ToList();
        Assert.Equal(2, scores.Count);
        Assert.All(scores, s => Assert.True(s.GetProperty("sdrDb").GetDouble() > 5));
    }

    [Theory]
    [InlineData("--method", "model", "--model")]
    [InlineData("--evaluate", "refs", "does not exist")]
    [InlineData("--margin", "0.5", "--margin")]
    [InlineData("--stems", "40", "--stems")]
    [InlineData("input", "missing.wav", "does not exist")]
    public async Task Bad_settings_are_one_error_line_and_exit_1(string option, string value, string message)
    {
        using var folder = new TempFolder();
        var input = WriteWav(folder.File("in.wav"), new float[Rate / 2]);
        var arguments = new List<string> { "audio", "stems", option == "input" ? folder.File(value) : input, "--out", folder.File("out") };
        if (option == "--stems") arguments.AddRange(["--method", "nmf"]);
        if (option != "input") arguments.AddRange([option, value]);

        var result = await CliRunner.RunAsync([.. arguments]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }
}
