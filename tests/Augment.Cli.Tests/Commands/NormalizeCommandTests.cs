using System.Text.Json;
using Augment.Audio;

namespace Augment.Cli.Tests.Commands;

public class NormalizeCommandTests
{
    [Fact]
    public async Task Normalize_to_minus_16_writes_a_file_that_remeasures_at_minus_16_LUFS()
    {
        using var folder = new TempFolder();
        var input = LoudnessCommandTests.WriteSine(folder.File("in.wav"), -30);
        var output = folder.File("out.wav");

        var result = await CliRunner.RunAsync("audio", "normalize", input, "--target", "-16", "--out", output);

        Assert.True(result.ExitCode == 0, result.Error);
        using var written = AudioFile.Load(output, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(-16.0, LoudnessMeter.Measure(written).IntegratedLufs, 0.05);
        Assert.Contains("-16.0 LUFS", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task True_peak_option_limits_the_output_to_the_ceiling()
    {
        using var folder = new TempFolder();
        // A -20 dBFS sine taken to -5 LUFS would peak at -5 dBFS; with a -8 dBTP ceiling the limiter must hold it.
        var input = LoudnessCommandTests.WriteSine(folder.File("in.wav"), -20);
        var output = folder.File("out.wav");

        var result = await CliRunner.RunAsync("audio", "normalize", input, "--target", "-5", "--true-peak", "-8", "--out", output, "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var written = AudioFile.Load(output, cancellationToken: TestContext.Current.CancellationToken);
        var measured = LoudnessMeter.Measure(written);
        Assert.True(measured.TruePeakDbtp <= -7.9, $"{measured.TruePeakDbtp}");
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal(measured.TruePeakDbtp, json.RootElement.GetProperty("after").GetProperty("truePeak").GetDouble(), 0.01);
        Assert.Equal(15.0, json.RootElement.GetProperty("gainDb").GetDouble(), 0.05);
        Assert.True(json.RootElement.GetProperty("limiterReductionDb").GetDouble() > 2.5);
    }

    [Fact]
    public async Task Missing_out_is_a_usage_error()
    {
        using var folder = new TempFolder();
        var input = LoudnessCommandTests.WriteSine(folder.File("in.wav"), -30, seconds: 1);

        var result = await CliRunner.RunAsync("audio", "normalize", input, "--target", "-16");

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.ErrorLines);
    }

    [Theory]
    [InlineData("--target", "3")]
    [InlineData("--true-peak", "2")]
    public async Task Out_of_range_levels_are_one_error_line_and_exit_1_without_an_output_file(string option, string value)
    {
        using var folder = new TempFolder();
        var input = LoudnessCommandTests.WriteSine(folder.File("in.wav"), -30, seconds: 1);

        var result = await CliRunner.RunAsync("audio", "normalize", input, option, value, "--out", folder.File("out.wav"));

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.StartsWith("error:", result.ErrorLines[0], StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("out.wav")));
    }

    [Fact]
    public async Task Silent_input_is_one_error_line_and_writes_nothing()
    {
        using var folder = new TempFolder();
        using (var silence = AudioBuffer.Create(2, 48000, 48000))
            AudioFile.SaveWav(silence, folder.File("silence.wav"));

        var result = await CliRunner.RunAsync("audio", "normalize", folder.File("silence.wav"), "--target", "-23", "--out", folder.File("out.wav"));

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("-70 LUFS", result.ErrorLines[0], StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder.Path, "out*"));
    }

    [Fact]
    public async Task Writing_over_the_input_is_refused_and_the_input_is_untouched()
    {
        using var folder = new TempFolder();
        var input = LoudnessCommandTests.WriteSine(folder.File("in.wav"), -30, seconds: 1);
        var before = await File.ReadAllBytesAsync(input, TestContext.Current.CancellationToken);

        var result = await CliRunner.RunAsync("audio", "normalize", input, "--target", "-16", "--out", input);

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("--out", result.ErrorLines[0], StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(input, TestContext.Current.CancellationToken));
    }
}
