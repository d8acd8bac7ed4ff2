using System.Text.Json;
using Augment.Audio;

namespace Augment.Cli.Tests.Commands;

public class MatchRoomCommandTests
{
    /// <summary>Noise bursts with abrupt offsets and pauses: speech-like material for the blind estimate.</summary>
    private static float[] Bursts(double seconds, int seed)
    {
        var random = new Random(seed);
        var x = new float[(int)(seconds * 48000)];
        var position = 4800;
        while (position < x.Length)
        {
            var burst = (int)((0.15 + (0.2 * random.NextDouble())) * 48000);
            for (var i = 0; i < burst && position + i < x.Length; i++) x[position + i] = (float)(0.2 * (random.NextDouble() - 0.5));
            position += burst + (int)((0.5 + (0.3 * random.NextDouble())) * 48000);
        }
        return x;
    }

    [Fact]
    public async Task Match_room_writes_the_take_in_the_estimated_room_and_prints_it()
    {
        using var folder = new TempFolder();
        var ir = AnalyzeRoomCommandTests.DecayingNoise(0.5, 0.7, 48000, 5);
        ir[0] = 3;
        using (var dry = AudioBuffer.Create(1, 6 * 48000, 48000))
        using (var h = AudioBuffer.Create(1, ir.Length, 48000))
        {
            Bursts(6, 1).CopyTo(dry.Channel(0));
            ir.CopyTo(h.Channel(0));
            using var location = new ConvolutionReverb(h, new ConvolutionReverbOptions { WetGainDb = 0, TrimTail = true }).ApplyTo(dry, TestContext.Current.CancellationToken);
            location.SaveWav(folder.File("location.wav"));
        }
        var studio = AnalyzeRoomCommandTests.WriteWav(folder.File("studio.wav"), 48000, Bursts(3, 2));
        var output = folder.File("matched.wav");

        var table = await CliRunner.RunAsync("audio", "match-room", "--reference", folder.File("location.wav"), studio, "--out", output);
        var json = await CliRunner.RunAsync("audio", "match-room", "--reference", folder.File("location.wav"), studio, "--out", output, "--json");

        Assert.True(table.ExitCode == 0, table.Error);
        Assert.Contains("RT60", table.Output, StringComparison.Ordinal);
        Assert.Contains("broadband", table.Output, StringComparison.Ordinal);
        Assert.True(json.ExitCode == 0, json.Error);
        using var document = JsonDocument.Parse(json.Output);
        Assert.InRange(document.RootElement.GetProperty("rt60").GetDouble(), 0.4, 0.6);
        using var written = AudioFile.Load(output, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(written.Frames > 3 * 48000);
    }

    [Fact]
    public async Task Bad_mix_and_output_over_an_input_are_refused()
    {
        using var folder = new TempFolder();
        var studio = AnalyzeRoomCommandTests.WriteWav(folder.File("studio.wav"), 48000, Bursts(1, 3));
        var mix = await CliRunner.RunAsync("audio", "match-room", "--reference", studio, studio, "--out", folder.File("o.wav"), "--mix", "2");
        Assert.NotEqual(0, mix.ExitCode);
        Assert.Contains("--mix", mix.Error, StringComparison.Ordinal);
        var same = await CliRunner.RunAsync("audio", "match-room", "--reference", studio, studio, "--out", studio);
        Assert.NotEqual(0, same.ExitCode);
        Assert.Contains("--out", same.Error, StringComparison.Ordinal);
    }
}
