namespace Augment.Audio.Tests.Vad;

/// <summary>Your own Silero-interface model replaces the embedded one; anything else is refused with a clear error.</summary>
public class SileroModelReplacementTests
{
    private const int Rate = VadSignals.Rate;

    /// <summary>3 s at 16 kHz: DC 0.5 from 1.0 s to 2.0 s, zero elsewhere.</summary>
    private static AudioBuffer DcStep()
    {
        var samples = new float[3 * Rate];
        samples.AsSpan(Rate, Rate).Fill(0.5f);
        return VadSignals.Mono(samples);
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    [Fact]
    public void A_mean_sigmoid_model_gives_the_segment_its_probabilities_predict_exactly()
    {
        using var model = SileroVadModel.Load(new MemoryStream(TinySileroModels.MeanSigmoidV4(20, -5)), sourceName: "mean-sigmoid");
        using var audio = DcStep();

        var result = VoiceActivity.Analyze(audio, VadOptions.Default with { Model = model }, cancellationToken: TestContext.Current.CancellationToken);

        // Window 31 (samples 15872..16384) holds 384 samples of 0.5, window 62 (31744..32256) 256 of them.
        Assert.Equal(4, model.Version);
        Assert.Equal((3 * Rate / 512) + 1, result.Probabilities.Count);
        Assert.Equal(Sigmoid((20 * 0.375) - 5), result.Probabilities[31], 1e-5);
        Assert.Equal(Sigmoid(5), result.Probabilities[40], 1e-5);
        Assert.Equal(0.5, result.Probabilities[62], 1e-5);
        Assert.Equal(Sigmoid(-5), result.Probabilities[63], 1e-5);
        // Speech from window 31 to the start of window 63, padded by 30 ms on each side.
        var segment = Assert.Single(result.Segments);
        Assert.Equal(TimeSpan.FromTicks((31 * 512 - 480) * TimeSpan.TicksPerSecond / Rate), segment.Start);
        Assert.Equal(TimeSpan.FromTicks((63 * 512 + 480) * TimeSpan.TicksPerSecond / Rate), segment.End);
        var mean = (Sigmoid(2.5) + (30 * Sigmoid(5)) + 0.5) / 32;
        Assert.Equal(mean, segment.MeanProbability, 1e-5);
    }

    [Fact]
    public void A_model_file_path_in_the_options_and_a_wrapped_OnnxModel_give_the_same_result_as_a_stream()
    {
        var bytes = TinySileroModels.MeanSigmoidV4(20, -5);
        var path = Path.Combine(Path.GetTempPath(), $"augment-vad-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, bytes);
        try
        {
            using var audio = DcStep();
            using var fromStream = SileroVadModel.Load(new MemoryStream(bytes));
            using var onnx = OnnxModel.Load(bytes);
            var wrapped = SileroVadModel.FromModel(onnx);
            var ct = TestContext.Current.CancellationToken;

            var expected = VoiceActivity.Detect(audio, VadOptions.Default with { Model = fromStream }, cancellationToken: ct);
            Assert.Equal(expected, VoiceActivity.Detect(audio, VadOptions.Default with { ModelPath = path }, cancellationToken: ct));
            Assert.Equal(expected, VoiceActivity.Detect(audio, VadOptions.Default with { Model = wrapped }, cancellationToken: ct));
            wrapped.Dispose();
            // FromModel without ownership leaves the caller's model usable.
            Assert.NotEmpty(onnx.Inputs);
            Assert.Equal(expected, VoiceActivity.Detect(audio, VadOptions.Default with { Model = SileroVadModel.FromModel(onnx) }, cancellationToken: ct));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_recurrent_state_is_carried_from_window_to_window_across_odd_block_sizes()
    {
        using var model = SileroVadModel.Load(new MemoryStream(TinySileroModels.RunningSumV4()), sourceName: "running-sum");
        var random = new Random(3);
        var samples = new float[5000];
        for (var i = 0; i < samples.Length; i++) samples[i] = (float)((random.NextDouble() * 0.2) - 0.05);
        using var detector = new VoiceActivityDetector(Rate, 1, VadOptions.Default with { Model = model });
        var probabilities = new List<float>();
        var segments = new List<SpeechSegment>();

        int[] sizes = [1, 7, 333, 1021, 64];
        for (int position = 0, k = 0; position < samples.Length; k++)
        {
            var count = Math.Min(sizes[k % sizes.Length], samples.Length - position);
            detector.Process(samples.AsSpan(position, count), count, segments, probabilities, TestContext.Current.CancellationToken);
            position += count;
        }
        detector.Complete(segments, probabilities, TestContext.Current.CancellationToken);

        // Independent reference: p_i = σ(m_i + Σ_{j<i} m_j), the last window zero-padded.
        var windows = (samples.Length + 511) / 512;
        Assert.Equal(windows, probabilities.Count);
        double carried = 0;
        for (var w = 0; w < windows; w++)
        {
            double sum = 0;
            for (var i = w * 512; i < Math.Min(samples.Length, (w + 1) * 512); i++) sum += samples[i];
            var mean = sum / 512;
            Assert.Equal(Sigmoid(mean + carried), probabilities[w], 1e-5);
            carried += mean;
        }
    }

    [Fact]
    public void A_v5_interface_model_reads_64_samples_of_context_before_each_window()
    {
        using var model = SileroVadModel.Load(new MemoryStream(TinySileroModels.MeanSigmoidV5(20, -5)), sourceName: "v5");
        using var audio = DcStep();

        var result = VoiceActivity.Analyze(audio, VadOptions.Default with { Model = model }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(5, model.Version);
        // Window 31: zero context + 384 samples of 0.5 over 576; window 32: 0.5 throughout; window 62:
        // context from window 61 (0.5) + 256 samples of 0.5; window 63: context from window 62's tail (zeros).
        Assert.Equal(Sigmoid((20 * 0.5 * 384 / 576) - 5), result.Probabilities[31], 1e-5);
        Assert.Equal(Sigmoid(5), result.Probabilities[32], 1e-5);
        Assert.Equal(Sigmoid((20 * 0.5 * 320 / 576) - 5), result.Probabilities[62], 1e-5);
        Assert.Equal(Sigmoid(-5), result.Probabilities[63], 1e-5);
        Assert.Single(result.Segments);
    }

    [Fact]
    public void A_model_with_other_inputs_is_refused_with_a_ModelSignatureException_naming_the_differences()
    {
        var wrong = Assert.Throws<ModelSignatureException>(() => SileroVadModel.Load(new MemoryStream(TinySileroModels.WrongInputs()), sourceName: "image-model"));
        Assert.Contains("'image-model' is not a Silero VAD model", wrong.Message, StringComparison.Ordinal);
        Assert.Contains("missing input 'sr'", wrong.Message, StringComparison.Ordinal);

        var narrow = Assert.Throws<ModelSignatureException>(() => SileroVadModel.Load(new MemoryStream(TinySileroModels.WrongStateWidth()), sourceName: "narrow"));
        Assert.Contains("dimension 2 of input 'h' is 32, expected 64", narrow.Message, StringComparison.Ordinal);

        var path = Path.Combine(Path.GetTempPath(), $"augment-vad-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, TinySileroModels.WrongInputs());
        try
        {
            using var audio = DcStep();
            Assert.Throws<ModelSignatureException>(() => VoiceActivity.Detect(audio, VadOptions.Default with { ModelPath = path }, cancellationToken: TestContext.Current.CancellationToken));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Wrapping_a_wrong_model_with_ownership_disposes_it_and_without_leaves_it_alive()
    {
        var borrowed = OnnxModel.Load(TinySileroModels.WrongInputs());
        Assert.Throws<ModelSignatureException>(() => SileroVadModel.FromModel(borrowed));
        Assert.NotEmpty(borrowed.Inputs);
        borrowed.Dispose();

        var owned = OnnxModel.Load(TinySileroModels.WrongInputs());
        Assert.Throws<ModelSignatureException>(() => SileroVadModel.FromModel(owned, ownsModel: true));
        Assert.Throws<ObjectDisposedException>(() => owned.Run(new Dictionary<string, Microsoft.ML.OnnxRuntime.OrtValue>(), cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public void The_embedded_model_is_Silero_v4_and_its_resource_name_is_stable()
    {
        using var stream = typeof(VoiceActivity).Assembly.GetManifestResourceStream(SileroVadModel.DefaultResourceName);
        Assert.NotNull(stream);
        Assert.Equal(1_807_522, stream.Length);
        Assert.Equal("a35ebf52fd3ce5f1469b2a36158dba761bc47b973ea3382b3186ca15b1f5af28", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream)));
        Assert.Equal(4, SileroVadModel.Default.Version);
        Assert.Equal(["input", "sr", "h", "c"], SileroVadModel.Default.Model.Inputs.Select(i => i.Name));
        Assert.Equal(["output", "hn", "cn"], SileroVadModel.Default.Model.Outputs.Select(o => o.Name));
    }
}
