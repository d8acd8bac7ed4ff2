using Augment.Audio.Tests.Pitch;

namespace Augment.Audio.Tests.Psola;

public sealed class PsolaTests
{
    private const int Rate = 16000;

    private static AudioBuffer Vowel(char vowel, double f0, double seconds = 0.8, double vibratoCents = 0)
    {
        var samples = VoiceSignals.Vowel(vowel, f0, Rate, seconds, vibratoCents);
        var buffer = AudioBuffer.Create(1, samples.Length, Rate);
        samples.CopyTo(buffer.Channel(0));
        return buffer;
    }

    /// <summary>Median f0 over the voiced frames at least 100 ms away from either end.</summary>
    private static double MeasuredF0(AudioBuffer audio)
    {
        var track = new PitchTracker().Track(audio, null, TestContext.Current.CancellationToken);
        var values = new List<double>();
        for (var i = 0; i < track.Count; i++)
        {
            var t = track.TimesSeconds[i];
            if (t < 0.1 || t > track.Duration.TotalSeconds - 0.1 || !track.IsVoiced(i)) continue;
            values.Add(track.FrequenciesHz[i]);
        }
        Assert.True(values.Count > 20, $"only {values.Count} voiced frames");
        values.Sort();
        return values[values.Count / 2];
    }

    public static TheoryData<char, double, double> ShiftCases()
    {
        var data = new TheoryData<char, double, double>();
        foreach (var semitones in new[] { -5.0, 3.0, 7.0 })
            foreach (var (vowel, f0) in new[] { ('a', 120.0), ('i', 200.0), ('u', 150.0) })
                data.Add(vowel, f0, semitones);
        return data;
    }

    [Theory]
    [MemberData(nameof(ShiftCases))]
    public void Pitch_shift_by_N_semitones_measures_within_5_cents(char vowel, double f0, double semitones)
    {
        using var input = Vowel(vowel, f0);
        using var output = global::Augment.Audio.Psola.PitchShift(input, semitones, TestContext.Current.CancellationToken);
        Assert.Equal(input.Frames, output.Frames);
        var expected = f0 * Math.Pow(2, semitones / 12);
        var cents = PitchMath.CentsBetween(expected, MeasuredF0(output));
        Assert.True(Math.Abs(cents) < 5, $"/{vowel}/ {f0} Hz shifted {semitones} st: {cents:0.00} cents from {expected:0.00} Hz");
    }

    [Theory]
    [InlineData('a', -5.0)]
    [InlineData('a', 7.0)]
    [InlineData('i', 3.0)]
    [InlineData('u', 7.0)]
    public void Pitch_shift_keeps_the_formant_peaks_within_5_percent(char vowel, double semitones)
    {
        using var input = Vowel(vowel, 110, 1.0, vibratoCents: 40);
        using var output = global::Augment.Audio.Psola.PitchShift(input, semitones, TestContext.Current.CancellationToken);
        var before = FormantEstimate.LpcCoefficients(input.Channel(0)[1600..^1600], 14);
        var after = FormantEstimate.LpcCoefficients(output.Channel(0)[1600..^1600], 14);
        var (f1, f2, f3) = VoiceSignals.Formants(vowel);
        var shiftedF0 = 110 * Math.Pow(2, semitones / 12);
        foreach (var nominal in new[] { f1, f2, f3 })
        {
            // An LPC envelope cannot place a formant that lies below the third harmonic: it locks onto a harmonic
            // (/u/'s F1 at 300 Hz under a 165 Hz voice reads as its 330 Hz harmonic), so such peaks are not compared.
            if (nominal < 3 * shiftedF0) continue;
            var a = FormantEstimate.PeakBetween(before, Rate, nominal * 0.8, nominal * 1.2);
            var b = FormantEstimate.PeakBetween(after, Rate, nominal * 0.8, nominal * 1.2);
            Assert.False(double.IsNaN(a) || double.IsNaN(b), $"no envelope peak near {nominal} Hz ({a}, {b})");
            Assert.True(Math.Abs(b - a) / a < 0.05, $"/{vowel}/ formant near {nominal} Hz moved from {a:0} to {b:0} Hz after {semitones} st");
        }
    }

    [Theory]
    [InlineData(0.75)]
    [InlineData(1.5)]
    [InlineData(2.0)]
    public void Time_stretch_changes_the_duration_by_the_factor_and_keeps_f0(double factor)
    {
        using var input = Vowel('a', 140, 0.8, vibratoCents: 0);
        using var output = global::Augment.Audio.Psola.TimeStretch(input, factor, TestContext.Current.CancellationToken);
        var period = Rate / 140.0;
        Assert.True(Math.Abs(output.Frames - (input.Frames * factor)) <= period, $"{output.Frames} frames for {input.Frames} × {factor}");
        var cents = PitchMath.CentsBetween(MeasuredF0(input), MeasuredF0(output));
        Assert.True(Math.Abs(cents) < 5, $"f0 moved {cents:0.00} cents after stretching by {factor}");
        // The whole output carries the vowel: RMS of its last and first 100 ms is near the input's.
        var inputRms = Rms(input.Channel(0)[1600..^1600]);
        Assert.InRange(Rms(output.Channel(0)[1600..3200]) / inputRms, 0.7, 1.4);
        Assert.InRange(Rms(output.Channel(0)[^3200..^1600]) / inputRms, 0.7, 1.4);
    }

    [Fact]
    public void Unvoiced_noise_is_stretched_by_grain_repetition_at_its_level()
    {
        var random = new Random(5);
        using var input = AudioBuffer.Create(2, Rate, Rate);
        for (var i = 0; i < Rate; i++)
        {
            input.Channel(0)[i] = 0.2f * ((random.NextSingle() * 2) - 1);
            input.Channel(1)[i] = input.Channel(0)[i];
        }
        using var output = global::Augment.Audio.Psola.TimeStretch(input, 1.5, TestContext.Current.CancellationToken);
        Assert.Equal(2, output.Channels);
        Assert.Equal(24000, output.Frames);
        var ratio = Rms(output.Channel(0)[800..^800]) / Rms(input.Channel(0));
        Assert.InRange(ratio, 0.8, 1.2);
        Assert.Equal(output.Channel(0).ToArray(), output.Channel(1).ToArray());
    }

    [Fact]
    public void Bad_settings_are_rejected()
    {
        using var input = AudioBuffer.Create(1, 1000, Rate);
        Assert.Throws<ArgumentOutOfRangeException>(() => global::Augment.Audio.Psola.TimeStretch(input, 5, TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentOutOfRangeException>(() => global::Augment.Audio.Psola.PitchShift(input, 30, TestContext.Current.CancellationToken));
        var track = new PitchTracker().Track(new float[44100], 44100, TestContext.Current.CancellationToken);
        var ex = Assert.Throws<ArgumentException>(() => global::Augment.Audio.Psola.Process(input, PsolaOptions.Default, track, TestContext.Current.CancellationToken));
        Assert.Contains("44100", ex.Message, StringComparison.Ordinal);
    }

    private static double Rms(ReadOnlySpan<float> x)
    {
        double sum = 0;
        foreach (var v in x) sum += v * (double)v;
        return Math.Sqrt(sum / x.Length);
    }
}
