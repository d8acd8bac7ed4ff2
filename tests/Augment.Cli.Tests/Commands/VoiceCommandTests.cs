using Augment.Audio;

namespace Augment.Cli.Tests.Commands;

public class VoiceCommandTests
{
    private const int Rate = 16000;

    private static string WriteWav(string path, int rate, params float[][] channels)
    {
        using var buffer = AudioBuffer.Create(channels.Length, channels[0].Length, rate);
        for (var c = 0; c < channels.Length; c++) channels[c].CopyTo(buffer.Channel(c));
        AudioFile.SaveWav(buffer, path);
        return path;
    }

    private static float[] Tone(int frames, double hz, float amplitude)
    {
        var x = new float[frames];
        for (var i = 0; i < frames; i++)
        {
            double v = 0;
            for (var k = 1; k <= 5; k++) v += Math.Sin(2 * Math.PI * k * hz * i / Rate) / k;
            x[i] = (float)(amplitude * v);
        }
        return x;
    }

    /// <summary>The strongest frequency between 100 and 400 Hz (Goertzel scan, 0.5 Hz steps) over the middle half.</summary>
    private static double FundamentalHz(ReadOnlySpan<float> x)
    {
        var middle = x[(x.Length / 4)..(x.Length * 3 / 4)];
        double best = 0, bestPower = -1;
        for (var f = 100.0; f <= 400; f += 0.5)
        {
            var coefficient = 2 * Math.Cos(2 * Math.PI * f / Rate);
            double s1 = 0, s2 = 0;
            foreach (var v in middle) { var s = v + (coefficient * s1) - s2; s2 = s1; s1 = s; }
            var power = (s1 * s1) + (s2 * s2) - (coefficient * s1 * s2);
            if (power > bestPower) { bestPower = power; best = f; }
        }
        return best;
    }

    [Fact]
    public async Task Stretch_writes_the_exact_number_of_frames()
    {
        using var folder = new TempFolder();
        var input = WriteWav(folder.File("in.wav"), Rate, Tone(Rate, 220, 0.2f), Tone(Rate, 220, 0.1f));
        var output = folder.File("out.wav");

        var result = await CliRunner.RunAsync("audio", "voice", "stretch", input, "--factor", "1.75", "--out", output);

        Assert.True(result.ExitCode == 0, result.Error);
        using var written = AudioFile.Load(output, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(28000, written.Frames);
        Assert.Equal(2, written.Channels);
        Assert.Contains("28000 frames", result.Output, StringComparison.Ordinal);
        Assert.Equal(220, FundamentalHz(written.Channel(0)), 1.0);
    }

    [Fact]
    public async Task Shift_moves_the_pitch_and_keeps_the_length()
    {
        using var folder = new TempFolder();
        var input = WriteWav(folder.File("in.wav"), Rate, Tone(Rate, 200, 0.2f));
        var output = folder.File("out.wav");

        var result = await CliRunner.RunAsync("audio", "voice", "shift", input, "--semitones", "4", "--preserve-formants", "--out", output);

        Assert.True(result.ExitCode == 0, result.Error);
        using var written = AudioFile.Load(output, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(Rate, written.Frames);
        Assert.Equal(200 * Math.Pow(2, 4 / 12.0), FundamentalHz(written.Channel(0)), 1.0);
        Assert.Contains("formants preserved", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Method_psola_stretches_and_shifts_a_voice_like_tone()
    {
        using var folder = new TempFolder();
        var input = WriteWav(folder.File("in.wav"), Rate, Tone(Rate, 200, 0.2f));

        var stretch = await CliRunner.RunAsync("audio", "voice", "stretch", input, "--factor", "1.5", "--method", "psola", "--out", folder.File("slow.wav"));
        var shift = await CliRunner.RunAsync("audio", "voice", "shift", input, "--semitones", "-3", "--method", "psola", "--out", folder.File("low.wav"));
        var locking = await CliRunner.RunAsync("audio", "voice", "stretch", input, "--factor", "1.5", "--method", "psola", "--no-phase-locking", "--out", folder.File("x.wav"));

        Assert.True(stretch.ExitCode == 0, stretch.Error);
        Assert.True(shift.ExitCode == 0, shift.Error);
        Assert.Contains("PSOLA", stretch.Output, StringComparison.Ordinal);
        using var slow = AudioFile.Load(folder.File("slow.wav"), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(24000, slow.Frames);
        Assert.Equal(200, FundamentalHz(slow.Channel(0)), 1.5);
        using var low = AudioFile.Load(folder.File("low.wav"), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(Rate, low.Frames);
        Assert.Equal(200 * Math.Pow(2, -3 / 12.0), FundamentalHz(low.Channel(0)), 1.5);
        Assert.NotEqual(0, locking.ExitCode);
        Assert.False(File.Exists(folder.File("x.wav")));
    }

    [Fact]
    public async Task Splice_replaces_the_range_and_reports_json()
    {
        using var folder = new TempFolder();
        var take = WriteWav(folder.File("take.wav"), Rate, Tone(Rate * 3, 150, 0.2f));
        var insert = WriteWav(folder.File("insert.wav"), Rate, Tone(Rate / 2, 160, 0.05f));
        var output = folder.File("out.wav");

        var result = await CliRunner.RunAsync("audio", "voice", "splice", take, "--start", "1", "--end", "2", "--insert", insert, "--out", output, "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var written = AudioFile.Load(output, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(Rate * 5 / 2, written.Frames);
        using var json = System.Text.Json.JsonDocument.Parse(result.Output);
        Assert.Equal(1.5, json.RootElement.GetProperty("insertEnd").GetDouble(), 3);
        Assert.InRange(json.RootElement.GetProperty("pitchShiftSemitones").GetDouble(), -1.3, -0.9);
        Assert.True(json.RootElement.GetProperty("gainDb").GetDouble() > 6);
    }

    [Fact]
    public async Task Bad_values_are_refused_with_the_number()
    {
        using var folder = new TempFolder();
        var input = WriteWav(folder.File("in.wav"), Rate, Tone(Rate, 200, 0.2f));
        var output = folder.File("out.wav");

        var stretch = await CliRunner.RunAsync("audio", "voice", "stretch", input, "--factor", "9", "--out", output);
        var shift = await CliRunner.RunAsync("audio", "voice", "shift", input, "--semitones", "30", "--out", output);
        var splice = await CliRunner.RunAsync("audio", "voice", "splice", input, "--start", "0.5", "--end", "3", "--insert", input, "--out", output);

        Assert.NotEqual(0, stretch.ExitCode);
        Assert.Contains("9", stretch.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, shift.ExitCode);
        Assert.Contains("30", shift.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, splice.ExitCode);
        Assert.Contains("past the end", splice.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }
}
