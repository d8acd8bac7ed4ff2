using Augment.Audio.Tests.Stretch;

namespace Augment.Audio.Tests.Voice;

public sealed class VoiceSpliceTests
{
    private const int Rate = 16000;
    private static readonly double[] Formants = [650, 1100, 2500];
    private static readonly double[] Bandwidths = [90, 110, 150];

    private static void Log(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    /// <summary>
    /// Synthetic speech: vowel syllables of 250 ms (30 ms raised-cosine ramps) every 450 ms starting at
    /// 100 ms, at f0 and peak level, plus white Gaussian room noise at noiseDbfs RMS (none when NaN).
    /// </summary>
    internal static float[] Syllables(double seconds, double f0Hz, float peak, double noiseDbfs, int seed)
    {
        var frames = (int)Math.Round(seconds * Rate);
        var voice = StretchSignals.Vowel(frames, Rate, f0Hz, Formants, Bandwidths);
        var x = new float[frames];
        for (var i = 0; i < frames; i++)
        {
            var t = (i / (double)Rate) - 0.1;
            var phase = t - (0.45 * Math.Floor(t / 0.45));
            double envelope = 0;
            if (t >= 0 && phase < 0.25)
                envelope = phase < 0.03 ? 0.5 - (0.5 * Math.Cos(Math.PI * phase / 0.03)) : phase > 0.22 ? 0.5 - (0.5 * Math.Cos(Math.PI * (0.25 - phase) / 0.03)) : 1;
            x[i] = (float)(voice[i] / 0.5 * peak * envelope);
        }
        if (!double.IsNaN(noiseDbfs))
        {
            var random = new Random(seed);
            var sigma = Math.Pow(10, noiseDbfs / 20);
            for (var i = 0; i < frames; i++)
            {
                var u1 = 1 - random.NextDouble();
                var u2 = random.NextDouble();
                x[i] += (float)(sigma * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            }
        }
        return x;
    }

    private static double RmsDb(ReadOnlySpan<float> x)
    {
        double s = 0;
        foreach (var v in x) s += v * (double)v;
        return 10 * Math.Log10(s / x.Length);
    }

    private static ReadOnlySpan<float> Seconds(AudioBuffer buffer, double from, double to) =>
        buffer.Channel(0)[(int)Math.Round(from * Rate)..(int)Math.Round(to * Rate)];

    // The take: 4 s of 120 Hz syllables with −50 dBFS room noise. The range 1.35–2.70 s runs from one
    // pause to another; the insert: 1.30 s of 135 Hz syllables (+2.04 semitones), 10 dB quieter, no noise.
    private static (AudioBuffer Take, AudioBuffer Insert) Fixture()
    {
        var take = StretchSignals.Mono(Syllables(4, 120, 0.5f, -50, 1), Rate);
        var insert = StretchSignals.Mono(Syllables(1.3, 135, 0.16f, double.NaN, 2), Rate);
        return (take, insert);
    }

    [Fact]
    public void Splice_matches_the_takes_pitch_across_the_joins()
    {
        var (take, insert) = Fixture();
        using (take)
        using (insert)
        {
            using var result = new VoiceSplicer().Splice(take, TimeSpan.FromSeconds(1.35), TimeSpan.FromSeconds(2.70), insert, cancellationToken: TestContext.Current.CancellationToken);
            var from = result.InsertStart.TotalSeconds;
            var shiftRest = result.InsertEnd.TotalSeconds - 2.70;
            // Fundamentals measured independently (DTFT peak) over the voiced syllable next to each join.
            var takeBefore = StretchSignals.PeakHz(Seconds(result.Audio, 1.05, 1.22), Rate, 90, 170);
            var insertFirst = StretchSignals.PeakHz(Seconds(result.Audio, from + 0.13, from + 0.32), Rate, 90, 170);
            var insertLast = StretchSignals.PeakHz(Seconds(result.Audio, from + 1.03, from + 1.22), Rate, 90, 170);
            var takeAfter = StretchSignals.PeakHz(Seconds(result.Audio, 2.83 + shiftRest, 3.02 + shiftRest), Rate, 90, 170);
            var rawInsert = StretchSignals.PeakHz(Seconds(insert, 0.13, 0.32), Rate, 90, 170);
            var before = StretchSignals.Cents(rawInsert, takeBefore);
            var left = StretchSignals.Cents(insertFirst, takeBefore);
            var right = StretchSignals.Cents(insertLast, takeAfter);
            Log($"shift {result.PitchShiftSemitones:0.000} st (tracker: take {result.TakeF0BeforeHz:0.0}/{result.TakeF0AfterHz:0.0} Hz, insert {result.InsertF0StartHz:0.0}/{result.InsertF0EndHz:0.0} Hz)");
            Log($"f0 mismatch at the joins: before matching {before:0.0} cents; after: left {left:0.0}, right {right:0.0} cents");
            Assert.True(Math.Abs(before) > 150, $"the fixture's mismatch is {before:0.0} cents");
            Assert.InRange(left, -20, 20);
            Assert.InRange(right, -20, 20);
        }
    }

    [Fact]
    public void Splice_matches_loudness_within_half_an_LU_and_room_tone_within_1_dB()
    {
        var (take, insert) = Fixture();
        using (take)
        using (insert)
        {
            var ct = TestContext.Current.CancellationToken;
            using var result = new VoiceSplicer().Splice(take, TimeSpan.FromSeconds(1.35), TimeSpan.FromSeconds(2.70), insert, cancellationToken: ct);
            using var bare = new VoiceSplicer(new VoiceSpliceOptions { MatchRoomTone = false }).Splice(take, TimeSpan.FromSeconds(1.35), TimeSpan.FromSeconds(2.70), insert, cancellationToken: ct);
            var from = result.InsertStart.TotalSeconds;
            var length = (result.InsertEnd - result.InsertStart).TotalSeconds;

            // Loudness: the insert (inside its crossfades) against the take's 3 s either side.
            using var inserted = StretchSignals.Mono(Seconds(result.Audio, from + 0.03, from + length - 0.03).ToArray(), Rate);
            var around = Seconds(take, 0, 1.35).ToArray().Concat(Seconds(take, 2.70, 4.0).ToArray()).ToArray();
            using var surroundings = StretchSignals.Mono(around, Rate);
            var insertLufs = LoudnessMeter.Measure(inserted).IntegratedLufs;
            var takeLufs = LoudnessMeter.Measure(surroundings).IntegratedLufs;
            Log($"loudness: insert {insertLufs:0.00} LUFS, surroundings {takeLufs:0.00} LUFS (gain {result.GainDb:0.00} dB)");
            Assert.InRange(insertLufs - takeLufs, -0.5, 0.5);

            // Room tone: the middle 100 ms of the insert's two inner pauses against the take's pauses.
            var takePause = (RmsDb(Seconds(take, 0.40, 0.50)) + RmsDb(Seconds(take, 0.85, 0.95)) + RmsDb(Seconds(take, 3.55, 3.65))) / 3;
            var insertPause = (RmsDb(Seconds(result.Audio, from + 0.40, from + 0.50)) + RmsDb(Seconds(result.Audio, from + 0.85, from + 0.95))) / 2;
            var barePause = (RmsDb(Seconds(bare.Audio, from + 0.40, from + 0.50)) + RmsDb(Seconds(bare.Audio, from + 0.85, from + 0.95))) / 2;
            Log($"pause level: take {takePause:0.00} dBFS, insert with room tone {insertPause:0.00} dBFS, without {barePause:0.00} dBFS (estimated floor {result.RoomToneDbfs:0.00} dBFS)");
            Assert.InRange(insertPause - takePause, -1, 1);
            Assert.True(barePause < takePause - 6, "without room tone the insert's pauses are quieter than the take's");
        }
    }

    [Fact]
    public void Joins_inside_syllables_step_no_more_than_the_take_itself()
    {
        var (take, insert) = Fixture();
        using (take)
        using (insert)
        {
            // Joins in the middle of voiced syllables (1.55 s and 2.55 s): the hardest place for a seam.
            using var result = new VoiceSplicer().Splice(take, TimeSpan.FromSeconds(1.55), TimeSpan.FromSeconds(2.55), insert, cancellationToken: TestContext.Current.CancellationToken);
            var ownStep = MaxStep(take.Channel(0));
            var from = (int)Math.Round(result.InsertStart.TotalSeconds * Rate);
            var to = (int)Math.Round(result.InsertEnd.TotalSeconds * Rate);
            var window = Rate / 50;
            var leftStep = MaxStep(result.Audio.Channel(0)[(from - window)..(from + window)]);
            var rightStep = MaxStep(result.Audio.Channel(0)[(to - window)..(to + window)]);
            Log($"max sample step: take {ownStep:0.0000}; around the joins {leftStep:0.0000}, {rightStep:0.0000}");
            Assert.True(leftStep <= ownStep, $"left join step {leftStep} vs take {ownStep}");
            Assert.True(rightStep <= ownStep, $"right join step {rightStep} vs take {ownStep}");
        }
    }

    [Fact]
    public void Shift_rest_moves_the_tail_and_stretch_to_range_keeps_the_takes_length()
    {
        var (take, insert) = Fixture();
        using (take)
        using (insert)
        {
            var ct = TestContext.Current.CancellationToken;
            using var moved = new VoiceSplicer().Splice(take, TimeSpan.FromSeconds(1.35), TimeSpan.FromSeconds(2.70), insert, cancellationToken: ct);
            Assert.Equal(take.Frames - (int)Math.Round(1.35 * Rate) + insert.Frames, moved.Audio.Frames);
            // The untouched head is bit-identical; the tail is the take's, moved 50 ms earlier.
            Assert.True(take.Channel(0)[..(int)(1.35 * Rate)].SequenceEqual(moved.Audio.Channel(0)[..(int)(1.35 * Rate)]));
            var shift = insert.Frames - (int)Math.Round(1.35 * Rate);
            Assert.True(take.Channel(0)[(int)(2.8 * Rate)..].SequenceEqual(moved.Audio.Channel(0)[((int)(2.8 * Rate) + shift)..]));

            using var fitted = new VoiceSplicer(new VoiceSpliceOptions { Fit = SpliceFit.StretchToRange }).Splice(take, TimeSpan.FromSeconds(1.35), TimeSpan.FromSeconds(2.70), insert, cancellationToken: ct);
            Assert.Equal(take.Frames, fitted.Audio.Frames);
            Assert.Equal(1.35 / 1.3, fitted.StretchFactor, 3);
        }
    }

    [Fact]
    public void Stereo_take_takes_a_mono_insert_and_bad_ranges_are_refused()
    {
        using var take = AudioBuffer.Create(2, Rate * 2, Rate);
        var x = Syllables(2, 120, 0.5f, -50, 5);
        x.CopyTo(take.Channel(0));
        x.CopyTo(take.Channel(1));
        var ct = TestContext.Current.CancellationToken;
        using var at16k = StretchSignals.Mono(Syllables(0.6, 130, 0.3f, double.NaN, 6), Rate);
        // An insert at another rate is resampled to the take's.
        using var insert = Resampler.Resample(at16k, 22050, cancellationToken: ct);
        using var result = new VoiceSplicer().Splice(take, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1.0), insert, cancellationToken: ct);
        Assert.Equal(2, result.Audio.Channels);
        Assert.Equal(Rate, result.Audio.SampleRate);
        Assert.Equal((2 * Rate) - (Rate / 2) + at16k.Frames, result.Audio.Frames);
        Assert.True(result.Audio.Channel(0).SequenceEqual(result.Audio.Channel(1)));
        var splicer = new VoiceSplicer();
        Assert.Throws<ArgumentException>(() => splicer.Splice(take, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(1.0), insert, cancellationToken: ct));
        Assert.Throws<ArgumentException>(() => splicer.Splice(take, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(3.0), insert, cancellationToken: ct));
        using var triple = AudioBuffer.Create(3, 1000, Rate);
        Assert.Throws<ArgumentException>(() => splicer.Splice(take, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1.0), triple, cancellationToken: ct));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VoiceSplicer(new VoiceSpliceOptions { Crossfade = TimeSpan.FromSeconds(1) }));
    }

    private static double MaxStep(ReadOnlySpan<float> x)
    {
        double max = 0;
        for (var i = 1; i < x.Length; i++) max = Math.Max(max, Math.Abs(x[i] - x[i - 1]));
        return max;
    }
}
