using System.Text.Json;
using Augment.Audio;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Augment.Cli.Tests.Commands;

/// <summary><c>augment audio voice convert</c>, run through the real command tree.</summary>
public class VoiceConvertCommandTests
{
    private const int Rate = 16_000;

    private static Task<CliResult> RunAsync(params string[] args) => CliRunner.RunAsync(args, null, TestContext.Current.CancellationToken);

    /// <summary>Encoder: the mean of each 320-sample frame (one feature) and 0.</summary>
    private static string Encoder(string path)
    {
        var w = new float[320 * 2];
        for (var i = 0; i < 320; i++) w[i * 2] = 1f / 320;
        new OnnxGraphBuilder("encoder")
            .Input("source", 1, 1, "n")
            .Int64Initializer("frames", [1, -1, 320], 3)
            .Initializer("w", w, 320, 2)
            .Node("Reshape", ["source", "frames"], ["framed"])
            .Node("MatMul", ["framed", "w"], ["feats"])
            .Output("feats", 1, "e", 2)
            .Save(path);
        return path;
    }

    /// <summary>Generator: each frame's 400 samples are phone[t]·(1, 0) + ds (40 kHz).</summary>
    private static string Generator(string path, bool withSpeaker = true)
    {
        var b = new OnnxGraphBuilder("generator")
            .Input("phone", 1, "t", 2)
            .Input("phone_lengths", TensorElementType.Int64, 1)
            .Input("pitch", TensorElementType.Int64, 1, "t")
            .Input("pitchf", 1, "t");
        if (withSpeaker) b.Input("ds", TensorElementType.Int64, 1);
        b.Input("rnd", 1, 192, "t")
            .Initializer("wp", [1f, 0f], 2, 1)
            .Int64Initializer("spread", [1, 1, 400], 3)
            .Int64Initializer("row", [1, 1, -1], 3)
            .Node("MatMul", ["phone", "wp"], ["p"]);
        if (withSpeaker)
        {
            b.Node("Cast", ["ds"], ["dsFloat"], OnnxAttributeValue.Int("to", 1))
                .Node("Add", ["p", "dsFloat"], ["y"]);
        }
        else
        {
            b.Node("Identity", ["p"], ["y"]);
        }
        b.Node("Expand", ["y", "spread"], ["wide"])
            .Node("Reshape", ["wide", "row"], ["audio"])
            .Output("audio", 1, 1, "samples")
            .Save(path);
        return path;
    }

    private static string Tone(string path, double seconds)
    {
        using var buffer = AudioBuffer.Create(1, (int)(seconds * Rate), Rate);
        var x = buffer.Channel(0);
        for (var i = 0; i < x.Length; i++)
        {
            var phase = 2 * Math.PI * 200 * i / Rate;
            x[i] = (float)((0.3 * Math.Sin(phase)) + (0.1 * Math.Sin(2 * phase)) + 0.05);
        }
        AudioFile.SaveWav(buffer, path);
        return path;
    }

    [Fact]
    public async Task Converts_a_voice_at_the_models_rate_and_reports_json_with_latency()
    {
        using var folder = new TempFolder();
        var result = await RunAsync("audio", "voice", "convert", Tone(folder.File("in.wav"), 0.5),
            "--encoder", Encoder(folder.File("enc.onnx")), "--generator", Generator(folder.File("gen.onnx")),
            "--out", folder.File("out.wav"), "--json", "--chunk", "0.2");

        Assert.True(result.ExitCode == 0, result.Error);
        using var document = JsonDocument.Parse(result.Output);
        var root = document.RootElement;
        Assert.Equal(40_000, root.GetProperty("sampleRate").GetInt32());
        Assert.Equal(0.5, root.GetProperty("seconds").GetDouble(), 3);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("featureBank").ValueKind);
        Assert.Equal(1.3, root.GetProperty("latencySeconds").GetDouble(), 3); // 0.2 s chunk + 0.1 s crossfade + 1 s context
        using var written = AudioFile.Load(folder.File("out.wav"), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(40_000, written.SampleRate);
        Assert.Equal(20_000, written.Frames);
        // Whole 200 Hz periods per 20 ms frame: every frame's mean is the offset, 0.05.
        for (var i = 0; i < written.Frames; i += 97) Assert.Equal(0.05f, written.Channel(0)[i], 1e-3f);
    }

    [Fact]
    public async Task Index_speaker_and_transpose_reach_the_models()
    {
        using var folder = new TempFolder();
        var bankPath = folder.File("bank.npy");
        new FeatureBank([0.05f, 0f, 0.05f, 0f], 2, 2).Save(bankPath);
        var result = await RunAsync("audio", "voice", "convert", Tone(folder.File("in.wav"), 0.3),
            "--encoder", Encoder(folder.File("enc.onnx")), "--generator", Generator(folder.File("gen.onnx")),
            "--index", bankPath, "--index-rate", "1", "--speaker", "2", "--transpose", "-3", "--out", folder.File("out.wav"));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("retrieval from 2 x 2", result.Output);
        Assert.Contains("transpose -3 st, speaker 2", result.Output);
        using var written = AudioFile.Load(folder.File("out.wav"), cancellationToken: TestContext.Current.CancellationToken);
        // Every frame retrieves the bank's (0.05, 0); plus speaker 2.
        for (var i = 0; i < written.Frames; i += 101) Assert.Equal(2.05f, written.Channel(0)[i], 1e-4f);
    }

    [Fact]
    public async Task A_generator_without_a_speaker_input_fails_with_one_line_naming_it()
    {
        using var folder = new TempFolder();
        var result = await RunAsync("audio", "voice", "convert", Tone(folder.File("in.wav"), 0.2),
            "--encoder", Encoder(folder.File("enc.onnx")), "--generator", Generator(folder.File("gen.onnx"), withSpeaker: false),
            "--out", folder.File("out.wav"));
        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("'ds'", result.Error);
        Assert.False(File.Exists(folder.File("out.wav")));
    }

    [Fact]
    public async Task Bad_arguments_are_refused_before_any_model_runs()
    {
        using var folder = new TempFolder();
        var tone = Tone(folder.File("in.wav"), 0.1);
        var enc = Encoder(folder.File("enc.onnx"));
        var gen = Generator(folder.File("gen.onnx"));
        var result = await RunAsync("audio", "voice", "convert", tone, "--encoder", enc, "--generator", gen, "--out", folder.File("o.wav"), "--index-rate", "1.5");
        Assert.Contains("--index-rate", result.Error);
        result = await RunAsync("audio", "voice", "convert", tone, "--encoder", enc, "--generator", folder.File("missing.onnx"), "--out", folder.File("o.wav"));
        Assert.Contains("--generator", result.Error);
        result = await RunAsync("audio", "voice", "convert", tone, "--encoder", enc, "--generator", gen, "--out", folder.File("o.wav"), "--transpose", "60");
        Assert.Contains("--transpose", result.Error);
    }
}
