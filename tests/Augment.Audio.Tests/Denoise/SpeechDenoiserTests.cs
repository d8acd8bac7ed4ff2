using Microsoft.ML.OnnxRuntime;
using static Augment.Audio.Tests.Denoise.SpeechLikeSignals;

namespace Augment.Audio.Tests.Denoise;

public class SpeechDenoiserTests
{
    private static readonly Lazy<OnnxModel> Model = new(() => SpeechDenoiser.LoadModel());

    [Fact]
    public void Built_in_model_has_the_mask_denoiser_signature()
    {
        var problems = LearnedNoiseReducer.ExpectedSignature(SpeechDenoiser.Options.FftLength).Compare(Model.Value.Inputs, Model.Value.Outputs);
        Assert.Empty(problems);
    }

    /// <summary>
    /// The ONNX graph against the documented computation written out in plain loops from the same weights: per-bin
    /// log-power normalisation, three dilated 1-D convolutions with ReLU (the last residual), a linear layer, a sigmoid.
    /// Catches any layout slip in the builder (weight transposes, pads, dilations).
    /// </summary>
    [Fact]
    public void Graph_output_equals_a_scalar_evaluation_of_the_documented_network()
    {
        const int frames = 40;
        var random = new Random(3);
        var magnitude = new float[frames * 257];
        for (var i = 0; i < magnitude.Length; i++)
            magnitude[i] = (float)(Math.Exp(4 * random.NextDouble()) * random.NextDouble());

        using var stream = typeof(SpeechDenoiser).Assembly.GetManifestResourceStream(SpeechDenoiser.WeightsResourceName)!;
        using var weights = SafeTensorsFile.FromStream(stream);
        var expected = Reference(weights, magnitude, frames);

        using var input = OrtValue.CreateTensorValueFromMemory(magnitude, [1, frames, 257]);
        using var outputs = Model.Value.Run(new Dictionary<string, OrtValue> { [Model.Value.Inputs[0].Name] = input }, cancellationToken: TestContext.Current.CancellationToken);
        var actual = outputs[0].GetTensorDataAsSpan<float>();
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        for (var i = 0; i < expected.Length; i++)
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        Assert.True(worst < 1e-4, $"largest difference {worst}");
    }

    [Fact]
    public void Chunked_output_equals_whole_output_because_context_covers_the_receptive_field()
    {
        var x = Mix(Speech(3 * 16_000, 16_000, seed: 4), Pink(3 * 16_000, 9), 5);
        using var input = Buffer(16_000, x);
        using var whole = new LearnedNoiseReducer(Model.Value, SpeechDenoiser.Options with { ChunkFrames = 4096 }).Process(input, TestContext.Current.CancellationToken);
        using var chunked = new LearnedNoiseReducer(Model.Value, SpeechDenoiser.Options with { ChunkFrames = 37 }).Process(input, TestContext.Current.CancellationToken);
        double worst = 0;
        for (var i = 0; i < x.Length; i++)
            worst = Math.Max(worst, Math.Abs(whole.Channel(0)[i] - chunked.Channel(0)[i]));
        Assert.True(worst < 1e-4, $"largest difference {worst}");
    }

    [Fact]
    public void Other_rates_are_resampled_to_the_model_and_back()
    {
        var x = Mix(Speech(2 * 48_000, 48_000, seed: 5), White(2 * 48_000, 2), 5);
        var clean = Speech(2 * 48_000, 48_000, seed: 5);
        using var input = Buffer(48_000, x);
        using var output = new LearnedNoiseReducer(Model.Value, SpeechDenoiser.Options).Process(input, TestContext.Current.CancellationToken);
        Assert.Equal(48_000, output.SampleRate);
        Assert.Equal(x.Length, output.Frames);
        var before = SiSdr(x, clean);
        var after = SiSdr(output.Channel(0), clean);
        Assert.True(after > before + 5, $"SI-SDR {before:0.00} -> {after:0.00} dB");
    }

    /// <summary>
    /// The evaluation (espeak-ng speech in two voices and a synthetic speech-like signal; white, pink, babble and
    /// café noise at 0, 5 and 10 dB), learned model against the classical estimator on the same mixtures. None of these
    /// sentences, voices or noises were used in training (tools/denoiser/make_corpus.py speaks other sentences with other
    /// voices; the speech-like generator of the tests is not the one training used). The goal is a mean of 8 dB;
    /// the model measures about 4.5 dB (the classical estimator 3.6 dB): both fail on babble, which is speech itself.
    /// The test holds the model above the classical estimator overall and on white and pink noise, and above its
    /// measured level as a regression guard; docs/audio-denoise.md keeps the table.
    /// </summary>
    [Fact]
    public void SI_SDR_table_of_the_built_in_model_beats_the_classical_estimator()
    {
        var reducer = new LearnedNoiseReducer(Model.Value, SpeechDenoiser.Options);
        var result = DenoiseEvaluationSet.Evaluate(x =>
        {
            using var input = Buffer(DenoiseEvaluationSet.Rate, x);
            using var output = reducer.Process(input, TestContext.Current.CancellationToken);
            return output.Channel(0).ToArray();
        });
        var classical = new NoiseReducer();
        var baseline = DenoiseEvaluationSet.Evaluate(x =>
        {
            using var input = Buffer(DenoiseEvaluationSet.Rate, x);
            using var output = classical.Process(input);
            return output.Channel(0).ToArray();
        });
        var table = result.ToTable("SpeechDenoiser (built-in model)" + (DenoiseEvaluationSet.HasRealSpeech ? "" : " (espeak-ng absent: speech-like only)"));
        TestContext.Current.TestOutputHelper?.WriteLine(table);
        Console.WriteLine(table);
        Assert.True(result.MeanImprovement() > baseline.MeanImprovement() + 0.3, table + baseline.ToTable("NoiseReducer"));
        Assert.True(result.MeanImprovement(noise: "white") > baseline.MeanImprovement(noise: "white"), table);
        Assert.True(result.MeanImprovement(noise: "pink") > baseline.MeanImprovement(noise: "pink"), table);
        Assert.True(result.MeanImprovement() >= 4.0, table);
    }

    private static float[] Reference(SafeTensorsFile weights, float[] magnitude, int frames)
    {
        var mean = weights.ReadSingles("norm.mean");
        var invStd = weights.ReadSingles("norm.invstd");
        var h = new double[257][];
        for (var b = 0; b < 257; b++)
        {
            h[b] = new double[frames];
            for (var t = 0; t < frames; t++)
            {
                double m = magnitude[(t * 257) + b];
                h[b][t] = (Math.Log((m * m) + 1e-10) - mean[b]) * invStd[b];
            }
        }
        (string Name, int Kernel, int Dilation)[] layers = [("c1", 5, 1), ("c2", 3, 4), ("c3", 3, 8)];
        foreach (var (name, kernel, dilation) in layers)
        {
            var w = weights.ReadSingles(name + ".weight");
            var bias = weights.ReadSingles(name + ".bias");
            var outChannels = bias.Length;
            var inChannels = h.Length;
            var next = new double[outChannels][];
            for (var o = 0; o < outChannels; o++)
            {
                next[o] = new double[frames];
                for (var t = 0; t < frames; t++)
                {
                    double sum = bias[o];
                    for (var c = 0; c < inChannels; c++)
                    {
                        for (var j = 0; j < kernel; j++)
                        {
                            var at = t + ((j - ((kernel - 1) / 2)) * dilation);
                            if (at >= 0 && at < frames)
                                sum += w[(((o * inChannels) + c) * kernel) + j] * h[c][at];
                        }
                    }
                    next[o][t] = Math.Max(sum, 0) + (name == "c3" ? h[o][t] : 0);
                }
            }
            h = next;
        }
        var outW = weights.ReadSingles("out.weight");
        var outB = weights.ReadSingles("out.bias");
        var mask = new float[frames * 257];
        for (var t = 0; t < frames; t++)
        {
            for (var b = 0; b < 257; b++)
            {
                double sum = outB[b];
                for (var k = 0; k < h.Length; k++)
                    sum += outW[(b * h.Length) + k] * h[k][t];
                mask[(t * 257) + b] = (float)(1 / (1 + Math.Exp(-sum)));
            }
        }
        return mask;
    }
}
