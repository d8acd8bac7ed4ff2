using Augment.Provenance.Watermarks;

namespace Augment.Provenance.Tests.Watermarks;

/// <summary>Embed, attack (in memory), detect on generated music-like and speech-like sound.</summary>
public sealed class AudioWatermarkTests
{
    private static readonly WatermarkPayload Payload = new(0x0123456789ABCDEFUL);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<string, int, int> Signals => new()
    {
        { "music", 48_000, 2 },
        { "speech", 48_000, 1 },
        { "speech", 44_100, 2 },
        { "music", 16_000, 1 },
    };

    internal static AudioBuffer Make(string kind, double seconds, int sampleRate, int channels, int seed) => kind switch
    {
        "music" => AudioWatermarkSignals.Music(seconds, sampleRate, channels, seed),
        "speech" => AudioWatermarkSignals.Speech(seconds, sampleRate, channels, seed),
        _ => AudioWatermarkSignals.Noise(seconds, sampleRate, channels, seed),
    };

    [Theory]
    [MemberData(nameof(Signals))]
    public void Payload_is_recovered_from_the_unchanged_marked_audio(string kind, int sampleRate, int channels)
    {
        using var original = Make(kind, 20, sampleRate, channels, seed: 1);
        using var marked = AudioWatermark.Embed(original, Payload);

        var detection = AudioWatermark.Detect(marked, null, Token);

        Assert.True(detection.Found, detection.ToString());
        Assert.Equal(Payload, detection.Payload);
        Assert.Equal(1, detection.ScaleRatio);
        Assert.True(detection.BitConfidence > 0.85, detection.ToString());
    }

    [Theory]
    [InlineData("music")]
    [InlineData("speech")]
    public void Embedding_snr_is_at_least_25_dB(string kind)
    {
        using var original = Make(kind, 20, 48_000, 2, seed: 3);
        using var marked = AudioWatermark.Embed(original, Payload);

        var snr = AudioWatermarkSignals.SnrDb(original, marked);

        TestContext.Current.TestOutputHelper?.WriteLine($"{kind}: SNR {snr:F1} dB");
        Assert.True(snr >= 25, $"SNR {snr:F2} dB");
        Assert.True(snr < 40, $"SNR {snr:F2} dB: the mark is suspiciously weak");
    }

    [Fact]
    public void Embedding_leaves_sound_outside_the_marked_band_unchanged()
    {
        // 200 Hz and 9 kHz tones: no energy between 1 and 6 kHz, so a magnitude-relative mark adds (almost) nothing.
        using var tones = AudioBuffer.Create(1, 10 * 48_000, 48_000);
        var samples = tones.Channel(0);
        for (var n = 0; n < samples.Length; n++)
            samples[n] = (float)((0.4 * Math.Sin(2 * Math.PI * 200 * n / 48_000.0)) + (0.1 * Math.Sin(2 * Math.PI * 9_000 * n / 48_000.0)));

        using var marked = AudioWatermark.Embed(tones, Payload);

        Assert.True(AudioWatermarkSignals.SnrDb(tones, marked) > 60);
    }

    [Fact]
    public void Every_channel_carries_the_mark_on_its_own()
    {
        using var original = Make("music", 20, 48_000, 2, seed: 4);
        using var marked = AudioWatermark.Embed(original, Payload);

        for (var c = 0; c < 2; c++)
        {
            using var single = AudioBuffer.Create(1, marked.Frames, marked.SampleRate);
            marked.Channel(c).CopyTo(single.Channel(0));
            var detection = AudioWatermark.Detect(single, null, Token);
            Assert.True(detection.Found, $"channel {c}: {detection}");
            Assert.Equal(Payload, detection.Payload);
        }
    }

    [Theory]
    [InlineData(-10.0)]
    [InlineData(10.0)]
    public void Payload_survives_a_gain_change(double gainDb)
    {
        using var original = Make("music", 20, 48_000, 2, seed: 1);
        using var marked = AudioWatermark.Embed(original, Payload);
        using var louder = AudioWatermarkSignals.Gain(marked, gainDb);

        var detection = AudioWatermark.Detect(louder, null, Token);

        Assert.Equal(Payload, detection.Payload);
    }

    [Theory]
    [InlineData("music", 161_803)]
    [InlineData("speech", 7)]
    [InlineData("speech", 333_333)]
    public void Payload_is_recovered_from_a_10_second_excerpt_starting_anywhere(string kind, int start)
    {
        using var original = Make(kind, 20, 48_000, 2, seed: 1);
        using var marked = AudioWatermark.Embed(original, Payload);
        using var excerpt = AudioWatermarkSignals.Crop(marked, start, 10 * 48_000);

        var detection = AudioWatermark.Detect(excerpt, null, Token);

        Assert.True(detection.Found, detection.ToString());
        Assert.Equal(Payload, detection.Payload);
    }

    [Fact]
    public void A_nan_sample_stays_where_it_was_and_the_rest_is_still_marked()
    {
        using var original = Make("speech", 20, 48_000, 1, seed: 1);
        original.Channel(0)[100_000] = float.NaN;

        using var marked = AudioWatermark.Embed(original, Payload);
        var detection = AudioWatermark.Detect(marked, null, Token);

        var nonFinite = 0;
        foreach (var sample in marked.Channel(0))
        {
            if (!float.IsFinite(sample))
                nonFinite++;
        }
        Assert.Equal(1, nonFinite);
        Assert.True(float.IsNaN(marked.Channel(0)[100_000]));
        Assert.Equal(Payload, detection.Payload);
    }

    [Fact]
    public void Detector_with_another_key_finds_nothing()
    {
        using var original = Make("speech", 20, 48_000, 1, seed: 1);
        using var marked = AudioWatermark.Embed(original, Payload, new AudioWatermarkOptions { Key = 42 });

        var own = AudioWatermark.Detect(marked, new AudioWatermarkOptions { Key = 42 }, Token);
        var other = AudioWatermark.Detect(marked, new AudioWatermarkOptions { Key = 43 }, Token);

        Assert.Equal(Payload, own.Payload);
        Assert.False(other.Found, other.ToString());
        Assert.Null(other.Payload);
    }

    [Fact]
    public void Unmarked_audio_never_yields_a_payload()
    {
        // 3 kinds x 8 seeds x 2 rates; a false positive needs a pilot z of 4.5 and a CRC-16 match at once.
        var worst = 0.0;
        for (var seed = 0; seed < 8; seed++)
        {
            foreach (var kind in (string[])["music", "speech", "noise"])
            {
                foreach (var rate in (int[])[44_100, 48_000])
                {
                    using var audio = Make(kind, 12, rate, 1, seed + 100);
                    var detection = AudioWatermark.Detect(audio, null, Token);
                    Assert.False(detection.Found, $"{kind} seed {seed} at {rate} Hz: {detection}");
                    worst = Math.Max(worst, detection.SyncScore);
                }
            }
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"highest pilot z on unmarked audio: {worst:F2}");
        Assert.True(worst < 4.5, $"highest unmarked sync score {worst:F2}");
    }

    [Fact]
    public void Marked_audio_shorter_than_one_block_is_not_found_and_too_short_audio_cannot_be_marked()
    {
        using var original = Make("music", 20, 48_000, 1, seed: 1);
        using var marked = AudioWatermark.Embed(original, Payload);
        using var excerpt = AudioWatermarkSignals.Crop(marked, 0, 5 * 48_000);
        using var tooShort = Make("music", 5, 48_000, 1, seed: 1);

        Assert.False(AudioWatermark.Detect(excerpt, null, Token).Found);
        var error = Assert.Throws<ArgumentException>(() => AudioWatermark.Embed(tooShort, Payload));
        Assert.Equal("audio", error.ParamName);
    }

    [Fact]
    public void Audio_below_16_kHz_is_rejected_naming_the_parameter()
    {
        using var low = Make("speech", 12, 8_000, 1, seed: 1);

        Assert.Equal("audio", Assert.Throws<ArgumentException>(() => AudioWatermark.Embed(low, Payload)).ParamName);
        Assert.Equal("audio", Assert.Throws<ArgumentException>(() => AudioWatermark.Detect(low, null, Token)).ParamName);
    }

    [Fact]
    public void Minimum_duration_is_one_block_plus_a_window_and_holds_at_least_32_bits_per_10_seconds()
    {
        Assert.Equal(8.0, AudioWatermark.BlockDuration.TotalSeconds, 6);
        Assert.Equal(8.04, AudioWatermark.MinimumDuration.TotalSeconds, 6);
        Assert.True(WatermarkPayload.Bits * (10 / AudioWatermark.BlockDuration.TotalSeconds) >= 32);
        Assert.Equal("io.augment.watermark.audio.1", AudioWatermark.AlgorithmName);
    }

    [Fact]
    public void Strength_outside_minus_40_to_minus_6_dB_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AudioWatermarkOptions { StrengthDb = -3 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new AudioWatermarkOptions { StrengthDb = -41 });
    }

    [Fact]
    public void Band_powers_match_the_scalar_reference()
    {
        var random = new Random(5);
        var real = new float[961];
        var imag = new float[961];
        for (var i = 0; i < real.Length; i++)
        {
            real[i] = (float)((random.NextDouble() * 2) - 1) * 100;
            imag[i] = (float)((random.NextDouble() * 2) - 1) * 100;
        }
        var grid = new AudioWatermarkGrid(48_000);
        var fast = new float[AudioWatermarkLayout.Bands];
        var reference = new float[AudioWatermarkLayout.Bands];

        AudioWatermarkKernels.BandPowers(real, imag, grid.BandEdges, fast);
        AudioWatermarkKernels.BandPowersScalar(real, imag, grid.BandEdges, reference);

        for (var b = 0; b < fast.Length; b++)
            Assert.Equal(reference[b], fast[b], reference[b] * 1e-5f);
    }

    [Fact]
    public void Band_edges_are_the_same_frequencies_at_every_rate()
    {
        foreach (var rate in (int[])[16_000, 22_050, 44_100, 48_000, 96_000])
        {
            var grid = new AudioWatermarkGrid(rate);
            var binHz = (double)rate / grid.WindowLength;
            Assert.Equal(1000, grid.BandEdges[0] * binHz, 25.0);
            Assert.Equal(6000, grid.BandEdges[^1] * binHz, 25.0);
            Assert.Equal(0.02, grid.ExactHop / rate, 9);
        }
    }
}
