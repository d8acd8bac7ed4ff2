using Microsoft.ML.OnnxRuntime.Tensors;
using static Augment.Audio.Tests.Voice.Conversion.RvcTestModels;

namespace Augment.Audio.Tests.Voice.Conversion;

public class VoiceConverterTests
{
    private const int Rate = 16_000;

    private static readonly Lazy<string?> MissingRuntime = new(() =>
    {
        try
        {
            using var probe = OnnxModel.Load(OnnxGraphBuilder.Multiply(1f, rank: 1).ToBytes(), sourceName: "probe");
            return null;
        }
        catch (AugmentException error) when (error.InnerException is TypeInitializationException or DllNotFoundException)
        {
            return error.Message;
        }
    });

    private static void SkipWithoutNativeRuntime() =>
        Assert.SkipWhen(MissingRuntime.Value is not null, $"ONNX Runtime's native library is not available: {MissingRuntime.Value}");

    private static float[] Phone(int d, int pick = 0)
    {
        var w = new float[d];
        w[pick] = 1;
        return w;
    }

    /// <summary>A signal whose 20 ms frames all differ: a chirp plus a slow ramp.</summary>
    private static AudioBuffer Voice(double seconds, int rate = Rate)
    {
        var n = (int)Math.Round(seconds * rate);
        var buffer = AudioBuffer.Create(1, n, rate);
        var x = buffer.Channel(0);
        for (var i = 0; i < n; i++)
        {
            var t = (double)i / rate;
            x[i] = (float)((0.5 * Math.Sin(2 * Math.PI * (120 * t + 40 * t * t))) + (0.3 * t / seconds) + (0.1 * Math.Sin(2 * Math.PI * 3 * t)));
        }
        return buffer;
    }

    private static ContourF0Source Contour(int frames)
    {
        var hz = new float[frames];
        for (var i = 0; i < frames; i++) hz[i] = i % 37 < 5 ? 0 : 100 + (3 * i % 400);
        return new ContourF0Source(hz);
    }

    private static VoiceConverter Converter(int d, Formula formula, int hop, VoiceConversionOptions options) =>
        new(OnnxModel.Load(Encoder(d), sourceName: "encoder"), OnnxModel.Load(Generator(formula, hop), sourceName: "generator"), options);

    [Theory]
    [InlineData(0.0, 1)]
    [InlineData(50.0, 1)]
    [InlineData(100.0, 20)] // mel 150.490: (150.490 - 77.755)·254/(1064.408 - 77.755) + 1 = 19.725
    [InlineData(220.0, 60)] // 60.274
    [InlineData(440.0, 122)] // 122.481
    [InlineData(1100.0, 255)]
    [InlineData(2000.0, 255)] // clamped
    public void Coarse_pitch_bin_follows_RVCs_mel_quantisation(double hz, long bin) =>
        Assert.Equal(bin, VoiceConverter.CoarsePitchBin(hz));

    [Fact]
    public void Output_runs_at_100_times_the_generators_hop_and_lasts_as_long_as_the_input()
    {
        SkipWithoutNativeRuntime();
        using var voice = Voice(1.013);
        using var converter = Converter(4, new Formula(Phone(4)), 400, new VoiceConversionOptions { F0Source = ContourF0Source.Constant(0) });
        using var result = converter.Convert(voice, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(40_000, result.SampleRate);
        Assert.Equal(1, result.Channels);
        Assert.Equal((int)Math.Ceiling(voice.Frames * 2.5), result.Frames);
    }

    [Fact]
    public void Content_features_are_repeated_to_100_frames_per_second_in_step_with_the_signal()
    {
        SkipWithoutNativeRuntime();
        const int d = 4, hop = 3;
        using var voice = Voice(0.5);
        using var converter = Converter(d, new Formula(Phone(d, 1)), hop, new VoiceConversionOptions { F0Source = ContourF0Source.Constant(0) });
        using var result = converter.Convert(voice, cancellationToken: TestContext.Current.CancellationToken);
        var features = ExpectedFeatures(voice.Channel(0), d);
        var y = result.Channel(0);
        Assert.Equal(50 * hop, y.Length);
        for (var t = 0; t < y.Length / hop; t++)
        {
            // 100 frames/s frame t reads content frame t/2 (feature 1: the mean of that frame's first 10 ms).
            var expected = features[((t / 2) * d) + 1];
            for (var s = 0; s < hop; s++) Assert.Equal(expected, y[(t * hop) + s], 5e-6f);
        }
    }

    [Fact]
    public void Pitch_inputs_carry_the_transposed_f0_and_its_coarse_bins()
    {
        SkipWithoutNativeRuntime();
        const int d = 2, hop = 2;
        using var voice = Voice(0.4);
        var frames = voice.Frames / 160;
        var source = Contour(frames);
        var f0 = new float[frames];
        source.Estimate(new float[frames * 160], 0, f0, TestContext.Current.CancellationToken);
        var options = new VoiceConversionOptions { F0Source = source, TransposeSemitones = 7 };
        using var hzConverter = Converter(d, new Formula(new float[d], PitchHz: 1), hop, options);
        using var binConverter = Converter(d, new Formula(new float[d], Pitch: 1), hop, options);
        using var hz = hzConverter.Convert(voice, cancellationToken: TestContext.Current.CancellationToken);
        using var bins = binConverter.Convert(voice, cancellationToken: TestContext.Current.CancellationToken);
        var factor = Math.Pow(2, 7 / 12.0);
        for (var t = 0; t < frames; t++)
        {
            var shifted = f0[t] * factor;
            Assert.Equal(shifted, hz.Channel(0)[t * hop], 1e-3 * Math.Max(1, shifted));
            Assert.Equal(VoiceConverter.CoarsePitchBin(shifted), bins.Channel(0)[(t * hop) + 1]);
        }
        Assert.Contains(0f, f0); // unvoiced frames are present, and give bin 1
        Assert.Contains(1f, bins.Channel(0).ToArray());
    }

    [Fact]
    public void Default_f0_source_is_the_pitch_tracker_in_step_with_the_frames()
    {
        SkipWithoutNativeRuntime();
        // 0.8 s of a 220 Hz tone with two harmonics, then 0.2 s of silence.
        using var voice = AudioBuffer.Create(1, Rate, Rate);
        var x = voice.Channel(0);
        for (var i = 0; i < 12_800; i++)
        {
            var phase = 2 * Math.PI * 220 * i / Rate;
            x[i] = (float)((0.4 * Math.Sin(phase)) + (0.2 * Math.Sin(2 * phase)) + (0.1 * Math.Sin(3 * phase)));
        }
        var options = new VoiceConversionOptions { TransposeSemitones = 12, ChunkLength = TimeSpan.FromMilliseconds(400), Context = TimeSpan.FromMilliseconds(100) };
        using var converter = Converter(2, new Formula(new float[2], PitchHz: 1), 1, options);
        using var result = converter.Convert(voice, cancellationToken: TestContext.Current.CancellationToken);
        var y = result.Channel(0);
        Assert.Equal(100, y.Length);
        for (var t = 5; t < 75; t++) Assert.Equal(440.0, y[t], 2.0); // an octave up
        for (var t = 85; t < 100; t++) Assert.Equal(0f, y[t]); // silence is unvoiced
    }

    [Fact]
    public void Speaker_id_reaches_the_generators_ds_input()
    {
        SkipWithoutNativeRuntime();
        using var voice = Voice(0.2);
        using var converter = Converter(2, new Formula(new float[2], Speaker: 1), 2, new VoiceConversionOptions { F0Source = ContourF0Source.Constant(0), SpeakerId = 3 });
        using var result = converter.Convert(voice, cancellationToken: TestContext.Current.CancellationToken);
        Assert.All(result.Channel(0).ToArray(), v => Assert.Equal(3f, v));
    }

    [Fact]
    public void Prior_noise_is_standard_normal_and_repeats_for_the_same_seed()
    {
        SkipWithoutNativeRuntime();
        using var voice = Voice(20);
        var formula = new Formula(new float[2], Noise: 1);
        float[] Run(ulong seed)
        {
            using var c = Converter(2, formula, 1, new VoiceConversionOptions { F0Source = ContourF0Source.Constant(0), NoiseSeed = seed });
            using var r = c.Convert(voice, cancellationToken: TestContext.Current.CancellationToken);
            return r.Channel(0).ToArray();
        }
        var a = Run(7);
        Assert.Equal(a, Run(7));
        var b = Run(8);
        Assert.NotEqual(a, b);
        double mean = 0, square = 0;
        foreach (var v in a)
        {
            mean += v;
            square += v * v;
        }
        mean /= a.Length;
        var std = Math.Sqrt((square / a.Length) - (mean * mean));
        // 2000 frames: the standard error of the mean is 0.022, of the deviation 0.016.
        Assert.InRange(mean, -0.09, 0.09);
        Assert.InRange(std, 0.93, 1.07);
    }

    [Fact]
    public void Chunked_output_equals_the_one_shot_output_when_context_covers_the_models_reach()
    {
        SkipWithoutNativeRuntime();
        const int d = 3, hop = 4;
        using var voice = Voice(1.37);
        var source = Contour(voice.Frames / 160 + 1);
        // pitchf convolved over ±2 frames: the model looks 20 ms each way.
        var formula = new Formula([0.5f, 1f, -0.25f], PitchHz: 0.001f, Noise: 0.1f, PitchHzKernel: [0.001f, -0.002f, 0.003f, 0.002f, 0.001f]);
        var whole = new VoiceConversionOptions { F0Source = source, NoiseSeed = 3, ChunkLength = TimeSpan.FromMinutes(10) };
        var chunked = whole with { ChunkLength = TimeSpan.FromMilliseconds(200), Context = TimeSpan.FromMilliseconds(40), Crossfade = TimeSpan.FromMilliseconds(60) };
        var blind = chunked with { Context = TimeSpan.Zero };
        float[] Run(VoiceConversionOptions options)
        {
            using var c = Converter(d, formula, hop, options);
            using var r = c.Convert(voice, cancellationToken: TestContext.Current.CancellationToken);
            return r.Channel(0).ToArray();
        }
        var reference = Run(whole);
        var streamed = Run(chunked);
        Assert.Equal(reference.Length, streamed.Length);
        for (var i = 0; i < reference.Length; i++) Assert.Equal(reference[i], streamed[i], 1e-5f);

        // Without context the chunk edges differ (in the crossfades): the comparison above can fail.
        var differs = Run(blind);
        var worst = 0f;
        for (var i = 0; i < reference.Length; i++) worst = Math.Max(worst, Math.Abs(reference[i] - differs[i]));
        Assert.True(worst > 1e-3f, $"without context the largest difference is only {worst}");
    }

    [Fact]
    public void Progress_reports_every_chunk_and_latency_adds_chunk_crossfade_and_context()
    {
        SkipWithoutNativeRuntime();
        using var voice = Voice(1.0);
        var options = new VoiceConversionOptions
        {
            F0Source = ContourF0Source.Constant(0),
            ChunkLength = TimeSpan.FromMilliseconds(200),
            Context = TimeSpan.FromMilliseconds(60),
            Crossfade = TimeSpan.FromMilliseconds(40),
        };
        using var converter = Converter(2, new Formula(Phone(2)), 2, options);
        var reports = new List<AugmentProgress>();
        using var result = converter.Convert(voice, new SynchronousProgress(reports.Add), TestContext.Current.CancellationToken);
        Assert.Equal(5, reports.Count);
        Assert.Equal(1.0, reports[^1].Fraction, 6);
        Assert.Equal(TimeSpan.FromMilliseconds(300), converter.AlgorithmicLatency);
    }

    [Fact]
    public void Retrieval_pulls_features_toward_the_banks_weighted_neighbours()
    {
        SkipWithoutNativeRuntime();
        const int d = 2, hop = 2;
        using var voice = Voice(0.3);
        // Every frame's feature 0 lies in [-1, 1]; the bank's rows sit at known places.
        var bank = new FeatureBank([2f, 0f, 0f, 5f, -3f, 1f, 0.5f, 0.5f], 4, d);
        var options = new VoiceConversionOptions { F0Source = ContourF0Source.Constant(0), Bank = bank, IndexRate = 0.6f, Neighbours = 3 };
        using var converter = Converter(d, new Formula(Phone(d, 0)), hop, options);
        using var result = converter.Convert(voice, cancellationToken: TestContext.Current.CancellationToken);
        var features = ExpectedFeatures(voice.Channel(0), d);
        for (var e = 0; e < features.Length / d; e++)
        {
            var q = features.AsSpan(e * d, d);
            // Brute force here: squared distances, the 3 nearest, weights 1/s² normalised.
            var s = new double[4];
            for (var r = 0; r < 4; r++) s[r] = Math.Pow(q[0] - bank.Row(r)[0], 2) + Math.Pow(q[1] - bank.Row(r)[1], 2);
            var order = new[] { 0, 1, 2, 3 };
            Array.Sort(s.ToArray(), order);
            double sum = 0, retrieved = 0;
            for (var j = 0; j < 3; j++) sum += 1 / (s[order[j]] * s[order[j]]);
            for (var j = 0; j < 3; j++) retrieved += bank.Row(order[j])[0] / (s[order[j]] * s[order[j]]) / sum;
            var expected = (0.6 * retrieved) + (0.4 * q[0]);
            Assert.Equal(expected, result.Channel(0)[2 * e * hop], 1e-4);
        }
    }

    [Fact]
    public void Extracted_features_are_the_encoders_output_at_50_frames_per_second()
    {
        SkipWithoutNativeRuntime();
        using var voice = Voice(0.77);
        using var converter = Converter(3, new Formula(Phone(3)), 2, new VoiceConversionOptions { ChunkLength = TimeSpan.FromMilliseconds(100), Context = TimeSpan.FromMilliseconds(20) });
        var bank = converter.ExtractFeatures(voice, TestContext.Current.CancellationToken);
        var expected = ExpectedFeatures(voice.Channel(0), 3);
        Assert.Equal(3, bank.Dimensions);
        Assert.Equal(expected.Length / 3, bank.Count);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], bank.Rows[i], 5e-6f);
    }

    [Fact]
    public void Result_can_be_resampled_back_to_the_inputs_rate()
    {
        SkipWithoutNativeRuntime();
        using var voice = Voice(0.5, 22_050);
        using var converter = Converter(2, new Formula(Phone(2)), 480, new VoiceConversionOptions { F0Source = ContourF0Source.Constant(0), ResampleToInputRate = true });
        using var result = converter.Convert(voice, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(22_050, result.SampleRate);
        Assert.InRange(result.Frames, voice.Frames - 2, voice.Frames + 2);
    }

    [Fact]
    public void Generator_without_a_speaker_input_is_refused_naming_it()
    {
        SkipWithoutNativeRuntime();
        using var encoder = OnnxModel.Load(Encoder(2), sourceName: "encoder");
        using var generator = OnnxModel.Load(Generator(new Formula(new float[2]), 2, withSpeaker: false), sourceName: "generator");
        var error = Assert.Throws<ModelSignatureException>(() => new VoiceConverter(encoder, generator));
        Assert.Contains("'ds'", error.Message);
    }

    [Fact]
    public void Generator_with_float_pitch_or_other_noise_channels_is_refused_naming_what_differs()
    {
        SkipWithoutNativeRuntime();
        using var encoder = OnnxModel.Load(Encoder(2), sourceName: "encoder");
        using var floatPitch = OnnxModel.Load(Generator(new Formula(new float[2]), 2, pitchType: TensorElementType.Float), sourceName: "float-pitch");
        var error = Assert.Throws<ModelSignatureException>(() => new VoiceConverter(encoder, floatPitch));
        Assert.Contains("input 'pitch' has element type Float, expected Int64", error.Message);
        using var narrow = OnnxModel.Load(Generator(new Formula(new float[2]), 2, noiseChannels: 191), sourceName: "narrow-noise");
        error = Assert.Throws<ModelSignatureException>(() => new VoiceConverter(encoder, narrow));
        Assert.Contains("dimension 1 of input 'rnd' is 191, expected 192", error.Message);
        using var renamed = OnnxModel.Load(Generator(new Formula(new float[2]), 2, noiseName: "noise"), sourceName: "renamed");
        Assert.Throws<ModelSignatureException>(() => new VoiceConverter(encoder, renamed));
        using var accepted = new VoiceConverter(encoder, renamed, new VoiceConversionOptions { Names = RvcTensorNames.Default with { Noise = "noise" } });
    }

    [Fact]
    public void Encoder_and_generator_of_different_feature_sizes_are_refused()
    {
        SkipWithoutNativeRuntime();
        using var encoder = OnnxModel.Load(Encoder(4), sourceName: "encoder");
        using var generator = OnnxModel.Load(Generator(new Formula(new float[8]), 2), sourceName: "generator");
        var error = Assert.Throws<ModelSignatureException>(() => new VoiceConverter(encoder, generator));
        Assert.Contains("gives 4 features", error.Message);
        Assert.Contains("reads 8", error.Message);
        using var generator4 = OnnxModel.Load(Generator(new Formula(new float[4]), 2), sourceName: "generator4");
        error = Assert.Throws<ModelSignatureException>(() => new VoiceConverter(encoder, generator4, new VoiceConversionOptions { Bank = new FeatureBank(new float[6], 2, 3) }));
        Assert.Contains("3 features per row", error.Message);
    }

    [Fact]
    public void Encoder_that_does_not_take_batch_channel_samples_is_refused()
    {
        SkipWithoutNativeRuntime();
        using var flat = OnnxModel.Load(new OnnxGraphBuilder("flat")
            .Input("source", 1, "n")
            .Node("Identity", ["source"], ["feats"])
            .Output("feats", 1, "n")
            .ToBytes(), sourceName: "flat-encoder");
        using var generator = OnnxModel.Load(Generator(new Formula(new float[2]), 2), sourceName: "generator");
        var error = Assert.Throws<ModelSignatureException>(() => new VoiceConverter(flat, generator));
        Assert.Contains("flat-encoder", error.Message);
        Assert.Contains("rank 2", error.Message);
    }

    [Theory]
    [InlineData(0.005)]
    [InlineData(0.03)]
    [InlineData(0.413)]
    public void Short_inputs_and_short_last_chunks_convert_with_the_default_pitch_tracker(double seconds)
    {
        SkipWithoutNativeRuntime();
        using var voice = Voice(seconds);
        var options = new VoiceConversionOptions { ChunkLength = TimeSpan.FromMilliseconds(200), Context = TimeSpan.Zero, Crossfade = TimeSpan.Zero };
        using var converter = Converter(2, new Formula(Phone(2), PitchHz: 1), 4, options);
        using var result = converter.Convert(voice, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal((int)Math.Ceiling(voice.Frames * 4 / 160.0), result.Frames);
        Assert.All(result.Channel(0).ToArray(), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Cancelled_conversion_stops()
    {
        SkipWithoutNativeRuntime();
        using var voice = Voice(0.5);
        using var converter = Converter(2, new Formula(Phone(2)), 2, new VoiceConversionOptions { F0Source = ContourF0Source.Constant(0) });
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => converter.Convert(voice, cancellationToken: cancelled.Token));
    }

    [Fact]
    public void Options_out_of_range_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => VoiceConversionOptions.Default with { IndexRate = 1.5f } is var o ? Validate(o) : 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => Validate(VoiceConversionOptions.Default with { Neighbours = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Validate(VoiceConversionOptions.Default with { Crossfade = TimeSpan.FromSeconds(5) }));
        Assert.Throws<ArgumentException>(() => Validate(VoiceConversionOptions.Default with { Names = RvcTensorNames.Default with { Pitch = "phone" } }));
    }

    private static int Validate(VoiceConversionOptions options)
    {
        options.Validate();
        return 0;
    }

    private sealed class SynchronousProgress(Action<AugmentProgress> report) : IProgress<AugmentProgress>
    {
        public void Report(AugmentProgress value) => report(value);
    }
}
