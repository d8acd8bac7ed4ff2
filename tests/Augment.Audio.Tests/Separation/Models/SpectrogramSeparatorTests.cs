using static Augment.Audio.Tests.Separation.Models.TinySeparationModels;

namespace Augment.Audio.Tests.Separation.Models;

public class SpectrogramSeparatorTests
{
    private const int Rate = 16000;
    private const int Fft = 256;
    private const int Hop = 64;
    private const int Bins = Fft / 2 + 1;

    private static SpectrogramSeparatorOptions Small(string[] names, int iterations, bool normalize = true, int chunk = 16, int overlap = 8) => new()
    {
        StemNames = names,
        ModelSampleRateHz = Rate,
        FftLength = Fft,
        HopLength = Hop,
        ChunkFrames = chunk,
        OverlapFrames = overlap,
        Output = SpectrogramModelOutput.Mask,
        WienerIterations = iterations,
        NormalizeMasks = normalize,
    };

    private static float[] Constant(float value)
    {
        var mask = new float[Bins];
        Array.Fill(mask, value);
        return mask;
    }

    /// <summary>The whole-signal answer: y_s = g_s(b)·X(t, b), inverted by the SDK's least-squares ISTFT.</summary>
    private static float[] MaskWhole(ReadOnlySpan<float> x, float[] gain)
    {
        var stft = new Stft(new StftOptions { FftLength = Fft, HopLength = Hop, Window = WindowKind.Hann, Center = true });
        var frames = stft.FrameCount(x.Length);
        var re = new float[frames * Bins];
        var im = new float[frames * Bins];
        stft.Forward(x, re, im);
        for (var i = 0; i < re.Length; i++)
        {
            re[i] *= gain[i % Bins];
            im[i] *= gain[i % Bins];
        }
        var y = new float[x.Length];
        stft.Inverse(re, im, y);
        return y;
    }

    [Theory]
    [InlineData(2, true, 4000)]
    [InlineData(4, false, 4000)]
    [InlineData(3, true, 700)]
    [InlineData(4, true, 20011)]
    public void Identity_masks_one_over_n_give_the_mix_over_n_at_every_sample(int stems, bool normalize, int frames)
    {
        SkipWithoutNativeRuntime();
        var masks = new float[stems][];
        var names = new string[stems];
        for (var s = 0; s < stems; s++)
        {
            masks[s] = Constant(1f / stems);
            names[s] = $"s{s}";
        }
        using var model = SpectrogramMasks(masks, Bins);
        var separator = new SpectrogramSeparator(model, Small(names, iterations: 0, normalize));
        using var mix = Noise(2, frames, Rate, seed: frames);
        using var result = separator.Separate(mix, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal((Rate, 2, frames), (result.SampleRate, result.Channels, result.Frames));
        for (var s = 0; s < stems; s++)
            for (var c = 0; c < 2; c++)
            {
                var expected = mix.Channel(c).ToArray();
                for (var i = 0; i < expected.Length; i++) expected[i] /= stems;
                Assert.True(MaxAbsDifference(expected, result[s].Channel(c)) < 2e-5, $"stem {s} channel {c}: {MaxAbsDifference(expected, result[s].Channel(c))}");
            }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Zero_iterations_equal_ratio_masking_of_the_whole_signal(bool normalize)
    {
        SkipWithoutNativeRuntime();
        var random = new Random(3);
        var masks = new float[3][];
        for (var s = 0; s < 3; s++)
        {
            masks[s] = new float[Bins];
            for (var b = 0; b < Bins; b++) masks[s][b] = 0.05f + (float)random.NextDouble();
        }
        using var model = SpectrogramMasks(masks, Bins);
        var separator = new SpectrogramSeparator(model, Small(["a", "b", "c"], iterations: 0, normalize, chunk: 20, overlap: 10));
        using var mix = Noise(2, 9000, Rate, seed: 9);
        using var result = separator.Separate(mix, cancellationToken: TestContext.Current.CancellationToken);
        for (var s = 0; s < 3; s++)
        {
            var gain = new float[Bins];
            for (var b = 0; b < Bins; b++)
                gain[b] = normalize ? masks[s][b] / (masks[0][b] + masks[1][b] + masks[2][b]) : masks[s][b];
            for (var c = 0; c < 2; c++)
                Assert.True(MaxAbsDifference(MaskWhole(mix.Channel(c), gain), result[s].Channel(c)) < 2e-5, $"stem {s} channel {c}");
        }
        if (normalize)
        {
            using var sum = result.Sum();
            Assert.True(MaxAbsDifference(mix.Data, sum.Data) < 2e-5);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Mono_em_iterations_sharpen_a_constant_mask_as_r_squared_over_r_squared_plus_one_minus_r_squared(int iterations)
    {
        SkipWithoutNativeRuntime();
        // Mono: R_s = 1 and v_s = |y_s|², so y_1 = r·X becomes r²/(r² + (1 − r)²)·X each iteration.
        using var model = SpectrogramMasks([Constant(0.7f), Constant(0.3f)], Bins, channels: 1);
        var separator = new SpectrogramSeparator(model, Small(["a", "b"], iterations));
        using var mix = Noise(1, 6000, Rate, seed: 5);
        using var result = separator.Separate(mix, cancellationToken: TestContext.Current.CancellationToken);
        var r = 0.7;
        for (var i = 0; i < iterations; i++) r = r * r / (r * r + (1 - r) * (1 - r));
        var expected = mix.Channel(0).ToArray();
        for (var i = 0; i < expected.Length; i++) expected[i] *= (float)r;
        Assert.True(MaxAbsDifference(expected, result["a"].Channel(0)) < 1e-4, $"r = {r}: {MaxAbsDifference(expected, result["a"].Channel(0))}");
    }

    [Fact]
    public void Em_iterations_separate_two_stereo_sources_in_disjoint_bands()
    {
        SkipWithoutNativeRuntime();
        const int frames = 8000;
        using var low = AudioBuffer.Create(2, frames, Rate);
        using var high = AudioBuffer.Create(2, frames, Rate);
        var random = new Random(2);
        // Bin-centred tones two bins or more from the band edge (bin 40): low panned left, high panned right.
        for (var k = 0; k < 6; k++)
        {
            double fl = (8 + 5 * k) * (double)Rate / Fft, fh = (46 + 12 * k) * (double)Rate / Fft;
            double pl = random.NextDouble() * 6.28, ph = random.NextDouble() * 6.28;
            for (var i = 0; i < frames; i++)
            {
                var a = (float)(0.1 * Math.Sin(2 * Math.PI * fl * i / Rate + pl));
                var b = (float)(0.1 * Math.Sin(2 * Math.PI * fh * i / Rate + ph));
                low.Channel(0)[i] += a;
                low.Channel(1)[i] += 0.3f * a;
                high.Channel(0)[i] += 0.2f * b;
                high.Channel(1)[i] += b;
            }
        }
        using var mix = AudioBuffer.Create(2, frames, Rate);
        System.Numerics.Tensors.TensorPrimitives.Add(low.Data, high.Data, mix.Data);
        // A weak prior: 0.65 / 0.35 the right way round in each band.
        var lowMask = new float[Bins];
        var highMask = new float[Bins];
        for (var b = 0; b < Bins; b++)
        {
            lowMask[b] = b < 40 ? 0.65f : 0.35f;
            highMask[b] = 1 - lowMask[b];
        }
        using var model = SpectrogramMasks([lowMask, highMask], Bins);
        double Sdr(int iterations)
        {
            var separator = new SpectrogramSeparator(model, Small(["low", "high"], iterations, chunk: 32, overlap: 8));
            using var result = separator.Separate(mix, cancellationToken: TestContext.Current.CancellationToken);
            double signal = 0, error = 0;
            for (var i = 0; i < low.Data.Length; i++)
            {
                signal += low.Data[i] * (double)low.Data[i];
                var e = result["low"].Data[i] - (double)low.Data[i];
                error += e * e;
            }
            return 10 * Math.Log10(signal / error);
        }
        var ratio = Sdr(0);
        var refined = Sdr(4);
        TestContext.Current.SendDiagnosticMessage($"SDR ratio {ratio:0.00} refined {refined:0.00}");
        Assert.InRange(ratio, 3, 15);
        Assert.True(refined > 30 && refined > ratio + 15, $"ratio masks {ratio:0.0} dB, 4 EM iterations {refined:0.0} dB");
    }

    [Fact]
    public void Magnitude_output_equals_mask_output_times_the_mix_magnitude()
    {
        SkipWithoutNativeRuntime();
        float[] m0 = new float[Bins], m1 = new float[Bins];
        for (var b = 0; b < Bins; b++)
        {
            m0[b] = 0.2f + 0.6f * b / Bins;
            m1[b] = 1 - m0[b];
        }
        using var maskModel = SpectrogramMasks([m0, m1], Bins);
        using var magnitudeModel = SpectrogramMasks([m0, m1], Bins, timesInput: true);
        using var mix = Noise(2, 5000, Rate, seed: 1);
        var options = Small(["a", "b"], iterations: 1);
        using var fromMasks = new SpectrogramSeparator(maskModel, options).Separate(mix, cancellationToken: TestContext.Current.CancellationToken);
        using var fromMagnitudes = new SpectrogramSeparator(magnitudeModel, options with { Output = SpectrogramModelOutput.Magnitude }).Separate(mix, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(MaxAbsDifference(fromMasks["a"].Data, fromMagnitudes["a"].Data) < 1e-5);
        // One Wiener iteration still splits the mix: the filters add up to the identity.
        using var sum = fromMasks.Sum();
        Assert.True(MaxAbsDifference(mix.Data, sum.Data) < 1e-4);
    }

    [Fact]
    public void Wrong_bin_count_and_stem_count_are_refused_naming_both_numbers()
    {
        SkipWithoutNativeRuntime();
        using var model = SpectrogramMasks([Constant(0.5f), Constant(0.5f)], Bins);
        var bins = Assert.Throws<ModelSignatureException>(() => new SpectrogramSeparator(model, Small(["a", "b"], 0) with { FftLength = 512 }));
        Assert.Contains($"{Bins} bins", bins.Message);
        Assert.Contains("257", bins.Message);
        var stems = Assert.Throws<ModelSignatureException>(() => new SpectrogramSeparator(model, Small(["a", "b", "c"], 0)));
        Assert.Contains("2 stems", stems.Message);
        Assert.Contains("3 stem names", stems.Message);
    }

    [Fact]
    public void More_than_two_channels_with_em_iterations_are_refused()
    {
        SkipWithoutNativeRuntime();
        using var model = SpectrogramMasks([Constant(0.5f), Constant(0.5f)], Bins, channels: null);
        var separator = new SpectrogramSeparator(model, Small(["a", "b"], 1));
        using var mix = Noise(4, 1000, Rate, seed: 1);
        var error = Assert.Throws<ArgumentException>(() => separator.Separate(mix, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("4 channels", error.Message);
        // Without iterations four channels are fine.
        using var stems = new SpectrogramSeparator(model, Small(["a", "b"], 0)).Separate(mix, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(4, stems.Channels);
    }

    [Fact]
    public void Progress_is_monotone_and_cancellation_stops_between_chunks()
    {
        SkipWithoutNativeRuntime();
        using var model = SpectrogramMasks([Constant(0.5f), Constant(0.5f)], Bins);
        var separator = new SpectrogramSeparator(model, Small(["a", "b"], 1));
        using var mix = Noise(2, 16000, Rate, seed: 1);
        var reports = new List<AugmentProgress>();
        using (separator.Separate(mix, new Reporter(reports.Add), TestContext.Current.CancellationToken)) { }
        for (var i = 1; i < reports.Count; i++) Assert.Equal(reports[i - 1].ItemsDone + 1, reports[i].ItemsDone);
        Assert.Equal(reports[^1].ItemsTotal, reports[^1].ItemsDone);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        Assert.ThrowsAny<OperationCanceledException>(() => separator.Separate(mix, new Reporter(p => { if (p.ItemsDone == 2) cancel.Cancel(); }), cancel.Token));
    }

    private sealed class Reporter(Action<AugmentProgress> report) : IProgress<AugmentProgress>
    {
        public void Report(AugmentProgress value) => report(value);
    }
}
