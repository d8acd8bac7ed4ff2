using Augment.Audio;

namespace Augment.Cli.Tests.Commands;

public class ReverbCommandTests
{
    private static string WriteWav(string path, int rate, params float[][] channels)
    {
        using var buffer = AudioBuffer.Create(channels.Length, channels[0].Length, rate);
        for (var c = 0; c < channels.Length; c++) channels[c].CopyTo(buffer.Channel(c));
        AudioFile.SaveWav(buffer, path);
        return path;
    }

    private static float[] Noise(int n, int seed)
    {
        var random = new Random(seed);
        var x = new float[n];
        for (var i = 0; i < n; i++) x[i] = (float)(random.NextDouble() - 0.5);
        return x;
    }

    [Fact]
    public async Task Delayed_impulse_IR_wet_only_gives_the_delayed_scaled_input_with_its_tail()
    {
        using var folder = new TempFolder();
        var x = Noise(10000, 1);
        var input = WriteWav(folder.File("in.wav"), 48000, x);
        var h = new float[25];
        h[24] = 0.5f;
        var ir = WriteWav(folder.File("ir.wav"), 48000, h);
        var output = folder.File("out.wav");

        var result = await CliRunner.RunAsync("audio", "reverb", input, "--ir", ir, "--out", output, "--wet", "0", "--dry", "-200");

        Assert.True(result.ExitCode == 0, result.Error);
        using var written = AudioFile.Load(output, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(10000 + 24, written.Frames);
        for (var i = 0; i < x.Length; i++) Assert.Equal(0.5f * x[i], written.Channel(0)[i + 24], 1e-5f);
        for (var i = 0; i < 24; i++) Assert.Equal(0f, written.Channel(0)[i], 1e-5f);
        Assert.Contains("10024 frames", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Default_mix_is_dry_0_dB_plus_wet_minus_6_dB_and_pre_delay_shifts_the_wet_path()
    {
        using var folder = new TempFolder();
        var x = Noise(4800, 2);
        var input = WriteWav(folder.File("in.wav"), 48000, x);
        var ir = WriteWav(folder.File("ir.wav"), 48000, [1f]);
        var output = folder.File("out.wav");

        var result = await CliRunner.RunAsync("audio", "reverb", input, "--ir", ir, "--out", output, "--pre-delay", "1");

        Assert.True(result.ExitCode == 0, result.Error);
        using var written = AudioFile.Load(output, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(4800 + 48, written.Frames);
        var wet = (float)Math.Pow(10, -6 / 20.0);
        for (var i = 0; i < written.Frames; i++)
        {
            var expected = (i < x.Length ? x[i] : 0f) + (i >= 48 ? wet * x[i - 48] : 0f);
            Assert.Equal(expected, written.Channel(0)[i], 1e-5f);
        }
    }

    [Fact]
    public async Task Trim_tail_keeps_the_input_length_and_true_stereo_IR_gives_stereo()
    {
        using var folder = new TempFolder();
        var input = WriteWav(folder.File("in.wav"), 44100, Noise(3000, 3));
        var ir = WriteWav(folder.File("ir.wav"), 44100, Noise(500, 4), Noise(500, 5), Noise(500, 6), Noise(500, 7));
        var output = folder.File("out.wav");

        var result = await CliRunner.RunAsync("audio", "reverb", input, "--ir", ir, "--out", output, "--trim-tail");

        Assert.True(result.ExitCode == 0, result.Error);
        using var written = AudioFile.Load(output, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(2, written.Channels);
        Assert.Equal(3000, written.Frames);
    }

    [Fact]
    public async Task Missing_ir_option_is_a_usage_error()
    {
        using var folder = new TempFolder();
        var input = WriteWav(folder.File("in.wav"), 48000, Noise(100, 8));

        var result = await CliRunner.RunAsync("audio", "reverb", input, "--out", folder.File("out.wav"));

        Assert.Equal(2, result.ExitCode);
    }

    [Theory]
    [InlineData("--pre-delay", "-5")]
    [InlineData("--wet", "40")]
    [InlineData("--ir", "missing.wav")]
    [InlineData("--ir", "three.wav")]
    public async Task Bad_settings_are_one_error_line_and_exit_1_without_an_output_file(string option, string value)
    {
        using var folder = new TempFolder();
        var input = WriteWav(folder.File("in.wav"), 48000, Noise(100, 9), Noise(100, 10));
        var ir = WriteWav(folder.File("ir.wav"), 48000, [1f]);
        WriteWav(folder.File("three.wav"), 48000, [1f], [1f], [1f]);
        var arguments = new List<string> { "audio", "reverb", input, "--out", folder.File("out.wav") };
        if (option != "--ir") arguments.AddRange(["--ir", ir]);
        arguments.AddRange([option, option == "--ir" ? folder.File(value) : value]);

        var result = await CliRunner.RunAsync([.. arguments]);

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.StartsWith("error:", result.ErrorLines[0], StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("out.wav")));
    }
}
