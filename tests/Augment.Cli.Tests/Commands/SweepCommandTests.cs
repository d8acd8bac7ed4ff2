using Augment.Audio;

namespace Augment.Cli.Tests.Commands;

public class SweepCommandTests
{
    [Fact]
    public async Task Sweep_writes_the_requested_length_rate_and_silence()
    {
        using var folder = new TempFolder();
        var output = folder.File("sweep.wav");

        var result = await CliRunner.RunAsync("audio", "sweep", "--out", output, "--duration", "1", "--rate", "16000", "--end", "8000", "--silence", "0.5");

        Assert.True(result.ExitCode == 0, result.Error);
        using var written = AudioFile.Load(output, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(16000, written.SampleRate);
        Assert.Equal(24000, written.Frames);
        Assert.Equal(0f, written.Channel(0)[20000]);
        Assert.Contains("24000 frames", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task End_frequency_above_Nyquist_is_refused_naming_the_option()
    {
        using var folder = new TempFolder();
        var result = await CliRunner.RunAsync("audio", "sweep", "--out", folder.File("s.wav"), "--rate", "16000", "--end", "9000");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--end", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("s.wav")));
    }
}
