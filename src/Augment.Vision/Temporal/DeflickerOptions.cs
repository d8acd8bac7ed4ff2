namespace Augment.Vision;

/// <summary>Settings of a <see cref="Deflicker"/> stage.</summary>
public sealed record DeflickerOptions
{
    /// <summary>
    /// Length of the smoothing window in frames. The causal exponential filter uses
    /// α = 2 / (WindowFrames + 1), whose noise reduction matches a moving average of this length;
    /// slow trends lag by about (WindowFrames − 1) / 2 frames. 1 disables smoothing.
    /// </summary>
    public int WindowFrames { get; init; } = 15;

    /// <summary>
    /// When true (default) the trajectory also tracks a per-frame slope (Brown's double exponential
    /// smoothing), so a slow real exposure ramp or fade passes through without the lag of a plain moving
    /// average; when false a single exponential moving average is used (less residual flicker, trends lag).
    /// </summary>
    public bool FollowTrend { get; init; } = true;

    /// <summary>How much of the correction is applied, 0 (identity) to 1 (full), in the log-gain domain.</summary>
    public double Strength { get; init; } = 1.0;

    /// <summary>The statistics to stabilise.</summary>
    public DeflickerMode Mode { get; init; } = DeflickerMode.Luminance;

    /// <summary>
    /// A change of mean luminance larger than this many photographic stops between a frame and the
    /// smoothed trajectory is taken as a shot change: the filter restarts so that one shot's grade
    /// does not bleed into the next. <see cref="double.PositiveInfinity"/> disables cut detection.
    /// </summary>
    public double SceneCutStops { get; init; } = 1.0;
}
