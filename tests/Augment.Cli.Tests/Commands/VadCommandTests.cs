using System.Text.Json;
using Augment.Audio;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Augment.Cli.Tests.Commands;

public class VadCommandTests
{
    private const int Rate = 16000;

    private static string WriteWav(string path, int rate, params float[][] channels)
    {
        using var buffer = AudioBuffer.Create(channels.Length, channels[0].Length, rate);
        for (var c = 0; c < channels.Length; c++) channels[c].CopyTo(buffer.Channel(c));
        AudioFile.SaveWav(buffer, path);
        return path;
    }

    /// <summary>3 s: DC 0.5 from 1.0 s to 2.0 s, zero elsewhere.</summary>
    private static float[] DcStep()
    {
        var samples = new float[3 * Rate];
        samples.AsSpan(Rate, Rate).Fill(0.5f);
        return samples;
    }

    /// <summary>Two bursts of a 200 Hz-modulated 700 Hz tone (peaky spectrum, like a vowel) in faint noise.</summary>
    private static float[] TwoBursts()
    {
        var random = new Random(3);
        var x = new float[6 * Rate];
        for (var i = 0; i < x.Length; i++)
        {
            var t = i / (double)Rate;
            var burst = (t >= 1.0 && t < 2.0) || (t >= 3.5 && t < 4.5);
            x[i] = (float)((burst ? 0.3 * Math.Sin(2 * Math.PI * 700 * t) * (1 + Math.Sin(2 * Math.PI * 200 * t)) : 0) + (0.002 * (random.NextDouble() - 0.5)));
        }
        return x;
    }

    /// <summary>A model with Silero's v4 interface: output = σ(20·mean(input) − 5), state passed through.</summary>
    private static byte[] MeanSigmoidModel() =>
        new OnnxGraphBuilder("mean-sigmoid")
            .Input("input", TensorElementType.Float, "batch", "samples")
            .Input("sr", TensorElementType.Int64)
            .Input("h", TensorElementType.Float, 2, "batch", 64)
            .Input("c", TensorElementType.Float, 2, "batch", 64)
            .Initializer("gain", [20f])
            .Initializer("bias", [-5f])
            .Node("ReduceMean", ["input"], ["mean"], OnnxAttributeValue.Ints("axes", 1), OnnxAttributeValue.Int("keepdims", 1))
            .Node("Mul", ["mean", "gain"], ["scaled"])
            .Node("Add", ["scaled", "bias"], ["logit"])
            .Node("Sigmoid", ["logit"], ["output"])
            .Node("Identity", ["h"], ["hn"])
            .Node("Identity", ["c"], ["cn"])
            .Output("output", TensorElementType.Float, "batch", 1)
            .Output("hn", TensorElementType.Float, 2, "batch", 64)
            .Output("cn", TensorElementType.Float, 2, "batch", 64)
            .ToBytes();

    [Fact]
    public async Task Json_lists_the_segments_speech_seconds_and_method()
    {
        using var folder = new TempFolder();
        var input = WriteWav(folder.File("in.wav"), 48000, Resample(TwoBursts(), 48000), Resample(TwoBursts(), 48000));

        var result = await CliRunner.RunAsync("audio", "vad", input, "--json", "--method", "energy");

        Assert.True(result.ExitCode == 0, result.Error);
        using var document = JsonDocument.Parse(result.Output);
        var root = document.RootElement;
        Assert.Equal("energy", root.GetProperty("method").GetString());
        var segments = root.GetProperty("segments").EnumerateArray().ToList();
        Assert.Equal(2, segments.Count);
        double[] starts = [1.0, 3.5], ends = [2.0, 4.5];
        var total = 0.0;
        for (var i = 0; i < 2; i++)
        {
            var start = segments[i].GetProperty("start").GetDouble();
            var end = segments[i].GetProperty("end").GetDouble();
            Assert.InRange(start, starts[i] - 0.1, starts[i] + 0.1);
            Assert.InRange(end, ends[i] - 0.1, ends[i] + 0.1);
            total += end - start;
        }
        Assert.Equal(total, root.GetProperty("speechSeconds").GetDouble(), 0.002);
        Assert.Equal(6.0, root.GetProperty("durationSeconds").GetDouble(), 0.001);
    }

    [Fact]
    public async Task A_replacement_model_gives_the_segment_it_predicts_in_a_table_with_the_speech_share()
    {
        using var folder = new TempFolder();
        var input = WriteWav(folder.File("step.wav"), Rate, DcStep());
        var model = folder.File("tiny.onnx");
        await File.WriteAllBytesAsync(model, MeanSigmoidModel(), TestContext.Current.CancellationToken);

        var result = await CliRunner.RunAsync("audio", "vad", input, "--model", model);

        // Speech from window 31 (0.992 s) to window 63 (2.016 s), padded by 30 ms: 0.962-2.046 s.
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("1 speech segment, 1.08 s of 3.00 s (36.1% speech), method silero", result.Output, StringComparison.Ordinal);
        Assert.Contains("0.962", result.Output, StringComparison.Ordinal);
        Assert.Contains("2.046", result.Output, StringComparison.Ordinal);
        Assert.Contains("1.084", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_embedded_model_finds_no_speech_in_silence()
    {
        using var folder = new TempFolder();
        var input = WriteWav(folder.File("quiet.wav"), 22050, new float[22050 * 2]);

        var result = await CliRunner.RunAsync("audio", "vad", input, "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var document = JsonDocument.Parse(result.Output);
        Assert.Equal(0, document.RootElement.GetProperty("segments").GetArrayLength());
        Assert.Equal(0, document.RootElement.GetProperty("speechSeconds").GetDouble());
        Assert.Equal("silero", document.RootElement.GetProperty("method").GetString());
    }

    [Theory]
    [InlineData("--threshold", "1.5", "--threshold")]
    [InlineData("--threshold", "0", "--threshold")]
    [InlineData("--model", "missing.onnx", "does not exist")]
    [InlineData("--model", "garbage.onnx", "garbage.onnx")]
    [InlineData("--model", "image.onnx", "not a Silero VAD model")]
    [InlineData("--model+energy", "image.onnx", "only with --method silero")]
    [InlineData("input", "missing.wav", "does not exist")]
    public async Task Bad_settings_are_one_error_line_and_exit_1(string option, string value, string message)
    {
        using var folder = new TempFolder();
        var input = WriteWav(folder.File("in.wav"), Rate, new float[Rate]);
        await File.WriteAllBytesAsync(folder.File("garbage.onnx"), [1, 2, 3, 4, 5, 6, 7, 8, 9], TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(folder.File("image.onnx"), OnnxGraphBuilder.Multiply(2f).ToBytes(), TestContext.Current.CancellationToken);
        var arguments = new List<string> { "audio", "vad", option == "input" ? folder.File(value) : input };
        if (option == "--model+energy") arguments.AddRange(["--model", folder.File(value), "--method", "energy"]);
        else if (option == "--model") arguments.AddRange([option, folder.File(value)]);
        else if (option != "input") arguments.AddRange([option, value]);

        var result = await CliRunner.RunAsync([.. arguments]);

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.StartsWith("error:", result.ErrorLines[0], StringComparison.Ordinal);
        Assert.Contains(message, result.ErrorLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_method_is_a_parse_error()
    {
        using var folder = new TempFolder();
        var input = WriteWav(folder.File("in.wav"), Rate, new float[Rate]);

        var result = await CliRunner.RunAsync("audio", "vad", input, "--method", "webrtc");

        Assert.Equal(2, result.ExitCode);
    }

    private static float[] Resample(float[] samples, int rate)
    {
        using var buffer = AudioBuffer.Create(1, samples.Length, Rate);
        samples.CopyTo(buffer.Channel(0));
        using var resampled = Resampler.Resample(buffer, rate);
        return resampled.Channel(0).ToArray();
    }
}
