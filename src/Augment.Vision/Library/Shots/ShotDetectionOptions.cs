namespace Augment.Vision;

/// <summary>Settings of <see cref="ShotDetector"/>. The defaults suit ordinary edited footage at 24 to 60 frames/s.</summary>
public sealed record ShotDetectionOptions
{
    /// <summary>The options used when none are given.</summary>
    public static ShotDetectionOptions Default { get; } = new();

    /// <summary>Width in pixels the frames are box-averaged down to before analysis (32..1024, default 160); larger sees finer detail and is slower.</summary>
    public int AnalysisWidthPixels { get; init; } = 160;

    /// <summary>
    /// Sensitivity of the adaptive cut threshold: a frame is a cut when its change score exceeds the
    /// median of its neighbours by this many robust standard deviations (1.4826 x MAD). Default 6; lower finds more cuts.
    /// </summary>
    public double CutDeviations { get; init; } = 6.0;

    /// <summary>Smallest change score (0..1, mean of the colour-histogram distance and the edge change ratio) that can be a cut, whatever the neighbours (default 0.25).</summary>
    public double MinCutScore { get; init; } = 0.25;

    /// <summary>Whether dissolves and fades through black are detected (default true); false finds hard cuts only.</summary>
    public bool DetectGradual { get; init; } = true;

    /// <summary>Shortest shot in seconds (default 0.3): boundaries closer than this to the previous one are dropped.</summary>
    public double MinShotSeconds { get; init; } = 0.3;

    /// <summary>Mean luma (0..1) below which a frame counts as black for fade detection (default 0.06).</summary>
    public double BlackLuma { get; init; } = 0.06;
}
