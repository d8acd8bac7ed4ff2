using System.Text.Json;
using Augment.Audio;

namespace Augment.Cli.Tests.Commands;

public class MeasureRoomCommandTests
{
    /// <summary>Direct-form convolution of a sparse-ish test: the sweep through a direct impulse plus a decaying tail, by FFT-free block sums.</summary>
    private static float[] Record(float[] sweep, float[] ir)
    {
        // ConvolutionReverb is the SDK's own tested convolution; wet only.
        using var x = AudioBuffer.Create(1, sweep.Length, 48000);
        sweep.CopyTo(x.Channel(0));
        using var h = AudioBuffer.Create(1, ir.Length, 48000);
        ir.CopyTo(h.Channel(0));
        using var y = new ConvolutionReverb(h, new ConvolutionReverbOptions { WetGainDb = 0 }).ApplyTo(x, TestContext.Current.CancellationToken);
        var random = new Random(3);
        var recorded = y.Channel(0).ToArray();
        for (var i = 0; i < recorded.Length; i++) recorded[i] += (float)(1e-5 * (random.NextDouble() - 0.5));
        return recorded;
    }

    [Fact]
    public async Task Measure_room_writes_the_ir_and_prints_its_analysis_as_json()
    {
        using var folder = new TempFolder();
        var sweepPath = folder.File("sweep.wav");
        var made = await CliRunner.RunAsync("audio", "sweep", "--out", sweepPath, "--duration", "2");
        Assert.True(made.ExitCode == 0, made.Error);
        using var sweep = AudioFile.Load(sweepPath, cancellationToken: TestContext.Current.CancellationToken);
        var ir = AnalyzeRoomCommandTests.DecayingNoise(0.6, 1.0, 48000, 4);
        ir[0] = 4; // a direct sound
        var recording = AnalyzeRoomCommandTests.WriteWav(folder.File("rec.wav"), 48000, Record(sweep.Channel(0).ToArray(), ir));
        var output = folder.File("ir.wav");

        var result = await CliRunner.RunAsync("audio", "measure-room", recording, "--sweep", sweepPath, "--out", output, "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var measured = AudioFile.Load(output, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(measured.Frames > 0.3 * 48000);
        using var json = JsonDocument.Parse(result.Output);
        Assert.InRange(json.RootElement.GetProperty("broadband").GetProperty("t30").GetDouble(), 0.57, 0.63);
        Assert.InRange(json.RootElement.GetProperty("bands")[3].GetProperty("t30").GetDouble(), 0.54, 0.66);
    }

    [Fact]
    public async Task Sweep_longer_than_the_recording_fails_and_writes_nothing()
    {
        using var folder = new TempFolder();
        var sweepPath = folder.File("sweep.wav");
        Assert.Equal(0, (await CliRunner.RunAsync("audio", "sweep", "--out", sweepPath, "--duration", "1")).ExitCode);
        var recording = AnalyzeRoomCommandTests.WriteWav(folder.File("rec.wav"), 48000, new float[4800]);
        var output = folder.File("ir.wav");

        var result = await CliRunner.RunAsync("audio", "measure-room", recording, "--sweep", sweepPath, "--out", output);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("longer than the recording", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }
}
