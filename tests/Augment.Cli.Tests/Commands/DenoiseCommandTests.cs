using Augment.Audio;

namespace Augment.Cli.Tests.Commands;

public class DenoiseCommandTests
{
    private static string WriteWav(string path, int rate, params float[][] channels)
    {
        using var buffer = AudioBuffer.Create(channels.Length, channels[0].Length, rate);
        for (var c = 0; c < channels.Length; c++) channels[c].CopyTo(buffer.Channel(c));
        AudioFile.SaveWav(buffer, path);
        return path;
    }

    private static float[] Noise(int n, int seed, float scale)
    {
        var random = new Random(seed);
        var x = new float[n];
        for (var i = 0; i < n; i++) x[i] = scale * (float)(random.NextDouble() - 0.5);
        return x;
    }

    private static double Energy(ReadOnlySpan<float> x)
    {
        double e = 0;
        foreach (var v in x) e += (double)v * v;
        return e;
    }

    [Theory]
    [InlineData("12", 12.0)]
    [InlineData("20", 20.0)]
    public async Task Noise_only_file_comes_out_reduced_by_the_requested_dB_and_same_length(string reduction, double expectedDb)
    {
        using var folder = new TempFolder();
        var x = Noise(48000 * 2, 1, 0.2f);
        var input = WriteWav(folder.File("in.wav"), 48000, x);
        var output = folder.File("out.wav");

        var result = await CliRunner.RunAsync("audio", "denoise", input, "--out", output, "--reduction", reduction);

        Assert.True(result.ExitCode == 0, result.Error);
        using var written = AudioFile.Load(output, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(x.Length, written.Frames);
        var db = 10 * Math.Log10(Energy(x.AsSpan(24000)) / Energy(written.Channel(0)[24000..]));
        Assert.InRange(db, expectedDb - 3, expectedDb + 0.5);
        Assert.Contains("96000 frames", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_noise_region_and_the_wiener_rule_are_accepted()
    {
        using var folder = new TempFolder();
        var input = WriteWav(folder.File("in.wav"), 16000, Noise(16000, 2, 0.1f), Noise(16000, 3, 0.1f));
        var output = folder.File("out.wav");

        var result = await CliRunner.RunAsync("audio", "denoise", input, "--out", output, "--gain", "wiener", "--noise-start", "0.1", "--noise-length", "0.3");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("noise measured at 0.1-0.4 s", result.Output, StringComparison.Ordinal);
        using var written = AudioFile.Load(output, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(2, written.Channels);
    }

    [Theory]
    [InlineData("--reduction", "-1")]
    [InlineData("--reduction", "90")]
    [InlineData("--noise-start", "-2")]
    [InlineData("--noise-start", "100")]
    [InlineData("--noise-length", "0")]
    [InlineData("input", "missing.wav")]
    public async Task Bad_settings_are_one_error_line_and_exit_1_without_an_output_file(string option, string value)
    {
        using var folder = new TempFolder();
        var input = WriteWav(folder.File("in.wav"), 16000, Noise(8000, 9, 0.1f));
        var arguments = new List<string> { "audio", "denoise", option == "input" ? folder.File(value) : input, "--out", folder.File("out.wav") };
        if (option != "input") arguments.AddRange([option, value]);

        var result = await CliRunner.RunAsync([.. arguments]);

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.StartsWith("error:", result.ErrorLines[0], StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("out.wav")));
    }
}
