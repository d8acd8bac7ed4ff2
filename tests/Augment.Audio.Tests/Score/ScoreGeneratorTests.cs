namespace Augment.Audio.Tests.Score;

public class ScoreGeneratorTests
{
    private const int Rate = 22050;

    private static ScoreOptions Short(double seconds = 8, double tension = 0.5) => new()
    {
        Duration = TimeSpan.FromSeconds(seconds),
        SampleRate = Rate,
        Tension = ScoreCurve.Constant(tension),
        TargetLufs = null,
    };

    [Fact]
    public void Same_seed_gives_bit_identical_stems_across_runs_and_thread_budgets_and_another_seed_differs()
    {
        var options = Short(6) with { Cuts = [TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(4.1)], TargetLufs = -16 };
        using var a = ScoreGenerator.Generate(options, ComputeBudget.SingleThreaded, cancellationToken: TestContext.Current.CancellationToken);
        using var b = ScoreGenerator.Generate(options, ComputeBudget.Default with { MaxThreads = 5 }, cancellationToken: TestContext.Current.CancellationToken);
        using var c = ScoreGenerator.Generate(options with { Seed = 2 }, cancellationToken: TestContext.Current.CancellationToken);
        for (var i = 0; i < a.Stems.Count; i++)
            Assert.Equal(ScoreAnalysis.Hash(a.Stems[i]), ScoreAnalysis.Hash(b.Stems[i]));
        Assert.Equal(ScoreAnalysis.Hash(a.Mix), ScoreAnalysis.Hash(b.Mix));
        Assert.NotEqual(ScoreAnalysis.Hash(a.Stems["drums"]), ScoreAnalysis.Hash(c.Stems["drums"]));
        Assert.NotEqual(ScoreAnalysis.Hash(a.Stems["pad"]), ScoreAnalysis.Hash(c.Stems["pad"]));
    }

    /// <summary>
    /// The stems' SHA-256 for one fixed set of options, recorded on x64 Linux: the synthesis uses only IEEE-exact
    /// operations and its own sine, exponential and random generator, so any machine must reproduce it. (A deliberate
    /// change of the sound changes it: record the new value in the same commit.)
    /// </summary>
    [Fact]
    public void Stems_hash_to_the_recorded_value_so_every_machine_renders_the_same_samples()
    {
        var options = Short(2) with { SampleRate = 16000, Seed = 42, Cuts = [TimeSpan.FromSeconds(1)], Tension = ScoreCurve.Ramp(0.1, 0.9), Arc = ScoreCurve.Ramp(-0.5, 0.5) };
        using var score = ScoreGenerator.Generate(options, cancellationToken: TestContext.Current.CancellationToken);
        var all = new System.Text.StringBuilder();
        for (var i = 0; i < score.Stems.Count; i++) all.Append(ScoreAnalysis.Hash(score.Stems[i]));
        var combined = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(all.ToString())));
        Assert.True(RecordedHash == combined, $"stems hash {combined}, recorded {RecordedHash}");
    }

    private const string RecordedHash = "02151F56FAC6392B366C2328A26A14E9E013ECD9356A57A96D0D8D9D044057E8";

    [Theory]
    [InlineData("A minor")]
    [InlineData("C major")]
    [InlineData("F# dorian")]
    [InlineData("Eb mixolydian")]
    public void Bass_and_pad_energy_lies_in_the_scale_pitch_classes(string key)
    {
        var parsed = MusicalKey.Parse(key);
        using var score = ScoreGenerator.Generate(Short(8) with { Key = parsed, Arc = ScoreCurve.Ramp(-1, 1), Seed = 11 },
            cancellationToken: TestContext.Current.CancellationToken);
        var bass = ScoreAnalysis.Mono(score.Stems["bass"]);
        var pad = ScoreAnalysis.Mono(score.Stems["pad"]);
        var sum = new double[bass.Length];
        for (var i = 0; i < sum.Length; i++) sum[i] = bass[i] + pad[i];
        var chroma = ScoreAnalysis.Chroma(sum, Rate);
        double inScale = 0, total = 0;
        var scale = parsed.ScalePitchClasses();
        for (var pc = 0; pc < 12; pc++)
        {
            total += chroma[pc];
            if (Array.IndexOf(scale, pc) >= 0) inScale += chroma[pc];
        }
        Assert.True(inScale / total > 0.95, $"{key}: {inScale / total:P2} of the bass+pad energy is in the scale");
    }

    [Theory]
    [InlineData(90)]
    [InlineData(120)]
    [InlineData(150)]
    public void Drum_onset_autocorrelation_peaks_at_the_requested_tempo_within_1_percent(double bpm)
    {
        using var score = ScoreGenerator.Generate(Short(12, 0.5) with { TempoBpm = bpm, MinTempoBpm = bpm, MaxTempoBpm = bpm, Seed = 3 },
            cancellationToken: TestContext.Current.CancellationToken);
        const int hop = 44; // 2 ms
        var onset = ScoreAnalysis.OnsetEnvelope(ScoreAnalysis.Mono(score.Stems["drums"]), hop, Rate);
        var measured = ScoreAnalysis.AutocorrelationTempo(onset, (double)hop / Rate, 70, 180);
        Assert.True(Math.Abs(measured - bpm) <= 0.01 * bpm, $"requested {bpm} BPM, autocorrelation says {measured:0.00}");
    }

    [Fact]
    public void Hits_stem_has_its_largest_energy_jump_within_10_ms_of_every_cut()
    {
        double[] cuts = [1.3, 3.1, 5.75, 6.2, 9.0];
        var options = Short(10) with { Cuts = [.. cuts.Select(TimeSpan.FromSeconds)], Seed = 5 };
        using var score = ScoreGenerator.Generate(options, cancellationToken: TestContext.Current.CancellationToken);
        const int hop = 22; // 1 ms
        // First difference (pre-emphasis, as onset detectors use) so that the slow boom's cycles do not read as onsets.
        var hits = ScoreAnalysis.Mono(score.Stems["hits"]);
        for (var i = hits.Length - 1; i > 0; i--) hits[i] -= hits[i - 1];
        var energy = ScoreAnalysis.FrameEnergy(hits, hop);
        foreach (var cut in cuts)
        {
            var centre = (int)(cut * Rate / hop);
            var best = -1;
            var bestRise = double.MinValue;
            for (var f = centre - 100; f <= centre + 100; f++)
            {
                // Energy in the next 5 ms against the 5 ms before: a jump, in decades.
                double before = 1e-12, after = 1e-12;
                for (var k = 1; k <= 5; k++) before += energy[f - k];
                for (var k = 0; k < 5; k++) after += energy[f + k];
                var rise = Math.Log10(after / before);
                if (rise > bestRise) { bestRise = rise; best = f; }
            }
            var offsetMs = ((best * hop / (double)Rate) - cut) * 1000;
            Assert.True(Math.Abs(offsetMs) <= 10, $"cut {cut} s: largest onset at {offsetMs:0.0} ms");
            Assert.True(bestRise > 1, $"cut {cut} s: the jump is only {bestRise * 10:0.0} dB");
        }
    }

    [Fact]
    public void Drum_level_and_onset_density_rise_with_tension()
    {
        using var calm = ScoreGenerator.Generate(Short(8, 0.1), cancellationToken: TestContext.Current.CancellationToken);
        using var tense = ScoreGenerator.Generate(Short(8, 0.9), cancellationToken: TestContext.Current.CancellationToken);
        using var ramp = ScoreGenerator.Generate(Short(16) with { Tension = ScoreCurve.Ramp(0, 1) }, cancellationToken: TestContext.Current.CancellationToken);
        const int hop = 110; // 5 ms
        var calmDrums = ScoreAnalysis.Mono(calm.Stems["drums"]);
        var tenseDrums = ScoreAnalysis.Mono(tense.Stems["drums"]);
        Assert.True(ScoreAnalysis.Rms(tenseDrums) > 1.5 * ScoreAnalysis.Rms(calmDrums), "tense drums are not louder");
        var calmOnsets = ScoreAnalysis.CountOnsets(ScoreAnalysis.OnsetEnvelope(calmDrums, hop, Rate, preEmphasis: true), 0.3);
        var tenseOnsets = ScoreAnalysis.CountOnsets(ScoreAnalysis.OnsetEnvelope(tenseDrums, hop, Rate, preEmphasis: true), 0.3);
        Assert.True(tenseOnsets > 2 * calmOnsets, $"onsets: calm {calmOnsets}, tense {tenseOnsets}");

        var drums = ScoreAnalysis.Mono(ramp.Stems["drums"]);
        var quarter = drums.Length / 4;
        var first = ScoreAnalysis.Rms(drums.AsSpan(0, quarter));
        var last = ScoreAnalysis.Rms(drums.AsSpan(3 * quarter, quarter));
        Assert.True(last > 1.5 * first, $"RMS first quarter {first:0.0000}, last {last:0.0000}");
        var onsets = ScoreAnalysis.OnsetEnvelope(drums, hop, Rate, preEmphasis: true);
        var q = onsets.Length / 4;
        var early = ScoreAnalysis.CountOnsets(onsets[..q], 0.3);
        var late = ScoreAnalysis.CountOnsets(onsets[(3 * q)..], 0.3);
        Assert.True(late > 2 * early, $"onsets: first quarter {early}, last quarter {late}");
    }

    [Fact]
    public void Mix_reaches_the_loudness_target_within_half_an_LU_under_the_true_peak_ceiling()
    {
        var options = Short(10) with { TargetLufs = -16, TruePeakCeilingDbtp = -1, Tension = ScoreCurve.Ramp(0.2, 0.8), Cuts = [TimeSpan.FromSeconds(4)] };
        using var score = ScoreGenerator.Generate(options, cancellationToken: TestContext.Current.CancellationToken);
        var measured = LoudnessMeter.Measure(score.Mix);
        Assert.InRange(measured.IntegratedLufs, -16.5, -15.5);
        Assert.True(measured.TruePeakDbtp <= -0.9, $"true peak {measured.TruePeakDbtp:0.00} dBTP");
        Assert.Equal(measured.IntegratedLufs, score.Loudness.IntegratedLufs, 0.05);
    }

    [Fact]
    public void Stems_sum_to_the_mix_exactly_without_a_target_and_after_the_same_gain_with_one()
    {
        using var raw = ScoreGenerator.Generate(Short(4) with { Cuts = [TimeSpan.FromSeconds(2)] }, cancellationToken: TestContext.Current.CancellationToken);
        AssertSum(raw, 1e-6);
        Assert.Equal(0.0, raw.GainDb);

        // -23 LUFS leaves headroom, so the limiter stays out and the sum holds after the gain too.
        using var quiet = ScoreGenerator.Generate(Short(4) with { Cuts = [TimeSpan.FromSeconds(2)], TargetLufs = -23 }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(0.0, quiet.LimiterReductionDb);
        AssertSum(quiet, 1e-5);
        Assert.NotEqual(0.0, quiet.GainDb);

        static void AssertSum(ScoreResult score, double tolerance)
        {
            Assert.Equal(["drums", "bass", "pad", "ambience", "hits"], score.Stems.Names);
            for (var c = 0; c < score.Mix.Channels; c++)
            {
                var mix = score.Mix.Channel(c);
                var worst = 0.0;
                for (var i = 0; i < mix.Length; i++)
                {
                    double s = 0;
                    for (var k = 0; k < score.Stems.Count; k++) s += score.Stems[k].Channel(c)[i];
                    worst = Math.Max(worst, Math.Abs(s - mix[i]));
                }
                Assert.True(worst <= tolerance, $"channel {c}: stems differ from the mix by {worst}");
            }
        }
    }

    [Fact]
    public void Stems_are_aligned_stereo_at_the_requested_rate_and_length_with_downbeats_on_cuts()
    {
        var options = Short(6.5) with { Cuts = [TimeSpan.FromSeconds(2.2), TimeSpan.FromSeconds(4.4)] };
        using var score = ScoreGenerator.Generate(options, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(5, score.Stems.Count);
        Assert.Equal(2, score.Stems.Channels);
        Assert.Equal(Rate, score.Stems.SampleRate);
        Assert.Equal((int)(6.5 * Rate), score.Stems.Frames);
        Assert.Equal(score.Stems.Frames, score.Mix.Frames);
        Assert.Equal(2, score.CutsOnDownbeats.Count);
        foreach (var cut in score.CutsOnDownbeats)
            Assert.Contains(score.Downbeats, d => Math.Abs((d - cut).TotalMilliseconds) < 0.01);
        for (var i = 0; i < score.Stems.Count; i++)
            foreach (var v in score.Stems[i].Data) Assert.True(float.IsFinite(v));
    }

    [Fact]
    public void Mono_output_has_one_channel()
    {
        using var score = ScoreGenerator.Generate(Short(2) with { Channels = 1 }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(1, score.Mix.Channels);
        Assert.True(ScoreAnalysis.Rms(ScoreAnalysis.Mono(score.Mix)) > 0.01);
    }

    [Fact]
    public void Bad_options_are_rejected_naming_the_option()
    {
        Assert.Contains("Tension", Assert.Throws<ArgumentOutOfRangeException>(() => ScoreGenerator.Generate(cancellationToken: TestContext.Current.CancellationToken, options: Short() with { Tension = ScoreCurve.Ramp(0, 1.5) })).Message, StringComparison.Ordinal);
        Assert.Contains("Cuts", Assert.Throws<ArgumentOutOfRangeException>(() => ScoreGenerator.Generate(cancellationToken: TestContext.Current.CancellationToken, options: Short() with { Cuts = [TimeSpan.FromSeconds(20)] })).Message, StringComparison.Ordinal);
        Assert.Contains("TempoBpm", Assert.Throws<ArgumentOutOfRangeException>(() => ScoreGenerator.Generate(cancellationToken: TestContext.Current.CancellationToken, options: Short() with { TempoBpm = 200 })).Message, StringComparison.Ordinal);
        Assert.Contains("Duration", Assert.Throws<ArgumentOutOfRangeException>(() => ScoreGenerator.Generate(cancellationToken: TestContext.Current.CancellationToken, options: Short() with { Duration = TimeSpan.Zero })).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => ScoreGenerator.Generate(cancellationToken: TestContext.Current.CancellationToken, options: Short() with { Channels = 3 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScoreGenerator.Generate(cancellationToken: TestContext.Current.CancellationToken, options: Short() with { Arc = ScoreCurve.Constant(-2) }));
    }

    [Fact]
    public void Cancellation_stops_generation()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => ScoreGenerator.Generate(Short(), cancellationToken: cts.Token));
    }
}
