namespace Augment.Audio;

/// <summary>
/// Settings of <see cref="BeatTracker"/>: the tempo range and prior, the tempogram that follows tempo
/// changes, the tightness of the dynamic-programming beat tracker and the bar length for downbeats.
/// </summary>
public sealed record BeatTrackerOptions
{
    /// <summary>Slowest tempo considered, in beats per minute.</summary>
    public double MinBpm { get; init; } = 40;

    /// <summary>Fastest tempo considered, in beats per minute.</summary>
    public double MaxBpm { get; init; } = 240;

    /// <summary>Centre of the log-Gaussian tempo prior, in beats per minute.</summary>
    public double PriorBpm { get; init; } = 120;

    /// <summary>Standard deviation of the log-Gaussian tempo prior, in octaves.</summary>
    public double PriorWidthOctaves { get; init; } = 1.0;

    /// <summary>
    /// When a slower candidate wins, a tempo two or three times faster whose autocorrelation is at least
    /// this share of the winner's is taken instead: a click or drum track repeats at every multiple
    /// of its beat period, and the fastest strong periodicity is the beat.
    /// </summary>
    public double FasterLevelRatio { get; init; } = 0.7;

    /// <summary>When true (the default), the beat period follows the local tempo from the tempogram; when false it stays at the global tempo.</summary>
    public bool FollowTempoChanges { get; init; } = true;

    /// <summary>Length in seconds of the autocorrelation window of the tempogram.</summary>
    public double TempogramWindowSeconds { get; init; } = 5;

    /// <summary>Time in seconds between tempogram frames.</summary>
    public double TempogramHopSeconds { get; init; } = 0.25;

    /// <summary>
    /// Ellis' tightness α: the weight of the penalty α·(log(Δ/P))² on an inter-beat interval Δ that
    /// departs from the local period P (Ellis 2007, eq. 2); larger values keep the beat steadier.
    /// </summary>
    public double Tightness { get; init; } = 100;

    /// <summary>Beats per bar for downbeats (2 to 12); 0 (the default) chooses 3 or 4 from the accents.</summary>
    public int BeatsPerBar { get; init; }

    /// <summary>Settings of the onset-strength envelope the tracker runs on.</summary>
    public OnsetDetectorOptions Onsets { get; init; } = OnsetDetectorOptions.Default;

    /// <summary>The default settings.</summary>
    public static BeatTrackerOptions Default { get; } = new();

    internal void Validate()
    {
        if (!(MinBpm > 0 && MaxBpm > MinBpm && MaxBpm <= 1000))
            throw new ArgumentException($"The tempo range must satisfy 0 < MinBpm ({MinBpm}) < MaxBpm ({MaxBpm}) <= 1000.");
        if (!(PriorBpm > 0 && PriorWidthOctaves > 0))
            throw new ArgumentException($"PriorBpm ({PriorBpm}) and PriorWidthOctaves ({PriorWidthOctaves}) must be positive.");
        if (!(FasterLevelRatio > 0))
            throw new ArgumentException($"FasterLevelRatio ({FasterLevelRatio}) must be positive.");
        if (!(TempogramWindowSeconds > 0 && TempogramHopSeconds > 0))
            throw new ArgumentException($"TempogramWindowSeconds ({TempogramWindowSeconds}) and TempogramHopSeconds ({TempogramHopSeconds}) must be positive.");
        if (!(Tightness >= 0))
            throw new ArgumentException($"Tightness ({Tightness}) must not be negative.");
        if (BeatsPerBar != 0 && (BeatsPerBar < 2 || BeatsPerBar > 12))
            throw new ArgumentException($"BeatsPerBar ({BeatsPerBar}) must be 0 (automatic) or between 2 and 12.");
        ArgumentNullException.ThrowIfNull(Onsets);
    }
}
