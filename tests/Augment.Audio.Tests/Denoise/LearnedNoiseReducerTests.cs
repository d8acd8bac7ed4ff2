using static Augment.Audio.Tests.Denoise.SpeechLikeSignals;

namespace Augment.Audio.Tests.Denoise;

public class LearnedNoiseReducerTests
{
    private const int Rate = 16_000;
    private const int Bins = 257;

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

    /// <summary>
    /// These tests run models, which needs ONNX Runtime's native library: the test project must reference the
    /// Microsoft.ML.OnnxRuntime package. Without it they skip with the reason instead of failing.
    /// </summary>
    private static void SkipWithoutNativeRuntime() =>
        Assert.SkipWhen(MissingRuntime.Value is not null, $"ONNX Runtime's native library is not available to this test project (reference Microsoft.ML.OnnxRuntime): {MissingRuntime.Value}");

    /// <summary>mask = input·0 + 0.5: a constant-0.5 mask whatever the spectrogram.</summary>
    private static OnnxModel ConstantMaskModel(float value, int bins = Bins) => OnnxModel.Load(new OnnxGraphBuilder("constant-mask")
        .Input("magnitude", 1, "frames", bins)
        .Initializer("zero", [0f])
        .Initializer("value", [value])
        .Node("Mul", ["magnitude", "zero"], ["zeros"])
        .Node("Add", ["zeros", "value"], ["mask"])
        .Output("mask", 1, "frames", bins)
        .ToBytes(), sourceName: "constant-mask");

    /// <summary>Power spectral subtraction as a graph: mask = sqrt(max(1 − λ/(|X|² + ε), floor)), λ per bin.</summary>
    private static OnnxModel SpectralSubtractionModel(float[] noisePower, float floor) => OnnxModel.Load(new OnnxGraphBuilder("spectral-subtraction")
        .Input("magnitude", "batch", "frames", Bins)
        .Initializer("lambda", noisePower, Bins)
        .Initializer("epsilon", [1e-12f])
        .Initializer("one", [1f])
        .Initializer("floor", [floor])
        .Node("Mul", ["magnitude", "magnitude"], ["power"])
        .Node("Add", ["power", "epsilon"], ["powerSafe"])
        .Node("Div", ["lambda", "powerSafe"], ["ratio"])
        .Node("Sub", ["one", "ratio"], ["gain2"])
        .Node("Max", ["gain2", "floor"], ["gain2Floored"])
        .Node("Sqrt", ["gain2Floored"], ["mask"])
        .Output("mask", "batch", "frames", Bins)
        .ToBytes(), sourceName: "spectral-subtraction");

    private static float[] SpectralSubtractionInCSharp(float[] x, float[] noisePower, float floor)
    {
        var stft = new Stft(new StftOptions { FftLength = 512, HopLength = 128, Window = WindowKind.Hann, Center = true });
        var frames = stft.FrameCount(x.Length);
        var real = new float[frames * Bins];
        var imag = new float[frames * Bins];
        stft.Forward(x, real, imag);
        for (var i = 0; i < real.Length; i++)
        {
            var power = ((double)real[i] * real[i]) + ((double)imag[i] * imag[i]);
            var gain = Math.Sqrt(Math.Max(1 - (noisePower[i % Bins] / (power + 1e-12)), floor));
            real[i] = (float)(real[i] * gain);
            imag[i] = (float)(imag[i] * gain);
        }
        var y = new float[x.Length];
        stft.Inverse(real, imag, y);
        return y;
    }

    private static float[] NoisySpeech(int frames, int seed) =>
        Mix(Speech(frames, Rate, seed, baseF0: 140), White(frames, seed + 1), 5);

    private static float[] Run(LearnedNoiseReducer reducer, float[] x, int rate = Rate)
    {
        using var input = Buffer(rate, x);
        using var output = reducer.Process(input, TestContext.Current.CancellationToken);
        Assert.Equal(x.Length, output.Frames);
        return output.Channel(0).ToArray();
    }

    [Fact]
    public void A_constant_half_mask_halves_the_signal_exactly()
    {
        SkipWithoutNativeRuntime();
        using var model = ConstantMaskModel(0.5f);
        var x = NoisySpeech(Rate + 333, 1);
        var y = Run(new LearnedNoiseReducer(model, new LearnedNoiseReducerOptions { ChunkFrames = 40 }), x);
        for (var i = 0; i < x.Length; i++)
            Assert.Equal(0.5f * x[i], y[i], 1e-5f);
    }

    [Fact]
    public void A_spectral_subtraction_model_gives_the_same_result_as_the_formula_in_CSharp()
    {
        SkipWithoutNativeRuntime();
        var noisePower = new float[Bins];
        for (var k = 0; k < Bins; k++) noisePower[k] = (float)(400 * (1 + (0.5 * Math.Sin(k * 0.05))));
        using var model = SpectralSubtractionModel(noisePower, 0.01f);
        var x = NoisySpeech(Rate, 2);
        var y = Run(new LearnedNoiseReducer(model), x);
        var expected = SpectralSubtractionInCSharp(x, noisePower, 0.01f);
        var peak = 0f;
        foreach (var v in expected) peak = Math.Max(peak, Math.Abs(v));
        for (var i = 0; i < x.Length; i++)
            Assert.True(Math.Abs(expected[i] - y[i]) <= 1e-5f * Math.Max(1, peak), $"sample {i}: {y[i]} vs {expected[i]}");
        // And it did something: the result is not the input.
        Assert.True(Energy(y) < 0.9 * Energy(x));
    }

    [Theory]
    [InlineData(1, 4)]
    [InlineData(7, 5)]
    [InlineData(64, 16)]
    public void Chunked_output_equals_whole_signal_output_within_1e_5(int chunkFrames, int contextFrames)
    {
        SkipWithoutNativeRuntime();
        var noisePower = new float[Bins];
        for (var k = 0; k < Bins; k++) noisePower[k] = 300;
        using var model = SpectralSubtractionModel(noisePower, 0.02f);
        var x = NoisySpeech((2 * Rate) + 77, 3);
        var whole = Run(new LearnedNoiseReducer(model, new LearnedNoiseReducerOptions { ChunkFrames = 100_000, ContextFrames = 4 }), x);
        var chunked = Run(new LearnedNoiseReducer(model, new LearnedNoiseReducerOptions { ChunkFrames = chunkFrames, ContextFrames = contextFrames }), x);
        for (var i = 0; i < x.Length; i++)
            Assert.Equal(whole[i], chunked[i], 1e-5f);
    }

    [Fact]
    public void A_stereo_stream_through_ApplyTo_equals_two_mono_runs()
    {
        SkipWithoutNativeRuntime();
        using var model = SpectralSubtractionModel(Enumerable.Repeat(200f, Bins).ToArray(), 0.05f);
        var reducer = new LearnedNoiseReducer(model, new LearnedNoiseReducerOptions { ChunkFrames = 30 });
        var left = NoisySpeech(Rate, 4);
        var right = NoisySpeech(Rate, 5);
        using var stereo = Buffer(Rate, left, right);
        using var stage = reducer.ApplyTo(new AudioBufferSource(stereo));
        using var output = stage.ReadAll(cancellationToken: TestContext.Current.CancellationToken);
        var l = Run(reducer, left);
        var r = Run(reducer, right);
        for (var i = 0; i < left.Length; i++)
        {
            Assert.Equal(l[i], output.Channel(0)[i], 1e-6f);
            Assert.Equal(r[i], output.Channel(1)[i], 1e-6f);
        }
    }

    [Fact]
    public void A_model_for_another_frame_length_is_a_ModelSignatureException()
    {
        SkipWithoutNativeRuntime();
        using var model = ConstantMaskModel(0.5f, bins: 129);
        var error = Assert.Throws<ModelSignatureException>(() => new LearnedNoiseReducer(model));
        Assert.Contains("257", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_of_the_wrong_rank_is_a_ModelSignatureException()
    {
        SkipWithoutNativeRuntime();
        using var model = OnnxModel.Load(OnnxGraphBuilder.Multiply(0.5f, rank: 4).ToBytes(), sourceName: "rank4");
        Assert.Throws<ModelSignatureException>(() => new LearnedNoiseReducer(model));
    }

    [Fact]
    public void A_model_that_returns_another_shape_is_a_ModelSignatureException_at_run_time()
    {
        SkipWithoutNativeRuntime();
        // Output declared [1, frames, 257] but computed by slicing the frames axis in half.
        using var model = OnnxModel.Load(new OnnxGraphBuilder("bad-shape")
            .Input("magnitude", 1, "frames", Bins)
            .Int64Initializer("starts", [0], 1)
            .Int64Initializer("ends", [2], 1)
            .Int64Initializer("axes", [1], 1)
            .Node("Slice", ["magnitude", "starts", "ends", "axes"], ["mask"])
            .Output("mask", 1, "frames", Bins)
            .ToBytes(), sourceName: "bad-shape");
        var reducer = new LearnedNoiseReducer(model);
        using var input = Buffer(Rate, NoisySpeech(Rate / 2, 6));
        Assert.Throws<ModelSignatureException>(() => reducer.Process(input, TestContext.Current.CancellationToken).Dispose());
    }

    [Fact]
    public void Input_at_another_rate_is_resampled_to_the_model_and_back()
    {
        SkipWithoutNativeRuntime();
        using var model = ConstantMaskModel(1f);
        var x = NoisySpeech(48_000, 7);
        var y = Run(new LearnedNoiseReducer(model, new LearnedNoiseReducerOptions { KeepHighBand = false }), x, rate: 48_000);
        // Without the high band, a unit mask at 16 kHz is a 48k -> 16k -> 48k round trip: the speech band (below 5 kHz) survives.
        Assert.True(SiSdr(y, LowPass(x)) > 20, $"SI-SDR {SiSdr(y, LowPass(x)):0.0} dB");
        Assert.True(BandEnergyDb(y, 48_000, 9000, 20_000) < BandEnergyDb(x, 48_000, 9000, 20_000) - 60, "content above 8 kHz came back without KeepHighBand");
    }

    [Fact]
    public void With_the_high_band_a_unit_mask_keeps_fricative_bursts_above_8_kHz()
    {
        SkipWithoutNativeRuntime();
        using var model = ConstantMaskModel(1f);
        const int rate = 48_000;
        // Speech-like voicing plus "fricatives": 100 ms bursts of 40 random-phase tones between 9 and 12 kHz every 400 ms.
        var x = Speech(2 * rate, rate, 10, baseF0: 130);
        var random = new Random(11);
        var bursts = new float[x.Length];
        for (var k = 0; k < 40; k++)
        {
            var hz = 9000 + (3000 * random.NextDouble());
            var phase = 2 * Math.PI * random.NextDouble();
            for (var i = 0; i < x.Length; i++) bursts[i] += (float)(0.01 * Math.Sin((2 * Math.PI * hz * i / rate) + phase));
        }
        var inBurst = new bool[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            inBurst[i] = i % (rate * 4 / 10) < rate / 10;
            if (inBurst[i]) x[i] += bursts[i];
        }
        var full = Run(new LearnedNoiseReducer(model), x, rate);
        var limited = Run(new LearnedNoiseReducer(model, new LearnedNoiseReducerOptions { KeepHighBand = false }), x, rate);
        var input = BandEnergyDb(Gate(x, inBurst), rate, 9000, 12_000);
        var kept = BandEnergyDb(Gate(full, inBurst), rate, 9000, 12_000);
        var dropped = BandEnergyDb(Gate(limited, inBurst), rate, 9000, 12_000);
        Assert.True(Math.Abs(kept - input) < 3, $"9-12 kHz during the bursts: {kept - input:0.0} dB against the input");
        // Gating the measurement to the bursts spreads the voicing below 8 kHz into every band (about -35 dB here).
        Assert.True(dropped < input - 25, $"band-limited output kept {dropped - input:0.0} dB of the bursts");
        // Below the model's band the output is the model's: the unit mask gives back the input's low band.
        Assert.True(SiSdr(full, x) > 20, $"SI-SDR against the input {SiSdr(full, x):0.0} dB");
    }

    [Fact]
    public void Steady_noise_above_8_kHz_is_reduced_at_least_as_much_as_the_model_reduced_its_top_octave()
    {
        SkipWithoutNativeRuntime();
        // Stationary white noise: spectral subtraction at its level leaves the floor (−26 dB in power) in every bin.
        var noisePower = Enumerable.Repeat(1200f, Bins).ToArray();
        using var model = SpectralSubtractionModel(noisePower, 0.0025f);
        var random = new Random(9);
        var x = new float[2 * 48_000];
        for (var i = 0; i < x.Length; i++) x[i] = (float)(0.2 * (random.NextDouble() - 0.5));
        var y = Run(new LearnedNoiseReducer(model), x, rate: 48_000);
        var top = BandEnergyDb(y, 48_000, 4500, 7000) - BandEnergyDb(x, 48_000, 4500, 7000);
        var high = BandEnergyDb(y, 48_000, 9000, 20_000) - BandEnergyDb(x, 48_000, 9000, 20_000);
        Assert.True(top < -15, $"the model reduced its top octave by only {-top:0.0} dB");
        // Above 8 kHz the model's frame gains apply on top of the classical reducer's: at least as much reduction.
        Assert.True(high < top + 1, $"above 8 kHz: {high:0.0} dB; the model's top octave: {top:0.0} dB");
    }

    [Fact]
    public void Context_shorter_than_one_frame_is_rejected()
    {
        SkipWithoutNativeRuntime();
        using var model = ConstantMaskModel(0.5f);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LearnedNoiseReducer(model, new LearnedNoiseReducerOptions { ContextFrames = 3 }));
    }

    private static float[] Gate(float[] x, bool[] keep)
    {
        var y = new float[x.Length];
        for (var i = 0; i < x.Length; i++) y[i] = keep[i] ? x[i] : 0;
        return y;
    }

    /// <summary>Energy in dB of the signal's FFT bins between two frequencies (one FFT over the whole signal, Hann window).</summary>
    private static double BandEnergyDb(float[] x, int rate, double fromHz, double toHz)
    {
        var n = 1;
        while (n < x.Length) n <<= 1;
        var real = new float[(n / 2) + 1];
        var imag = new float[(n / 2) + 1];
        var padded = new float[n];
        for (var i = 0; i < x.Length; i++) padded[i] = (float)(x[i] * (0.5 - (0.5 * Math.Cos(2 * Math.PI * i / x.Length))));
        RealFftPlan.Create(n).Forward(padded, real, imag);
        double energy = 1e-30;
        for (var k = (int)(fromHz * n / rate); k <= (int)(toHz * n / rate); k++)
            energy += ((double)real[k] * real[k]) + ((double)imag[k] * imag[k]);
        return 10 * Math.Log10(energy);
    }

    /// <summary>The 48 kHz signal through the same 16 kHz round trip with an identity model is the reference; here, the signal band-limited by a round trip of the resampler alone.</summary>
    private static float[] LowPass(float[] x)
    {
        using var input = Buffer(48_000, x);
        using var down = Resampler.Resample(input, Rate);
        using var up = Resampler.Resample(down, 48_000);
        var y = new float[x.Length];
        up.Channel(0)[..Math.Min(up.Frames, x.Length)].CopyTo(y);
        return y;
    }
}
