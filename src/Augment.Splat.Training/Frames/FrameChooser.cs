namespace Augment.Splat.Training;

/// <summary>
/// Picks frames that are sharp and evenly spread: the spacing coordinate (time, or cumulative camera motion blended
/// with time) is split into N equal segments and each segment contributes its usable frame with the highest relative
/// sharpness; segments without a usable frame are made up by farthest-point sampling among the remaining usable frames.
/// Ties go to the earlier frame, so the choice is deterministic.
/// </summary>
internal static class FrameChooser
{
    /// <summary>Below this total image travel (in frame widths) motion spacing falls back to time.</summary>
    private const double MinTravelWidths = 0.05;

    /// <summary>Weight of time in the motion-based spacing coordinate.</summary>
    private const double TimeWeight = 0.2;

    public static int[] Choose(IReadOnlyList<FrameScore> frames, int count, FrameSpacing spacing, int frameWidth)
    {
        var n = frames.Count;
        var position = Positions(frames, spacing, frameWidth);
        var chosen = new bool[n];
        var picked = 0;
        var usable = 0;
        for (var i = 0; i < n; i++)
        {
            if (frames[i].Usable) usable++;
        }
        var target = Math.Min(count, usable);
        if (target == 0)
            return [];
        var segment = 0;
        var best = -1;
        for (var i = 0; i < n; i++)
        {
            var s = Math.Min(count - 1, (int)(position[i] * count));
            if (s != segment)
            {
                if (best >= 0) { chosen[best] = true; picked++; }
                best = -1;
                segment = s;
            }
            if (frames[i].Usable && (best < 0 || frames[i].RelativeSharpness > frames[best].RelativeSharpness))
                best = i;
        }
        if (best >= 0) { chosen[best] = true; picked++; }

        // Segments that had nothing usable: add the usable frames farthest (along the spacing coordinate) from the chosen ones.
        var distance = new double[n];
        for (var i = 0; i < n; i++)
            distance[i] = double.PositiveInfinity;
        for (var i = 0; i < n; i++)
        {
            if (chosen[i]) UpdateDistances(position, distance, i);
        }
        while (picked < target)
        {
            var next = -1;
            for (var i = 0; i < n; i++)
            {
                if (chosen[i] || !frames[i].Usable) continue;
                if (next < 0 || distance[i] > distance[next]
                    || (distance[i] == distance[next] && frames[i].RelativeSharpness > frames[next].RelativeSharpness))
                    next = i;
            }
            chosen[next] = true;
            picked++;
            UpdateDistances(position, distance, next);
        }
        var result = new int[picked];
        var k = 0;
        for (var i = 0; i < n; i++)
        {
            if (chosen[i]) result[k++] = i;
        }
        return result;
    }

    private static void UpdateDistances(double[] position, double[] distance, int from)
    {
        for (var i = 0; i < position.Length; i++)
            distance[i] = Math.Min(distance[i], Math.Abs(position[i] - position[from]));
    }

    /// <summary>Spacing coordinate of every frame in [0, 1], non-decreasing.</summary>
    internal static double[] Positions(IReadOnlyList<FrameScore> frames, FrameSpacing spacing, int frameWidth)
    {
        var n = frames.Count;
        var position = new double[n];
        if (n == 1)
            return position;
        var travel = new double[n];
        for (var i = 1; i < n; i++)
            travel[i] = travel[i - 1] + (Math.Sqrt((frames[i].ShiftX * frames[i].ShiftX) + (frames[i].ShiftY * frames[i].ShiftY)) / frameWidth);
        var total = travel[n - 1];
        var useMotion = spacing == FrameSpacing.CameraMotion && total >= MinTravelWidths;
        for (var i = 0; i < n; i++)
        {
            var time = i / (double)(n - 1);
            position[i] = useMotion ? ((1 - TimeWeight) * travel[i] / total) + (TimeWeight * time) : time;
        }
        return position;
    }
}
