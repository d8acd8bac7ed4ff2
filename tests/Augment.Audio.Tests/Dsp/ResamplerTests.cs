namespace Augment.Audio.Tests.Dsp;

public class ResamplerTests
{
    // 65536-point spectra at both 44.1 kHz and 48 kHz: multiples of 44100·160/65536 Hz (= 48000·147/65536)
    // fall exactly on a bin at both rates, as do their aliases.
    private const int AnalysisLength = 65_536;
    private const double CommonBinHz = 44_100.0 * 160 / AnalysisLength;
    private const double ToneAmplitude = 0.1;
    private static readonly int[] InBandMultiples = [9, 28, 93, 150, 171, 185];   // 969 Hz .. 19.92 kHz
    private static readonly int[] OutOfBandMultiples = [206, 215, 222];          // 22.18, 23.15, 23.90 kHz: must not alias into 44.1 kHz

    [Fact]
    public void Down_sampling_48k_to_44k1_keeps_aliasing_below_minus_100_dB_and_ripple_below_0_001_dB()
    {
        var (aliasDb, rippleDb) = MeasureDownsampling(new Resampler(48_000, 44_100));
        Assert.True(aliasDb < -100, $"loudest alias or spur {aliasDb:F1} dB");
        Assert.True(rippleDb < 0.001, $"passband deviation {rippleDb:g3} dB");
        TestContext.Current.TestOutputHelper?.WriteLine($"48k->44.1k High: spurs {aliasDb:F1} dB, passband deviation {rippleDb:g3} dB");
    }

    [Fact]
    public void Arbitrary_ratio_path_also_keeps_aliasing_below_minus_100_dB()
    {
        var resampler = new Resampler(44_100.0 / 48_000);
        Assert.False(resampler.IsRational);
        var (aliasDb, rippleDb) = MeasureDownsampling(resampler);
        Assert.True(aliasDb < -100, $"loudest alias or spur {aliasDb:F1} dB");
        Assert.True(rippleDb < 0.001, $"passband deviation {rippleDb:g3} dB");
        TestContext.Current.TestOutputHelper?.WriteLine($"48k->44.1k arbitrary path: spurs {aliasDb:F1} dB, passband deviation {rippleDb:g3} dB");
    }

    [Theory]
    [InlineData(ResamplerQuality.Fast, -75)]
    [InlineData(ResamplerQuality.Balanced, -95)]
    public void Lower_presets_meet_their_looser_stopband(ResamplerQuality quality, double limitDb)
    {
        var (aliasDb, _) = MeasureDownsampling(new Resampler(48_000, 44_100, quality), inBandLimitHz: quality == ResamplerQuality.Fast ? 18_000 : 19_500);
        Assert.True(aliasDb < limitDb, $"{quality}: loudest alias or spur {aliasDb:F1} dB");
        TestContext.Current.TestOutputHelper?.WriteLine($"48k->44.1k {quality}: spurs {aliasDb:F1} dB");
    }

    [Fact]
    public void Round_trip_48k_44k1_48k_keeps_tones_and_adds_nothing_above_minus_100_dB()
    {
        var frequencies = Frequencies([.. InBandMultiples, .. OutOfBandMultiples]);
        var input = Signals.Tones(AnalysisLength + 8_192, 48_000, frequencies, ToneAmplitude);
        var down = RunWhole(new Resampler(48_000, 44_100), input);
        var back = RunWhole(new Resampler(44_100, 48_000), down);
        Assert.InRange(back.Length, input.Length, input.Length + 1); // ⌈⌈n·147/160⌉·160/147⌉
        var amplitude = Spectrum.Amplitudes(back.AsSpan(4_096, AnalysisLength));
        var bins = Array.ConvertAll(InBandMultiples, m => m * 147);
        var (spurDb, at) = Spectrum.LoudestOutside(amplitude, bins, 3, ToneAmplitude);
        Assert.True(spurDb < -100, $"loudest spur {spurDb:F1} dB at {at * 48_000.0 / AnalysisLength:F0} Hz");
        foreach (var bin in bins)
        {
            var deviation = 20 * Math.Log10(amplitude[bin] / ToneAmplitude);
            Assert.True(Math.Abs(deviation) < 0.002, $"tone at {bin * 48_000.0 / AnalysisLength:F0} Hz changed by {deviation:g3} dB");
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"48k->44.1k->48k: spurs {spurDb:F1} dB");
    }

    [Fact]
    public void A_sweep_across_the_whole_stopband_comes_out_below_minus_100_dB()
    {
        // 22.1 kHz -> 23.99 kHz at 48 kHz: everything lies above the 22.05 kHz output Nyquist, so
        // whatever reaches 44.1 kHz is aliasing. Faded in and out so that the ends add no clicks.
        var sweep = Sweep(96_000, 48_000, 22_100, 23_990, 0.5);
        var output = RunWhole(new Resampler(48_000, 44_100), sweep);
        var level = 20 * Math.Log10(Rms(output) / Rms(sweep));
        Assert.True(level < -100, $"stopband sweep leaks at {level:F1} dB");
        TestContext.Current.TestOutputHelper?.WriteLine($"stopband sweep 22.1-24 kHz through 48k->44.1k: {level:F1} dB");
    }

    [Fact]
    public void A_passband_sweep_survives_the_48k_44k1_48k_round_trip_within_minus_110_dB()
    {
        // 20 Hz -> 19.5 kHz: the resampler is linear-phase and time-aligned, so the round trip must
        // return the same samples, not merely the same spectrum.
        var sweep = Sweep(96_000, 48_000, 20, 19_500, 0.5);
        var down = RunWhole(new Resampler(48_000, 44_100), sweep);
        var back = RunWhole(new Resampler(44_100, 48_000), down);
        var error = new float[sweep.Length];
        for (var i = 0; i < sweep.Length; i++)
            error[i] = back[i] - sweep[i];
        var level = 20 * Math.Log10(Rms(error) / Rms(sweep));
        Assert.True(level < -110, $"round-trip error {level:F1} dB");
        TestContext.Current.TestOutputHelper?.WriteLine($"passband sweep 20 Hz-19.5 kHz round trip error: {level:F1} dB");
    }

    [Theory]
    [InlineData(48_000, 44_100)]
    [InlineData(44_100, 48_000)]
    [InlineData(48_000, 96_000)]
    [InlineData(96_000, 44_100)]
    [InlineData(8_000, 48_000)]
    [InlineData(48_000, 16_000)]
    [InlineData(44_100, 44_100)]
    [InlineData(48_000, 47_999)]
    public void A_passband_sine_comes_out_as_the_same_sine_time_aligned(int inputRate, int outputRate)
    {
        var frequency = 0.2 * Math.Min(inputRate, outputRate);
        const int frames = 9_000;
        var input = Signals.Tones(frames, inputRate, [frequency], 0.5);
        var resampler = new Resampler(inputRate, outputRate);
        var output = RunWhole(resampler, input);
        Assert.Equal((long)Math.Ceiling(frames * (double)outputRate / inputRate), output.Length);
        var expected = Signals.Tones(output.Length, outputRate, [frequency], 0.5);
        // Away from the ends (where the stream starts and stops in silence) the output is the analytic sine.
        var margin = (int)Math.Ceiling(resampler.LookaheadSamples * Math.Max(1, resampler.Ratio)) + 2;
        var error = StftTests.MaxError(expected.AsSpan(margin, output.Length - (2 * margin)), output.AsSpan(margin, output.Length - (2 * margin)));
        Assert.True(error < 2e-5, $"max error {error:g3} ({inputRate} -> {outputRate}, {(resampler.IsRational ? "rational" : "arbitrary")})");
    }

    [Theory]
    [InlineData(1.000_5)]
    [InlineData(0.731)]
    [InlineData(2.5)]
    public void Arbitrary_real_ratios_reproduce_a_passband_sine(double ratio)
    {
        const int inputRate = 48_000;
        var frequency = 3_000.0;
        var input = Signals.Tones(12_000, inputRate, [frequency], 0.5);
        var resampler = new Resampler(ratio);
        var output = RunWhole(resampler, input);
        Assert.Equal(resampler.OutputLength(input.Length), output.Length);
        var margin = (int)Math.Ceiling(resampler.LookaheadSamples * Math.Max(1, ratio)) + 2;
        for (var n = margin; n < output.Length - margin; n++)
        {
            var expected = 0.5 * Math.Sin((2 * Math.PI * frequency * (n / ratio) / inputRate) + 0.37);
            Assert.True(Math.Abs(output[n] - expected) < 2e-5, $"sample {n}: {output[n]} vs {expected}");
        }
    }

    [Theory]
    [InlineData(48_000, 44_100)]
    [InlineData(44_100, 96_000)]
    [InlineData(96_000, 8_000)]
    [InlineData(0, 0)]
    public void Streaming_output_does_not_depend_on_chunk_sizes(int inputRate, int outputRate)
    {
        var input = Signals.Noise(30_000, seed: 17);
        Resampler Make() => inputRate == 0 ? new Resampler(0.917_3) : new Resampler(inputRate, outputRate);
        var whole = RunWhole(Make(), input);
        var random = new Random(5);
        var resampler = Make();
        var chunks = new List<float>();
        var buffer = new float[resampler.MaxOutputLength(input.Length)];
        for (var position = 0; position < input.Length;)
        {
            var size = Math.Min(input.Length - position, random.Next(0, 3) switch { 0 => random.Next(0, 4), 1 => random.Next(1, 300), _ => random.Next(1, 9_000) });
            var written = resampler.Process(input.AsSpan(position, size), buffer);
            chunks.AddRange(buffer.AsSpan(0, written));
            position += size;
        }
        chunks.AddRange(buffer.AsSpan(0, resampler.Flush(buffer)));
        Assert.Equal(whole, chunks.ToArray());
    }

    [Fact]
    public void Buffer_resampling_converts_every_channel_like_the_streaming_converter()
    {
        using var source = AudioBuffer.Create(2, 10_000, 48_000);
        Signals.Noise(10_000, seed: 1).CopyTo(source.Channel(0));
        Signals.Tones(10_000, 48_000, [1_000], 0.5).CopyTo(source.Channel(1));
        using var result = Resampler.Resample(source, 44_100, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(44_100, result.SampleRate);
        Assert.Equal(9_188, result.Frames); // ⌈10 000 × 147/160⌉
        Assert.Equal(RunWhole(new Resampler(48_000, 44_100), source.Channel(0).ToArray()), result.Channel(0).ToArray());
        Assert.Equal(RunWhole(new Resampler(48_000, 44_100), source.Channel(1).ToArray()), result.Channel(1).ToArray());
    }

    [Fact]
    public void Simd_dot_products_match_the_scalar_reference()
    {
        var random = new Random(3);
        foreach (var length in (int[])[8, 16, 24, 96, 184, 200])
        {
            var c0 = Signals.Noise(length, random.Next());
            var c1 = Signals.Noise(length, random.Next());
            var x = Signals.Noise(length, random.Next());
            Assert.Equal(ResamplerKernels.DotScalar(c0, x, length), ResamplerKernels.Dot(c0, x, length), 1e-5f);
            Assert.Equal(ResamplerKernels.DotBlendScalar(c0, c1, x, length, 0.3f), ResamplerKernels.DotBlend(c0, c1, x, length, 0.3f), 1e-5f);
        }
    }

    [Fact]
    public void Kaiser_window_Bessel_function_matches_published_values()
    {
        // Abramowitz & Stegun table 9.8: I0(1) = 1.266065878, I0(5) = 27.23987182, I0(10) = 2815.716628.
        Assert.Equal(1.266065878, ResamplerKernel.BesselI0(1), 8);
        Assert.Equal(27.23987182, ResamplerKernel.BesselI0(5), 7);
        Assert.Equal(2815.716628, ResamplerKernel.BesselI0(10), 5);
    }

    [Fact]
    public void Bad_ratios_and_small_outputs_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Resampler(0, 48_000));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Resampler(1_000.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Resampler(double.NaN));
        var resampler = new Resampler(44_100, 48_000);
        Assert.Throws<ArgumentException>(() => resampler.Process(new float[100], new float[100]));
    }

    private static (double AliasDb, double RippleDb) MeasureDownsampling(Resampler resampler, double inBandLimitHz = 20_000)
    {
        var inBand = Array.FindAll(InBandMultiples, m => m * CommonBinHz <= inBandLimitHz);
        var frequencies = Frequencies([.. inBand, .. OutOfBandMultiples]);
        var input = Signals.Tones(AnalysisLength + 8_192, 48_000, frequencies, ToneAmplitude);
        var output = RunWhole(resampler, input);
        var amplitude = Spectrum.Amplitudes(output.AsSpan(2_048, AnalysisLength));
        var bins = Array.ConvertAll(inBand, m => m * 160);
        var (aliasDb, _) = Spectrum.LoudestOutside(amplitude, bins, 3, ToneAmplitude);
        double ripple = 0;
        foreach (var bin in bins)
            ripple = Math.Max(ripple, Math.Abs(20 * Math.Log10(amplitude[bin] / ToneAmplitude)));
        return (aliasDb, ripple);
    }

    /// <summary>Linear chirp from f0 to f1 with 0.1 s raised-cosine fades, computed in double.</summary>
    private static float[] Sweep(int length, int rate, double f0, double f1, double amplitude)
    {
        var x = new float[length];
        var duration = (double)length / rate;
        var fade = rate / 10;
        for (var i = 0; i < length; i++)
        {
            var t = (double)i / rate;
            var phase = 2 * Math.PI * ((f0 * t) + ((f1 - f0) * t * t / (2 * duration)));
            var edge = Math.Min(i, length - 1 - i);
            var gain = edge >= fade ? 1 : 0.5 - (0.5 * Math.Cos(Math.PI * edge / fade));
            x[i] = (float)(amplitude * gain * Math.Sin(phase));
        }
        return x;
    }

    private static double Rms(ReadOnlySpan<float> x)
    {
        double sum = 0;
        foreach (var v in x)
            sum += v * (double)v;
        return Math.Sqrt(sum / x.Length);
    }

    private static double[] Frequencies(int[] multiples) => Array.ConvertAll(multiples, m => m * CommonBinHz);

    internal static float[] RunWhole(Resampler resampler, float[] input)
    {
        var output = new float[resampler.MaxOutputLength(input.Length) + resampler.MaxOutputLength(resampler.LookaheadSamples)];
        var written = resampler.Process(input, output);
        written += resampler.Flush(output.AsSpan(written));
        return output[..written];
    }
}
