namespace Augment.Audio;

/// <summary>
/// Settings of <see cref="BeatGrid"/>: the tempo range the grid may use between picture anchors, the
/// tempo it prefers, the bar length and whether cuts should fall on downbeats.
/// </summary>
public sealed record BeatGridOptions
{
    /// <summary>Slowest tempo a segment between anchors may take, in beats per minute.</summary>
    public double MinBpm { get; init; } = 80;

    /// <summary>Fastest tempo a segment between anchors may take, in beats per minute.</summary>
    public double MaxBpm { get; init; } = 160;

    /// <summary>The tempo preferred among those that land the anchors, in beats per minute (also the tempo of a grid with fewer than two anchors).</summary>
    public double TargetBpm { get; init; } = 120;

    /// <summary>Beats per bar (1 to 12).</summary>
    public int BeatsPerBar { get; init; } = 4;

    /// <summary>When true (the default), cuts land on downbeats wherever a whole number of bars fits the range; otherwise on any beat.</summary>
    public bool PreferDownbeats { get; init; } = true;

    /// <summary>Motion-energy peaks closer than this to a cut (seconds) are dropped: the cut already marks the moment.</summary>
    public double MotionMergeSeconds { get; init; } = 0.5;

    /// <summary>Shortest time in seconds between two motion-energy peaks used as anchors.</summary>
    public double MotionMinimumIntervalSeconds { get; init; } = 1.0;

    /// <summary>Offset above the moving median (motion normalised to 0..1) that a motion peak must reach.</summary>
    public double MotionThresholdDelta { get; init; } = 0.2;

    /// <summary>The default settings.</summary>
    public static BeatGridOptions Default { get; } = new();

    internal void Validate()
    {
        if (!(MinBpm > 0 && MaxBpm >= MinBpm && MaxBpm <= 1000))
            throw new ArgumentException($"The tempo range must satisfy 0 < MinBpm ({MinBpm}) <= MaxBpm ({MaxBpm}) <= 1000.");
        if (!(TargetBpm > 0))
            throw new ArgumentException($"TargetBpm ({TargetBpm}) must be positive.");
        if (BeatsPerBar < 1 || BeatsPerBar > 12)
            throw new ArgumentException($"BeatsPerBar ({BeatsPerBar}) must be between 1 and 12.");
        if (!(MotionMergeSeconds >= 0 && MotionMinimumIntervalSeconds >= 0 && MotionThresholdDelta >= 0))
            throw new ArgumentException("The motion settings must not be negative.");
    }
}
