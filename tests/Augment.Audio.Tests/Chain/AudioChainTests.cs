namespace Augment.Audio.Tests.Chain;

public class AudioChainTests
{
    private const int Rate = 48_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Chain_output_equals_the_plain_calls_in_the_same_order()
    {
        using var voice = NoisyTone(2.0);
        using var ir = Room(0.4);

        using var chained = voice.Process(p => p.ReduceNoise().ApplyRoom(ir).NormalizeLoudness(-16), out var chain, cancellationToken: Ct);

        using var denoised = new NoiseReducer().Process(voice);
        using var placed = denoised.ApplyRoom(ir, cancellationToken: Ct);
        var (expected, result) = LoudnessNormalizer.Normalize(placed, new LoudnessNormalizationOptions { TargetLufs = -16, TruePeakCeilingDbtp = -1 });
        using (expected)
        {
            Assert.Equal((expected.Channels, expected.Frames, expected.SampleRate), (chained.Channels, chained.Frames, chained.SampleRate));
            Assert.True(expected.Data.SequenceEqual(chained.Data), "the chain differs from the plain calls");
        }
        Assert.Equal(["reduce-noise", "apply-room", "normalize-loudness"], chain.Steps);
        Assert.NotNull(chain.Loudness);
        Assert.Equal(result.Output.IntegratedLufs, chain.Loudness!.Output.IntegratedLufs);
        Assert.InRange(chain.Loudness.Output.IntegratedLufs, -16.1, -15.9);
    }

    [Fact]
    public void Gain_of_minus_6_02_dB_halves_every_sample_and_the_input_is_untouched()
    {
        using var voice = NoisyTone(0.25);
        var before = voice.Data.ToArray();

        using var halved = voice.Process(p => p.Gain(20 * Math.Log10(0.5)), cancellationToken: Ct);

        Assert.True(voice.Data.SequenceEqual(before), "the input changed");
        for (var i = 0; i < before.Length; i++)
            Assert.Equal(before[i] * 0.5f, halved.Data[i], 1e-7f);
    }

    [Fact]
    public void Resample_step_gives_the_frame_count_of_the_rate_ratio()
    {
        using var voice = NoisyTone(1.0);

        using var resampled = voice.Process(p => p.Resample(44_100), cancellationToken: Ct);

        Assert.Equal(44_100, resampled.SampleRate);
        Assert.Equal(44_100, resampled.Frames, 1.0);
    }

    [Fact]
    public void Empty_chain_returns_a_copy_not_the_input()
    {
        using var voice = NoisyTone(0.1);

        using var copy = voice.Process(_ => { }, cancellationToken: Ct);

        Assert.NotSame(voice, copy);
        Assert.True(voice.Data.SequenceEqual(copy.Data));
    }

    [Fact]
    public void Progress_names_each_step_in_order_and_cancellation_stops_before_the_first()
    {
        using var voice = NoisyTone(0.2);
        var stages = new List<string>();

        using (voice.Process(p => p.Gain(-1).Then("invert", (x, ct) => x.Process(q => q.Gain(0), cancellationToken: ct)), new Collect(stages), Ct))
        {
        }
        Assert.Equal(["gain", "invert", "done"], stages);

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => voice.Process(p => p.Gain(-1), cancellationToken: cancelled.Token));
    }

    [Fact]
    public void A_custom_step_that_returns_null_is_reported_by_name()
    {
        using var voice = NoisyTone(0.1);

        var error = Assert.Throws<InvalidOperationException>(() => voice.Process(p => p.Then("broken", (_, _) => null!), cancellationToken: Ct));

        Assert.Contains("broken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_settings_are_refused_when_the_chain_is_built()
    {
        using var voice = NoisyTone(0.1);

        Assert.Throws<ArgumentOutOfRangeException>(() => voice.Process(p => p.Gain(double.NaN), cancellationToken: Ct));
        Assert.Throws<ArgumentOutOfRangeException>(() => voice.Process(p => p.Resample(0), cancellationToken: Ct));
    }

    private sealed class Collect(List<string> stages) : IProgress<AugmentProgress>
    {
        public void Report(AugmentProgress value) => stages.Add(value.Stage);
    }

    /// <summary>A 220 Hz tone switching on and off every 0.25 s, in white noise 15 dB down.</summary>
    private static AudioBuffer NoisyTone(double seconds)
    {
        var random = new Random(5);
        var buffer = AudioBuffer.Create(1, (int)(seconds * Rate), Rate);
        var x = buffer.Channel(0);
        for (var n = 0; n < x.Length; n++)
        {
            var on = (n / (Rate / 4)) % 2 == 0 ? 1.0 : 0.0;
            x[n] = (float)((0.3 * on * Math.Sin(2 * Math.PI * 220 * n / Rate)) + (0.03 * (random.NextDouble() - 0.5)));
        }
        return buffer;
    }

    private static AudioBuffer Room(double rt60)
    {
        var random = new Random(9);
        var buffer = AudioBuffer.Create(1, (int)(rt60 * Rate), Rate);
        var ir = buffer.Channel(0);
        ir[0] = 1;
        for (var n = 1; n < ir.Length; n++)
            ir[n] = (float)(0.1 * (random.NextDouble() - 0.5) * Math.Exp(-6.91 * n / (rt60 * Rate)));
        return buffer;
    }
}
