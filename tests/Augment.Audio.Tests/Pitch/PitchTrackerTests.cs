namespace Augment.Audio.Tests.Pitch;

public sealed class PitchTrackerTests
{
    [Fact]
    public void Difference_function_through_the_FFT_matches_the_direct_sum()
    {
        var random = new Random(7);
        const int window = 400, lags = 300;
        var frame = new float[window + lags - 1];
        for (var i = 0; i < frame.Length; i++) frame[i] = (random.NextSingle() * 2) - 1;
        var fast = new float[lags];
        var reference = new float[lags];
        var scratch = new float[5 * YinKernels.FftLength(frame.Length)];
        YinKernels.Difference(frame, window, fast, scratch);
        YinKernels.DifferenceReference(frame, window, reference);
        for (var tau = 1; tau < lags; tau++)
            Assert.True(Math.Abs(fast[tau] - reference[tau]) <= 1e-3 * (1 + reference[tau]), $"d({tau}) = {fast[tau]} vs {reference[tau]}");
    }

    [Fact]
    public void Cumulative_mean_normalised_difference_of_a_hand_computed_case()
    {
        // d = [0, 2, 4, 0.6]: d'(1) = 2·1/2 = 1, d'(2) = 4·2/6 = 4/3, d'(3) = 0.6·3/6.6.
        var normalized = new float[4];
        YinKernels.CumulativeMeanNormalize([0f, 2f, 4f, 0.6f], normalized);
        Assert.Equal(1f, normalized[0]);
        Assert.Equal(1f, normalized[1], 6);
        Assert.Equal(4f / 3f, normalized[2], 6);
        Assert.Equal(0.6f * 3 / 6.6f, normalized[3], 6);
    }

    [Fact]
    public void Parabolic_interpolation_finds_the_vertex_of_a_parabola()
    {
        // (x − 5.3)² sampled at 4, 5, 6: vertex at 5.3, value 0.
        float[] values = [0, 0, 0, 0, 1.69f, 0.09f, 0.49f, 0];
        var (lag, value) = YinKernels.Parabolic(values, 5);
        Assert.Equal(5.3, lag, 4);
        Assert.Equal(0, value, 4);
    }

    public static TheoryData<PitchMethod, int, double, double, int> SweepCases => new()
    {
        { PitchMethod.Yin, 16000, 80, 600, 1 },
        { PitchMethod.PYin, 16000, 80, 600, 1 },
        { PitchMethod.Yin, 16000, 600, 90, 5 },
        { PitchMethod.PYin, 16000, 600, 90, 5 },
        { PitchMethod.Yin, 44100, 90, 800, 5 },
        { PitchMethod.PYin, 44100, 90, 800, 1 },
    };

    [Theory]
    [MemberData(nameof(SweepCases))]
    public void Sweeps_have_under_2_percent_gross_and_10_cents_fine_error(PitchMethod method, int sampleRate, double fromHz, double toHz, int harmonics)
    {
        const double seconds = 1.5;
        var signal = VoiceSignals.Sweep(fromHz, toHz, sampleRate, seconds, harmonics);
        var options = new PitchTrackerOptions { Method = method };
        var track = new PitchTracker(options).Track(signal, sampleRate, TestContext.Current.CancellationToken);
        var (gross, fine, frames) = VoiceSignals.Score(track, t => VoiceSignals.SweepHz(fromHz, toHz, seconds, t), seconds, options);
        Assert.True(frames > 100, $"{frames} frames scored");
        Assert.True(gross < 0.02, $"gross pitch error {gross:P2}");
        Assert.True(fine < 10, $"fine error {fine:0.00} cents");
    }

    public static TheoryData<PitchMethod, int, char, double> VowelCases()
    {
        var data = new TheoryData<PitchMethod, int, char, double>();
        foreach (var method in new[] { PitchMethod.Yin, PitchMethod.PYin })
            foreach (var rate in new[] { 16000, 44100 })
                foreach (var (vowel, f0) in new[] { ('a', 110.0), ('i', 220.0), ('u', 150.0), ('a', 300.0) })
                    data.Add(method, rate, vowel, f0);
        return data;
    }

    [Theory]
    [MemberData(nameof(VowelCases))]
    public void Synthetic_vowels_with_vibrato_have_under_2_percent_gross_and_10_cents_fine_error(PitchMethod method, int sampleRate, char vowel, double f0)
    {
        const double seconds = 1.0;
        var signal = VoiceSignals.Vowel(vowel, f0, sampleRate, seconds);
        var options = new PitchTrackerOptions { Method = method };
        var track = new PitchTracker(options).Track(signal, sampleRate, TestContext.Current.CancellationToken);
        var (gross, fine, frames) = VoiceSignals.Score(track, t => VoiceSignals.VibratoHz(f0, 30, 5.5, t), seconds, options);
        Assert.True(frames > 50, $"{frames} frames scored");
        Assert.True(gross < 0.02, $"/{vowel}/ at {f0} Hz: gross pitch error {gross:P2}");
        Assert.True(fine < 10, $"/{vowel}/ at {f0} Hz: fine error {fine:0.00} cents");
    }

    [Theory]
    [InlineData(PitchMethod.Yin)]
    [InlineData(PitchMethod.PYin)]
    public void Vowel_is_voiced_while_silence_and_noise_are_not(PitchMethod method)
    {
        const int sr = 16000;
        var vowel = VoiceSignals.Vowel('a', 140, sr, 0.6);
        var noise = new float[(int)(0.6 * sr)];
        var random = new Random(3);
        for (var i = 0; i < noise.Length; i++) noise[i] = 0.2f * ((random.NextSingle() * 2) - 1);
        var signal = new float[vowel.Length + sr / 2 + noise.Length];
        vowel.CopyTo(signal, 0);
        noise.CopyTo(signal, vowel.Length + (sr / 2));
        var track = new PitchTracker(new PitchTrackerOptions { Method = method }).Track(signal, sr, TestContext.Current.CancellationToken);

        double Voiced(double from, double to)
        {
            int voiced = 0, total = 0;
            for (var i = 0; i < track.Count; i++)
            {
                var t = track.TimesSeconds[i];
                if (t < from || t > to) continue;
                total++;
                if (track.IsVoiced(i)) voiced++;
            }
            return voiced / (double)total;
        }
        Assert.True(Voiced(0.05, 0.55) > 0.95, $"vowel voiced {Voiced(0.05, 0.55):P0}");
        Assert.Equal(0, Voiced(0.7, 1.0));
        Assert.True(Voiced(1.2, 1.65) < 0.05, $"noise voiced {Voiced(1.2, 1.65):P0}");
        Assert.Equal(140, track.MedianFrequencyHz, 140 * 0.01);
    }

    [Theory]
    [InlineData(PitchMethod.Yin)]
    [InlineData(PitchMethod.PYin)]
    public void Streaming_in_odd_blocks_gives_the_same_track_as_one_call(PitchMethod method)
    {
        const int sr = 16000;
        var signal = VoiceSignals.Vowel('i', 180, sr, 8.0, vibratoCents: 80);
        var tracker = new PitchTracker(new PitchTrackerOptions { Method = method, Budget = ComputeBudget.SingleThreaded });
        var whole = tracker.Track(signal, sr, TestContext.Current.CancellationToken);
        using var buffer = AudioBuffer.Create(2, signal.Length, sr);
        signal.CopyTo(buffer.Channel(0));
        signal.CopyTo(buffer.Channel(1));
        using var source = new AudioBufferSource(buffer);
        var streamed = new PitchTracker(tracker.Options with { Budget = null }).Track(source, null, TestContext.Current.CancellationToken);
        Assert.Equal(whole.Count, streamed.Count);
        Assert.Equal((signal.Length + 159) / 160, whole.Count);
        for (var i = 0; i < whole.Count; i++)
        {
            Assert.Equal(whole.FrequenciesHz[i], streamed.FrequenciesHz[i], 3);
            Assert.Equal(whole.VoicingProbabilities[i], streamed.VoicingProbabilities[i], 3);
        }
    }

    [Fact]
    public void Helpers_convert_hertz_cents_and_note_names()
    {
        Assert.Equal(1200, PitchMath.CentsBetween(440, 880), 9);
        Assert.Equal(-100, PitchMath.CentsBetween(440, 440 / Math.Pow(2, 1 / 12.0)), 9);
        Assert.Equal("A4", PitchMath.NoteName(440));
        Assert.Equal("C4", PitchMath.NoteName(261.6256));
        Assert.Equal("A4 +10c", PitchMath.NoteName(440 * Math.Pow(2, 10 / 1200.0)));
        Assert.Equal(60, PitchMath.HzToMidi(261.6256), 4);
        Assert.Equal(string.Empty, PitchMath.NoteName(double.NaN));
    }

    [Fact]
    public void Frequency_at_a_time_interpolates_between_voiced_frames()
    {
        const int sr = 16000;
        var signal = VoiceSignals.Sweep(100, 200, sr, 1.0);
        var track = new PitchTracker(new PitchTrackerOptions { Method = PitchMethod.Yin }).Track(signal, sr, TestContext.Current.CancellationToken);
        var between = track.FrequencyAt(TimeSpan.FromSeconds(0.505));
        double a = track.FrequenciesHz[50], b = track.FrequenciesHz[51];
        Assert.Equal(Math.Sqrt(a * b), between, 6);
        Assert.Equal(50, track.FrameAt(TimeSpan.FromSeconds(0.5)));
        var cents = track.ToCents(100);
        Assert.Equal(PitchMath.CentsBetween(100, track.FrequenciesHz[50]), cents[50], 9);
    }

    [Fact]
    public void Bad_settings_are_rejected_with_the_numbers()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PitchTracker(new PitchTrackerOptions { MinFrequencyHz = 300, MaxFrequencyHz = 200 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PitchTracker(new PitchTrackerOptions { Threshold = 0 }));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new PitchTracker(new PitchTrackerOptions { MaxFrequencyHz = 3000 }).Track(new float[1000], 8000, TestContext.Current.CancellationToken));
        Assert.Contains("3000", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Silence_and_empty_input_give_unvoiced_or_no_frames()
    {
        var tracker = new PitchTracker();
        var empty = tracker.Track(ReadOnlySpan<float>.Empty, 16000, TestContext.Current.CancellationToken);
        Assert.Equal(0, empty.Count);
        Assert.True(double.IsNaN(empty.MedianFrequencyHz));
        var silent = tracker.Track(new float[16000], 16000, TestContext.Current.CancellationToken);
        Assert.Equal(100, silent.Count);
        Assert.Equal(0, silent.VoicedCount);
    }
}

public sealed class PyinKernelsTests
{
    [Theory]
    [InlineData(487, 20)]
    [InlineData(37, 5)]
    [InlineData(9, 12)]
    public void Simd_max_plus_step_equals_the_scalar_reference(int bins, int half)
    {
        var random = new Random(bins);
        var shifted = new float[bins];
        for (var i = 0; i < bins; i++) shifted[i] = random.Next(4) == 0 ? -80f : -10 * random.NextSingle();
        var weights = new float[half + 1];
        for (var k = 0; k <= half; k++) weights[k] = MathF.Log(half + 1 - k);
        half = Math.Min(half, bins - 1);
        float[] fast = new float[bins], reference = new float[bins];
        int[] fastSource = new int[bins], referenceSource = new int[bins];
        PyinKernels.MaxPlus(shifted, weights, half, fast, fastSource);
        PyinKernels.MaxPlusReference(shifted, weights, half, reference, referenceSource);
        Assert.Equal(reference, fast);
        Assert.Equal(referenceSource, fastSource);
    }
}
