namespace Augment.Audio.Tests.Rhythm;

public class BeatTrackerTests
{
    private const double Duration = 20;

    private static void Log(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    public static TheoryData<double> Tempos => [60, 90, 120, 150, 180];

    [Theory]
    [MemberData(nameof(Tempos))]
    public void Click_track_beats_reach_F_0_9_and_tempo_within_2_percent(double bpm)
    {
        var reference = RhythmSignals.SteadyBeats(bpm, Duration);
        using var audio = RhythmSignals.Clicks(reference, Duration);

        var result = BeatTracker.Analyze(audio, cancellationToken: TestContext.Current.CancellationToken);

        var f = BeatEvaluation.FMeasure(reference, result.BeatSeconds);
        Log($"{bpm} BPM clicks: tempo {result.TempoBpm:0.00}, F {f:0.000}, {result.BeatSeconds.Count} beats of {reference.Length}");
        Assert.True(f >= 0.9, $"F = {f:0.000} at {bpm} BPM (tempo {result.TempoBpm:0.00})");
        Assert.InRange(result.TempoBpm, bpm * 0.98, bpm * 1.02);
    }

    [Theory]
    [MemberData(nameof(Tempos))]
    public void Drum_pattern_beats_reach_F_0_9_and_tempo_within_2_percent(double bpm)
    {
        var reference = RhythmSignals.SteadyBeats(bpm, Duration);
        using var audio = RhythmSignals.Drums(reference, Duration);

        var result = BeatTracker.Analyze(audio, cancellationToken: TestContext.Current.CancellationToken);

        var f = BeatEvaluation.FMeasure(reference, result.BeatSeconds);
        var downbeats = new List<double>();
        for (var i = 0; i < reference.Length; i += 4) downbeats.Add(reference[i]);
        var downbeatF = BeatEvaluation.FMeasure(downbeats, result.DownbeatSeconds);
        Log($"{bpm} BPM drums: tempo {result.TempoBpm:0.00}, F {f:0.000}, downbeat F {downbeatF:0.000} ({result.BeatsPerBar}/4)");
        Assert.True(f >= 0.9, $"F = {f:0.000} at {bpm} BPM (tempo {result.TempoBpm:0.00})");
        Assert.InRange(result.TempoBpm, bpm * 0.98, bpm * 1.02);
    }

    public static TheoryData<string, double, double> Changes => new()
    {
        { "ramp", 90, 150 },
        { "ramp", 160, 100 },
        { "step", 100, 140 },
        { "step", 150, 110 },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Drum_pattern_with_tempo_change_reaches_F_0_9(string kind, double fromBpm, double toBpm)
    {
        var reference = kind == "ramp"
            ? RhythmSignals.RampBeats(fromBpm, toBpm, 30)
            : RhythmSignals.StepBeats(fromBpm, toBpm, 15, 30);
        using var audio = RhythmSignals.Drums(reference, 30);

        var result = BeatTracker.Analyze(audio, cancellationToken: TestContext.Current.CancellationToken);

        var f = BeatEvaluation.FMeasure(reference, result.BeatSeconds);
        Log($"{kind} {fromBpm}->{toBpm}: F {f:0.000}, tempo {result.TempoBpm:0.0}, {result.BeatSeconds.Count} beats of {reference.Length}");
        Assert.True(f >= 0.9, $"F = {f:0.000} for the {kind} {fromBpm} -> {toBpm} BPM");
    }
}
