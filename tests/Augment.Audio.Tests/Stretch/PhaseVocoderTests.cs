namespace Augment.Audio.Tests.Stretch;

public sealed class PhaseVocoderTests
{
    private const int Rate = 16000;

    private static void Log(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    [Theory]
    [InlineData(0.25)]
    [InlineData(0.7)]
    [InlineData(1.5)]
    [InlineData(2.37)]
    [InlineData(4.0)]
    public void Stretch_of_a_sine_keeps_its_frequency_within_one_cent_and_scales_duration_exactly(double factor)
    {
        const double hz = 441.3;
        using var input = StretchSignals.Mono(StretchSignals.Sine(Rate, Rate, hz), Rate);
        using var output = new PhaseVocoder().Stretch(input, factor, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal((int)Math.Round(Rate * factor, MidpointRounding.AwayFromZero), output.Frames);
        Assert.Equal(Rate, output.SampleRate);
        // Measure away from the ends, where the frames ran into the edges of the signal.
        var middle = output.Channel(0)[(output.Frames / 8)..(output.Frames * 7 / 8)];
        var measured = StretchSignals.PeakHz(middle, Rate, hz * 0.9, hz * 1.1);
        Log($"factor {factor}: {measured:0.000} Hz, {StretchSignals.Cents(measured, hz):+0.000;-0.000} cents");
        Assert.InRange(StretchSignals.Cents(measured, hz), -1, 1);
    }

    [Theory]
    [InlineData(-7)]
    [InlineData(3)]
    [InlineData(12)]
    public void Pitch_shift_of_a_harmonic_tone_moves_f0_by_the_semitones_within_five_cents(double semitones)
    {
        const double f0 = 196;
        using var input = StretchSignals.Mono(StretchSignals.HarmonicTone(Rate, Rate, f0), Rate);
        using var output = new PhaseVocoder().ShiftPitch(input, semitones, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(input.Frames, output.Frames);
        var expected = f0 * Math.Pow(2, semitones / 12);
        var middle = output.Channel(0)[(output.Frames / 8)..(output.Frames * 7 / 8)];
        var measured = StretchSignals.PeakHz(middle, Rate, expected * 0.85, expected * 1.15);
        Log($"{semitones:+0;-0} st: f0 {measured:0.000} Hz (expected {expected:0.000}), {StretchSignals.Cents(measured, expected):+0.00;-0.00} cents");
        Assert.InRange(StretchSignals.Cents(measured, expected), -5, 5);
    }

    [Theory]
    [InlineData(-5, false)]
    [InlineData(4, true)]
    public void Pitch_shift_measured_by_the_pYIN_tracker_is_within_five_cents(double semitones, bool preserveFormants)
    {
        const double f0 = 150;
        using var input = StretchSignals.Mono(StretchSignals.Vowel(Rate, Rate, f0, [700, 1220, 2600], [90, 100, 140]), Rate);
        var ct = TestContext.Current.CancellationToken;
        using var output = new PhaseVocoder(new PhaseVocoderOptions { PreserveFormants = preserveFormants }).ShiftPitch(input, semitones, cancellationToken: ct);
        var before = new PitchTracker().Track(input, cancellationToken: ct).MedianFrequencyHz;
        var after = new PitchTracker().Track(output, cancellationToken: ct).MedianFrequencyHz;
        var measured = PitchMath.CentsBetween(before, after);
        Log($"{semitones:+0;-0} st (formants kept: {preserveFormants}): tracker median f0 {before:0.000} -> {after:0.000} Hz, {measured:0.00} cents (expected {semitones * 100})");
        Assert.InRange(measured - (semitones * 100), -5, 5);
    }

    [Fact]
    public void Formant_preservation_keeps_the_envelope_peaks_while_plain_shifting_moves_them_by_the_ratio()
    {
        double[] formants = [700, 1220, 2600];
        double[] bandwidths = [90, 100, 140];
        var vowel = StretchSignals.Vowel(Rate, Rate, 100, formants, bandwidths);
        using var input = StretchSignals.Mono(vowel, Rate);
        const double semitones = 4;
        var ratio = Math.Pow(2, semitones / 12);
        var ct = TestContext.Current.CancellationToken;
        using var kept = new PhaseVocoder(new PhaseVocoderOptions { PreserveFormants = true }).ShiftPitch(input, semitones, cancellationToken: ct);
        using var moved = new PhaseVocoder().ShiftPitch(input, semitones, cancellationToken: ct);

        // The analytic ideal of a formant-preserving shift is the same vowel sung at f0·ratio: its LPC
        // estimate carries the same pull towards the nearest harmonics as the shifted one's.
        using var ideal = StretchSignals.Mono(StretchSignals.Vowel(Rate, Rate, 100 * ratio, formants, bandwidths), Rate);
        var original = Measure(input);
        var expectedKept = Measure(ideal);
        var withPreservation = Measure(kept);
        var without = Measure(moved);
        Log($"LPC formants: input {string.Join(", ", original)}; ideal at f0·r {string.Join(", ", expectedKept)}; preserved {string.Join(", ", withPreservation)}; plain {string.Join(", ", without)}");
        for (var i = 0; i < 2; i++)
        {
            var keptHz = Nearest(withPreservation, expectedKept[i]);
            var movedHz = Nearest(without, original[i] * ratio);
            Log($"F{i + 1}: preserved/ideal {keptHz / expectedKept[i]:0.000}, plain/(input·ratio) {movedHz / (original[i] * ratio):0.000}, plain/ideal {movedHz / expectedKept[i]:0.000}");
            Assert.InRange(keptHz / expectedKept[i], 0.96, 1.04);
            Assert.InRange(movedHz / (original[i] * ratio), 0.96, 1.04);
        }

        static List<double> Measure(AudioBuffer buffer) =>
            StretchSignals.Formants(buffer.Channel(0)[(buffer.Frames / 8)..(buffer.Frames * 7 / 8)], Rate, 12, 3500);

        static double Nearest(List<double> values, double target)
        {
            var best = double.NaN;
            foreach (var v in values)
                if (double.IsNaN(best) || Math.Abs(v - target) < Math.Abs(best - target)) best = v;
            return best;
        }
    }

    [Fact]
    public void Phase_locking_brings_a_stretched_vibrato_tone_closer_to_the_analytic_ideal()
    {
        // A harmonic tone with 5 Hz, ±4% vibrato, stretched 1.5×: ideally the same tone with the vibrato
        // at 5/1.5 Hz. Spectral convergence ‖|Y| − |Y_ideal|‖/‖|Y_ideal|‖ over the STFT measures how far
        // each result is from it; unlocked phases smear partials across bins ("phasiness").
        const double factor = 1.5, f0 = 220, depth = 0.04, rate = 5;
        var frames = Rate;
        using var input = StretchSignals.Mono(Vibrato(frames, f0, depth, rate), Rate);
        var ideal = Vibrato((int)Math.Round(frames * factor), f0, depth, rate / factor);
        var ct = TestContext.Current.CancellationToken;
        using var locked = new PhaseVocoder(new PhaseVocoderOptions { PhaseLocking = PhaseLocking.Identity }).Stretch(input, factor, cancellationToken: ct);
        using var loose = new PhaseVocoder(new PhaseVocoderOptions { PhaseLocking = PhaseLocking.None }).Stretch(input, factor, cancellationToken: ct);
        var lockedError = SpectralConvergence(locked.Channel(0).ToArray(), ideal);
        var looseError = SpectralConvergence(loose.Channel(0).ToArray(), ideal);
        Log($"spectral convergence vs ideal: identity locking {lockedError:0.0000}, no locking {looseError:0.0000}");
        Assert.True(lockedError < looseError * 0.9, $"locking {lockedError:0.0000} vs none {looseError:0.0000}");
    }

    [Fact]
    public void Stereo_stretch_keeps_the_interchannel_level_and_delay()
    {
        const int delay = 12;
        var left = StretchSignals.HarmonicTone(Rate, Rate, 150);
        using var input = AudioBuffer.Create(2, Rate, Rate);
        left.CopyTo(input.Channel(0));
        for (var i = delay; i < Rate; i++) input.Channel(1)[i] = 0.5f * left[i - delay];
        using var output = new PhaseVocoder().Stretch(input, 1.3, cancellationToken: TestContext.Current.CancellationToken);
        var l = output.Channel(0)[(output.Frames / 8)..(output.Frames * 7 / 8)].ToArray();
        var r = output.Channel(1)[(output.Frames / 8)..(output.Frames * 7 / 8)].ToArray();
        var bestLag = 0;
        var best = double.MinValue;
        for (var lag = -40; lag <= 40; lag++)
        {
            double sum = 0;
            for (var i = 50; i < l.Length - 50; i++) sum += l[i] * r[i + lag];
            if (sum > best) { best = sum; bestLag = lag; }
        }
        var levelDb = 20 * Math.Log10(Rms(r) / Rms(l));
        Log($"lag {bestLag}, level {levelDb:0.00} dB");
        Assert.InRange(bestLag, delay - 1, delay + 1);
        Assert.InRange(levelDb, -6.02 - 0.3, -6.02 + 0.3);
    }

    [Fact]
    public void Identity_stretch_reproduces_the_input()
    {
        var x = StretchSignals.HarmonicTone(Rate / 2, Rate, 233);
        using var input = StretchSignals.Mono(x, Rate);
        using var output = new PhaseVocoder().Stretch(input, 1.0, cancellationToken: TestContext.Current.CancellationToken);
        var worst = 0.0;
        for (var i = 0; i < x.Length; i++) worst = Math.Max(worst, Math.Abs(output.Channel(0)[i] - x[i]));
        Assert.True(worst < 1e-4, $"max error {worst}");
    }

    [Fact]
    public void Bad_arguments_are_refused_with_the_numbers()
    {
        using var input = AudioBuffer.Create(1, 1000, Rate);
        var vocoder = new PhaseVocoder();
        Assert.Contains("0.25", Assert.Throws<ArgumentOutOfRangeException>(() => vocoder.Stretch(input, 0.1, cancellationToken: TestContext.Current.CancellationToken)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => vocoder.Stretch(input, double.NaN, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentOutOfRangeException>(() => vocoder.ShiftPitch(input, 25, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PhaseVocoder(new PhaseVocoderOptions { Overlap = 3 }));
        using var empty = AudioBuffer.Create(1, 0, Rate);
        using var none = vocoder.Stretch(empty, 2, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(0, none.Frames);
    }

    [Fact]
    public void Cancellation_stops_the_stretch()
    {
        using var input = StretchSignals.Mono(StretchSignals.Sine(Rate, Rate, 300), Rate);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => new PhaseVocoder().Stretch(input, 2, cancellationToken: cts.Token));
    }

    internal static float[] Vibrato(int frames, double f0, double depth, double rateHz)
    {
        var x = new float[frames];
        double phase = 0;
        for (var i = 0; i < frames; i++)
        {
            var f = f0 * (1 + (depth * Math.Sin(2 * Math.PI * rateHz * i / Rate)));
            double v = 0;
            for (var k = 1; k <= 6; k++) v += Math.Sin(k * phase) / k;
            x[i] = (float)(0.3 * v);
            phase += 2 * Math.PI * f / Rate;
        }
        return x;
    }

    private static double SpectralConvergence(float[] y, float[] ideal)
    {
        var stft = new Stft(new StftOptions { FftLength = 1024, HopLength = 256 });
        var n = Math.Min(y.Length, ideal.Length);
        var frames = stft.FrameCount(n);
        var bins = stft.BinCount;
        float[] yr = new float[frames * bins], yi = new float[frames * bins], ir = new float[frames * bins], ii = new float[frames * bins];
        stft.Forward(y.AsSpan(0, n), yr, yi);
        stft.Forward(ideal.AsSpan(0, n), ir, ii);
        double difference = 0, total = 0;
        // Skip the first and last quarter second (edge frames).
        for (var f = frames / 8; f < frames * 7 / 8; f++)
        {
            for (var b = 0; b < bins; b++)
            {
                var i = (f * bins) + b;
                var my = Math.Sqrt((yr[i] * yr[i]) + (yi[i] * yi[i]));
                var mi = Math.Sqrt((ir[i] * ir[i]) + (ii[i] * ii[i]));
                difference += (my - mi) * (my - mi);
                total += mi * mi;
            }
        }
        return Math.Sqrt(difference / total);
    }

    private static double Rms(float[] x)
    {
        double s = 0;
        foreach (var v in x) s += v * v;
        return Math.Sqrt(s / x.Length);
    }
}
