namespace Augment.Audio;

/// <summary>
/// Where the beats fall: 4/4 bars from time 0; between consecutive cuts the tempo is the one, within
/// [min, max] BPM and nearest the base tempo, that fits a whole number of beats into the gap, preferring a
/// whole number of bars (a short last bar, like a bar of 2/4 in a film cue, otherwise), so that every cut
/// it can reach starts a bar. Cuts closer than one beat at the fastest tempo keep their hit but not a downbeat.
/// Plain arithmetic on doubles: deterministic.
/// </summary>
internal sealed class ScoreTempoMap
{
    public required double[] BeatTimes { get; init; }
    public required double[] BeatLengths { get; init; }
    public required int[] BeatInBar { get; init; }
    public required int[] BarOfBeat { get; init; }
    public required int BarCount { get; init; }
    public required double[] DownbeatCuts { get; init; }

    public static ScoreTempoMap Build(double durationSeconds, double baseBpm, double minBpm, double maxBpm, IReadOnlyList<double> cutsSeconds)
    {
        var times = new List<double>();
        var lengths = new List<double>();
        var inBar = new List<int>();
        var bars = new List<int>();
        var aligned = new List<double>();
        var bar = -1;
        var anchor = 0.0;

        void Lay(double start, double beatSeconds, int beats, double end)
        {
            for (var b = 0; b < beats; b++)
            {
                var t = start + (b * beatSeconds);
                if (t >= end) break;
                if (b % 4 == 0) bar++;
                times.Add(t);
                lengths.Add(beatSeconds);
                inBar.Add(b % 4);
                bars.Add(bar);
            }
        }

        foreach (var cut in cutsSeconds)
        {
            var gap = cut - anchor;
            if (gap < 60.0 / maxBpm || cut >= durationSeconds) continue;
            var beats = BestBeatCount(gap, baseBpm, minBpm, maxBpm);
            if (beats == 0) continue;
            Lay(anchor, gap / beats, beats, cut);
            anchor = cut;
            aligned.Add(cut);
        }
        var tailBeats = (int)Math.Ceiling((durationSeconds - anchor) * baseBpm / 60.0) + 1;
        Lay(anchor, 60.0 / baseBpm, tailBeats, durationSeconds);
        return new ScoreTempoMap
        {
            BeatTimes = [.. times],
            BeatLengths = [.. lengths],
            BeatInBar = [.. inBar],
            BarOfBeat = [.. bars],
            BarCount = bar + 1,
            DownbeatCuts = [.. aligned],
        };
    }

    /// <summary>Beats to fit into <paramref name="gap"/> seconds: whole bars when any count is in range, else any beat count; nearest the base tempo; 0 when none fits.</summary>
    internal static int BestBeatCount(double gap, double baseBpm, double minBpm, double maxBpm)
    {
        var best = 0;
        var bestDistance = double.MaxValue;
        for (var pass = 0; pass < 2 && best == 0; pass++)
        {
            var step = pass == 0 ? 4 : 1;
            var lowest = Math.Max(step, (int)Math.Floor(gap * minBpm / 60.0 / step) * step);
            for (var beats = lowest; beats * 60.0 / gap <= maxBpm + 1e-9; beats += step)
            {
                var bpm = beats * 60.0 / gap;
                if (bpm < minBpm - 1e-9) continue;
                var distance = Math.Abs(bpm - baseBpm);
                if (distance < bestDistance)
                {
                    best = beats;
                    bestDistance = distance;
                }
            }
        }
        return best;
    }
}
