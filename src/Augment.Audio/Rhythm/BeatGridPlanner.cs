namespace Augment.Audio;

/// <summary>
/// The search behind <see cref="BeatGrid"/>: which anchors to land and how many beats to put between
/// consecutive landed anchors. Dynamic programming over (anchor, bar phase): a segment of n beats over
/// a gap of g seconds has tempo 60·n/g, allowed when inside the range; it costs (log2(tempo/target))²,
/// plus 1 when the anchor it ends on would miss a downbeat, plus the weight of every anchor it jumps
/// over (a cut weighs 1000, a motion peak 1), so every reachable cut is landed first, downbeats next,
/// tempo near the target last.
/// </summary>
internal static class BeatGridPlanner
{
    private const double CutWeight = 1000, MotionWeight = 1, DownbeatMiss = 1;
    private const int NearJumps = 16;

    public static List<double> MotionPeaks(ReadOnlySpan<float> motion, double frameRate, double duration, BeatGridOptions options)
    {
        var values = motion.ToArray();
        for (var i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i])) throw new ArgumentException($"Motion energy value {i} is not finite ({values[i]}).", nameof(motion));
        var onsetOptions = OnsetDetectorOptions.Default with
        {
            ThresholdDelta = options.MotionThresholdDelta,
            MedianWindowSeconds = 2.0,
            PeakWindowSeconds = 0.25,
            MinimumIntervalSeconds = options.MotionMinimumIntervalSeconds,
        };
        var peaks = new List<double>();
        foreach (var t in OnsetDetector.PickOnsets(values, frameRate, onsetOptions))
            if (t <= duration) peaks.Add(t);
        return peaks;
    }

    public static BeatGrid Plan(List<double> cuts, List<double> motion, double duration, BeatGridOptions options)
    {
        cuts.Sort();
        var anchors = new List<(double Time, GridAnchorKind Kind)>();
        foreach (var c in cuts)
            if (anchors.Count == 0 || c - anchors[^1].Time > 1e-6) anchors.Add((c, GridAnchorKind.Cut));
        foreach (var m in motion)
        {
            var near = false;
            foreach (var c in cuts) near |= Math.Abs(c - m) < options.MotionMergeSeconds;
            if (!near) anchors.Add((m, GridAnchorKind.MotionPeak));
        }
        anchors.Sort((a, b) => a.Time.CompareTo(b.Time));
        if (anchors.Count == 0)
            return Build([0], [], [], duration, options);

        var k = anchors.Count;
        var meter = options.BeatsPerBar;
        var weight = new double[k];
        var skipBefore = new double[k + 1]; // skipBefore[j] = Σ weight[0..j-1]
        for (var j = 0; j < k; j++)
        {
            weight[j] = anchors[j].Kind == GridAnchorKind.Cut ? CutWeight : MotionWeight;
            skipBefore[j + 1] = skipBefore[j] + weight[j];
        }
        double Skipped(int from, int to) => skipBefore[to] - skipBefore[from]; // anchors from..to-1

        var cost = new double[k, meter];
        var fromAnchor = new int[k, meter];
        var fromPhase = new int[k, meter];
        var beats = new int[k, meter];
        for (var j = 0; j < k; j++)
            for (var p = 0; p < meter; p++)
            {
                // The first landed anchor is a downbeat; everything before it is skipped.
                cost[j, p] = p == 0 ? Skipped(0, j) : double.PositiveInfinity;
                fromAnchor[j, p] = -1;
            }
        var lnTarget = Math.Log2(options.TargetBpm);
        for (var i = 0; i < k; i++)
        {
            var reachable = 0;
            for (var j = i + 1; j < k; j++)
            {
                if (j - i > NearJumps && reachable > 0) break;
                var gap = anchors[j].Time - anchors[i].Time;
                var lo = Math.Max(1, (int)Math.Ceiling((gap * options.MinBpm / 60) - 1e-9));
                var hi = (int)Math.Floor((gap * options.MaxBpm / 60) + 1e-9);
                if (hi < lo) continue;
                reachable++;
                var jump = Skipped(i + 1, j);
                for (var p = 0; p < meter; p++)
                {
                    if (double.IsPositiveInfinity(cost[i, p])) continue;
                    for (var n = lo; n <= hi; n++)
                    {
                        var z = Math.Log2(60 * n / gap) - lnTarget;
                        var q = (p + n) % meter;
                        var c = cost[i, p] + jump + (z * z) + (options.PreferDownbeats && q != 0 ? DownbeatMiss : 0);
                        if (c < cost[j, q])
                        {
                            cost[j, q] = c;
                            fromAnchor[j, q] = i;
                            fromPhase[j, q] = p;
                            beats[j, q] = n;
                        }
                    }
                }
            }
        }
        int bestJ = 0, bestP = 0;
        var best = double.PositiveInfinity;
        for (var j = 0; j < k; j++)
            for (var p = 0; p < meter; p++)
            {
                var c = cost[j, p] + Skipped(j + 1, k);
                if (c < best)
                {
                    best = c;
                    bestJ = j;
                    bestP = p;
                }
            }
        var landed = new List<double>();
        var counts = new List<int>();
        for (int j = bestJ, p = bestP; j >= 0;)
        {
            landed.Add(anchors[j].Time);
            var i = fromAnchor[j, p];
            if (i >= 0) counts.Add(beats[j, p]);
            var previousPhase = fromPhase[j, p];
            j = i;
            p = previousPhase;
        }
        landed.Reverse();
        counts.Reverse();
        return Build(landed, counts, anchors, duration, options);
    }

    /// <summary>
    /// Lays the beats: counts[s] beats evenly between landed[s] and landed[s+1]; before the first landed
    /// anchor and after the last, the neighbouring segment's tempo (the target tempo when there is only one).
    /// The first landed anchor is beat 0, a downbeat.
    /// </summary>
    public static BeatGrid Build(IReadOnlyList<double> landed, IReadOnlyList<int> counts, IReadOnlyList<(double Time, GridAnchorKind Kind)> anchors, double duration, BeatGridOptions options)
    {
        var meter = options.BeatsPerBar;
        var targetPeriod = 60 / options.TargetBpm;
        var firstPeriod = counts.Count > 0 ? (landed[1] - landed[0]) / counts[0] : targetPeriod;
        var lastPeriod = counts.Count > 0 ? (landed[^1] - landed[^2]) / counts[^1] : targetPeriod;
        var times = new List<double>();
        var indices = new List<int>();
        var bpms = new List<double>();
        var segments = new List<TempoSegment>();

        var before = (int)Math.Floor((landed[0] / firstPeriod) + 1e-9);
        for (var b = before; b >= 1; b--)
        {
            times.Add(landed[0] - (b * firstPeriod));
            indices.Add(-b);
            bpms.Add(60 / firstPeriod);
        }
        if (landed[0] > 0) segments.Add(new TempoSegment(0, landed[0], 60 / firstPeriod, before));
        var index = 0;
        for (var s = 0; s < counts.Count; s++)
        {
            var gap = landed[s + 1] - landed[s];
            for (var b = 0; b < counts[s]; b++)
            {
                // From the anchor each time (not by accumulation), so the next anchor is hit exactly.
                times.Add(landed[s] + (gap * b / counts[s]));
                indices.Add(index++);
                bpms.Add(60 * counts[s] / gap);
            }
            segments.Add(new TempoSegment(landed[s], landed[s + 1], 60 * counts[s] / gap, counts[s]));
        }
        var last = landed[^1];
        var after = 0;
        for (var b = 0; last + (b * lastPeriod) <= duration + 1e-9; b++, after++)
        {
            times.Add(last + (b * lastPeriod));
            indices.Add(index++);
            bpms.Add(60 / lastPeriod);
        }
        if (duration > last) segments.Add(new TempoSegment(last, duration, 60 / lastPeriod, after));

        var grid = new GridBeat[times.Count];
        for (var i = 0; i < grid.Length; i++)
        {
            var position = ((indices[i] % meter) + meter) % meter;
            var bar = (int)Math.Floor(indices[i] / (double)meter);
            grid[i] = new GridBeat(times[i], position == 0, bar, position, bpms[i]);
        }
        var alignments = new GridAnchor[anchors.Count];
        for (var a = 0; a < alignments.Length; a++)
        {
            var (time, kind) = anchors[a];
            var nearest = Nearest(grid, time);
            alignments[a] = nearest < 0
                ? new GridAnchor(time, kind, double.NaN, double.NaN, false)
                : new GridAnchor(time, kind, grid[nearest].TimeSeconds, grid[nearest].TimeSeconds - time, grid[nearest].IsDownbeat);
        }
        return new BeatGrid(grid, [.. segments], alignments, duration, meter);
    }

    private static int Nearest(GridBeat[] beats, double time)
    {
        if (beats.Length == 0) return -1;
        int lo = 0, hi = beats.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (beats[mid].TimeSeconds < time) lo = mid + 1;
            else hi = mid;
        }
        return lo > 0 && time - beats[lo - 1].TimeSeconds < beats[lo].TimeSeconds - time ? lo - 1 : lo;
    }
}
