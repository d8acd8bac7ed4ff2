namespace Augment.Audio;

/// <summary>
/// A tempo map built to fit the picture: beats (with downbeats and bar numbers) whose tempo changes
/// only at picture anchors (cuts, motion-energy peaks) so that each anchor falls exactly on a beat,
/// preferably a downbeat, with every segment's tempo inside the allowed range. Anchors that no tempo
/// in range can reach are left off the grid and reported with their residual (see <see cref="Anchors"/>).
/// Cut times are plain seconds, so the picture side (shot detection in Augment.Vision, an edit
/// decision list) supplies them as data.
/// </summary>
public sealed class BeatGrid
{
    internal BeatGrid(GridBeat[] beats, TempoSegment[] segments, GridAnchor[] anchors, double durationSeconds, int beatsPerBar)
    {
        Beats = beats;
        Segments = segments;
        Anchors = anchors;
        DurationSeconds = durationSeconds;
        BeatsPerBar = beatsPerBar;
    }

    /// <summary>The beats from 0 to the duration, ascending.</summary>
    public IReadOnlyList<GridBeat> Beats { get; }

    /// <summary>The constant-tempo stretches, in order; together they cover 0 to the duration.</summary>
    public IReadOnlyList<TempoSegment> Segments { get; }

    /// <summary>Every cut and motion peak with the nearest beat and the residual.</summary>
    public IReadOnlyList<GridAnchor> Anchors { get; }

    /// <summary>The length the grid covers, in seconds.</summary>
    public double DurationSeconds { get; }

    /// <summary>Beats per bar.</summary>
    public int BeatsPerBar { get; }

    /// <summary>The largest |residual| over all cuts, in seconds (0 when there are none).</summary>
    public double MaxCutResidualSeconds
    {
        get
        {
            var max = 0.0;
            foreach (var anchor in Anchors)
                if (anchor.Kind == GridAnchorKind.Cut) max = Math.Max(max, Math.Abs(anchor.ResidualSeconds));
            return max;
        }
    }

    /// <summary>A grid that lands on the given cuts.</summary>
    /// <param name="cutSeconds">Cut times in seconds, each within [0, <paramref name="durationSeconds"/>], any order.</param>
    /// <param name="durationSeconds">Length to cover, in seconds.</param>
    /// <param name="options">Tempo range and preferences; <see cref="BeatGridOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">A time is not finite or outside [0, duration], or an option is out of range.</exception>
    public static BeatGrid FromCuts(IReadOnlyList<double> cutSeconds, double durationSeconds, BeatGridOptions? options = null) =>
        FromPicture(cutSeconds, ReadOnlySpan<float>.Empty, 0, durationSeconds, options);

    /// <summary>
    /// A grid that lands on cuts and, where it can, on the peaks of a motion-energy curve (peaks are
    /// picked with an adaptive threshold; a peak near a cut is dropped). Cuts always win over peaks.
    /// </summary>
    /// <param name="cutSeconds">Cut times in seconds (may be empty).</param>
    /// <param name="motionEnergy">Motion energy per video frame (any scale; may be empty).</param>
    /// <param name="frameRateHz">Frames per second of <paramref name="motionEnergy"/> (ignored when it is empty).</param>
    /// <param name="durationSeconds">Length to cover, in seconds.</param>
    /// <param name="options">Tempo range and preferences; <see cref="BeatGridOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">A time is not finite or outside [0, duration], the frame rate is not positive, or an option is out of range.</exception>
    public static BeatGrid FromPicture(IReadOnlyList<double> cutSeconds, ReadOnlySpan<float> motionEnergy, double frameRateHz, double durationSeconds, BeatGridOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(cutSeconds);
        options ??= BeatGridOptions.Default;
        options.Validate();
        if (!(durationSeconds > 0 && double.IsFinite(durationSeconds)))
            throw new ArgumentException($"The duration must be positive and finite (got {durationSeconds} s).", nameof(durationSeconds));
        var cuts = new List<double>(cutSeconds.Count);
        for (var i = 0; i < cutSeconds.Count; i++)
        {
            var c = cutSeconds[i];
            if (!double.IsFinite(c) || c < 0 || c > durationSeconds)
                throw new ArgumentException($"Cut {i} at {c} s lies outside 0..{durationSeconds} s.", nameof(cutSeconds));
            cuts.Add(c);
        }
        var motion = new List<double>();
        if (!motionEnergy.IsEmpty)
        {
            if (!(frameRateHz > 0 && double.IsFinite(frameRateHz)))
                throw new ArgumentException($"The motion frame rate must be positive (got {frameRateHz} Hz).", nameof(frameRateHz));
            motion = BeatGridPlanner.MotionPeaks(motionEnergy, frameRateHz, durationSeconds, options);
        }
        return BeatGridPlanner.Plan(cuts, motion, durationSeconds, options);
    }

    /// <summary>A steady grid: <paramref name="bpm"/> from <paramref name="startSeconds"/> (a downbeat), extended back to 0 and on to the duration.</summary>
    /// <param name="bpm">Tempo in beats per minute.</param>
    /// <param name="durationSeconds">Length to cover, in seconds.</param>
    /// <param name="beatsPerBar">Beats per bar.</param>
    /// <param name="startSeconds">Time of a downbeat, in seconds.</param>
    public static BeatGrid Steady(double bpm, double durationSeconds, int beatsPerBar = 4, double startSeconds = 0)
    {
        if (!(bpm > 0 && bpm <= 1000))
            throw new ArgumentOutOfRangeException(nameof(bpm), bpm, "The tempo must lie in (0, 1000] BPM.");
        if (!(durationSeconds > 0 && double.IsFinite(durationSeconds)))
            throw new ArgumentOutOfRangeException(nameof(durationSeconds), durationSeconds, "The duration must be positive and finite.");
        if (!(startSeconds >= 0 && startSeconds <= durationSeconds))
            throw new ArgumentOutOfRangeException(nameof(startSeconds), startSeconds, "The start must lie within the duration.");
        ArgumentOutOfRangeException.ThrowIfLessThan(beatsPerBar, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(beatsPerBar, 12);
        var options = BeatGridOptions.Default with { MinBpm = bpm, MaxBpm = bpm, TargetBpm = bpm, BeatsPerBar = beatsPerBar };
        return BeatGridPlanner.Build([startSeconds], [], [], durationSeconds, options);
    }
}
