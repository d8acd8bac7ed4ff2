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

    /// <summary>The default OM-LSA rule keeps a little above the floor at 20 dB (16–17 dB measured on white noise).</summary>
    [Theory]
    [InlineData("12", 12.0, 9.0)]
    [InlineData("20", 20.0, 15.5)]
    public async Task Noise_only_file_comes_out_reduced_by_the_requested_dB_and_same_length(string reduction, double expectedDb, double minimumDb)
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
        Assert.InRange(db, minimumDb, expectedDb + 0.5);
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
    [InlineData("log-mmse")]
    [InlineData("om-lsa")]
    public async Task Every_gain_rule_is_accepted_and_named_in_the_summary(string rule)
    {
        using var folder = new TempFolder();
        var input = WriteWav(folder.File("in.wav"), 16000, Noise(16000, 4, 0.1f));
        var output = folder.File("out.wav");

        var result = await CliRunner.RunAsync("audio", "denoise", input, "--out", output, "--gain", rule);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains($"{rule} gain", result.Output, StringComparison.Ordinal);
    }

    /// <summary>A constant-0.5 mask model over [1, frames, 257] magnitudes: the file comes out at half amplitude.</summary>
    private static string ConstantMaskModel(string path, int bins = 257)
    {
        new OnnxGraphBuilder("half-mask")
            .Input("magnitude", 1, "frames", bins)
            .Initializer("zero", [0f])
            .Initializer("half", [0.5f])
            .Node("Mul", ["magnitude", "zero"], ["zeros"])
            .Node("Add", ["zeros", "half"], ["mask"])
            .Output("mask", 1, "frames", bins)
            .Save(path);
        return path;
    }

    [Fact]
    public async Task A_mask_model_given_with_model_is_applied_to_the_file()
    {
        using var folder = new TempFolder();
        var x = Noise(20000, 5, 0.2f);
        var input = WriteWav(folder.File("in.wav"), 16000, x);
        var output = folder.File("out.wav");

        var result = await CliRunner.RunAsync("audio", "denoise", input, "--out", output, "--model", ConstantMaskModel(folder.File("half.onnx")));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("learned mask model half.onnx", result.Output, StringComparison.Ordinal);
        using var written = AudioFile.Load(output, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(x.Length, written.Frames);
        for (var i = 0; i < x.Length; i++)
            Assert.Equal(0.5f * x[i], written.Channel(0)[i], 1e-5f);
    }

    /// <summary>White noise alone through the built-in model: it is noise everywhere, so most of it must go (the
    /// classical rule at 20 dB leaves about −16 dB); the file keeps its rate and length.</summary>
    [Fact]
    public async Task The_built_in_learned_model_removes_most_of_a_noise_only_file()
    {
        using var folder = new TempFolder();
        var x = Noise(32000, 8, 0.2f);
        var input = WriteWav(folder.File("in.wav"), 16000, x);
        var output = folder.File("out.wav");

        var result = await CliRunner.RunAsync("audio", "denoise", input, "--out", output, "--learned");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("built-in learned speech denoiser", result.Output, StringComparison.Ordinal);
        using var written = AudioFile.Load(output, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal((16000, x.Length), (written.SampleRate, written.Frames));
        var reductionDb = 10 * Math.Log10(Energy(x) / Energy(written.Channel(0)));
        Assert.True(reductionDb > 10, $"{reductionDb:0.0} dB");
    }

    /// <summary>48 kHz white noise through the built-in 16 kHz model: with the high band (default) the output has
    /// content above 8 kHz, reduced; with --band-limited it has none; the classical path refuses the flag.</summary>
    [Fact]
    public async Task The_learned_model_keeps_a_reduced_high_band_unless_band_limited()
    {
        using var folder = new TempFolder();
        var x = Noise(48000, 12, 0.2f);
        var input = WriteWav(folder.File("in.wav"), 48000, x);

        var full = await CliRunner.RunAsync("audio", "denoise", input, "--out", folder.File("full.wav"), "--learned");
        var limited = await CliRunner.RunAsync("audio", "denoise", input, "--out", folder.File("limited.wav"), "--learned", "--band-limited");
        var classical = await CliRunner.RunAsync("audio", "denoise", input, "--out", folder.File("classical.wav"), "--band-limited");

        Assert.True(full.ExitCode == 0, full.Error);
        Assert.True(limited.ExitCode == 0, limited.Error);
        Assert.Equal(1, classical.ExitCode);
        Assert.False(File.Exists(folder.File("classical.wav")));
        double High(string name)
        {
            // Energy of the FFT bins from 9 kHz up (one Hann-windowed FFT over the file).
            using var audio = AudioFile.Load(folder.File(name), cancellationToken: TestContext.Current.CancellationToken);
            var n = 65536;
            var frame = new float[n];
            var samples = audio.Channel(0);
            for (var i = 0; i < Math.Min(n, samples.Length); i++) frame[i] = (float)(samples[i] * (0.5 - (0.5 * Math.Cos(2 * Math.PI * i / samples.Length))));
            var real = new float[(n / 2) + 1];
            var imag = new float[(n / 2) + 1];
            RealFftPlan.Create(n).Forward(frame, real, imag);
            double energy = 1e-30;
            for (var k = 9000 * n / 48000; k < real.Length; k++) energy += ((double)real[k] * real[k]) + ((double)imag[k] * imag[k]);
            return energy;
        }
        var input48 = High("in.wav");
        var kept = 10 * Math.Log10(High("full.wav") / input48);
        var dropped = 10 * Math.Log10(High("limited.wav") / input48);
        Assert.True(kept is < -6 and > -60, $"high band kept at {kept:0.0} dB");
        Assert.True(dropped < -60, $"band-limited output kept {dropped:0.0} dB above 8 kHz");
    }

    [Fact]
    public async Task Learned_and_model_together_are_one_error_line()
    {
        using var folder = new TempFolder();
        var input = WriteWav(folder.File("in.wav"), 16000, Noise(8000, 6, 0.1f));

        var result = await CliRunner.RunAsync("audio", "denoise", input, "--out", folder.File("out.wav"), "--learned", "--model", ConstantMaskModel(folder.File("half.onnx")));

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.False(File.Exists(folder.File("out.wav")));
    }

    [Fact]
    public async Task A_model_with_the_wrong_signature_is_one_error_line_and_no_output()
    {
        using var folder = new TempFolder();
        var input = WriteWav(folder.File("in.wav"), 16000, Noise(8000, 6, 0.1f));

        var result = await CliRunner.RunAsync("audio", "denoise", input, "--out", folder.File("out.wav"), "--model", ConstantMaskModel(folder.File("bad.onnx"), bins: 129));

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("257", result.ErrorLines[0], StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("out.wav")));
    }

    [Theory]
    [InlineData("--reduction", "-1")]
    [InlineData("--reduction", "90")]
    [InlineData("--noise-start", "-2")]
    [InlineData("--noise-start", "100")]
    [InlineData("--noise-length", "0")]
    [InlineData("input", "missing.wav")]
    [InlineData("--model", "missing.onnx")]
    public async Task Bad_settings_are_one_error_line_and_exit_1_without_an_output_file(string option, string value)
    {
        using var folder = new TempFolder();
        var input = WriteWav(folder.File("in.wav"), 16000, Noise(8000, 9, 0.1f));
        var arguments = new List<string> { "audio", "denoise", option == "input" ? folder.File(value) : input, "--out", folder.File("out.wav") };
        if (option == "--model") arguments.AddRange([option, folder.File(value)]);
        else if (option != "input") arguments.AddRange([option, value]);

        var result = await CliRunner.RunAsync([.. arguments]);

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.StartsWith("error:", result.ErrorLines[0], StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("out.wav")));
    }
}
