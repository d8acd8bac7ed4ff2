namespace Augment.Splat.Training;

/// <summary>
/// Adaptive density control (Kerbl et al. 2023, §5.2): every <see cref="Interval"/> iterations between
/// <see cref="StartIteration"/> and <see cref="EndIteration"/>, Gaussians whose mean screen-space gradient exceeds
/// <see cref="GradientThreshold"/> are cloned (small ones) or split in two (large ones), and faint or oversized ones are
/// pruned; every <see cref="OpacityResetInterval"/> iterations opacities are reset low. The defaults are the reference
/// schedule of a 30 000-iteration run; <see cref="ForIterations"/> scales it to a shorter one.
/// </summary>
public sealed record DensityControlOptions
{
    /// <summary>The reference run length the defaults are written for.</summary>
    public const int ReferenceIterations = 30_000;

    /// <summary>Whether to densify and prune at all (false keeps the initial Gaussians).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>First iteration that densifies.</summary>
    public int StartIteration { get; init; } = 500;

    /// <summary>Densification stops at this iteration.</summary>
    public int EndIteration { get; init; } = 15_000;

    /// <summary>Iterations between densifications.</summary>
    public int Interval { get; init; } = 100;

    /// <summary>Iterations between opacity resets (only while densifying; 0 disables).</summary>
    public int OpacityResetInterval { get; init; } = 3000;

    /// <summary>
    /// Threshold on the view-averaged norm of dLoss/d(screen mean) in the reference's NDC units (2e-4). The rasteriser
    /// reports the gradient per pixel; since NDC spans 2 units over W pixels, |∂L/∂ndc| = (W / 2) |∂L/∂pixel|, so the
    /// trainer scales each view's statistic by W/2 before comparing: 2e-4 in NDC is 4e-4 / W per pixel (3.1e-6 at W = 128).
    /// </summary>
    public float GradientThreshold { get; init; } = 2e-4f;

    /// <summary>A Gaussian whose largest scale is at most this fraction of the scene extent is cloned; larger ones are split.</summary>
    public float PercentDense { get; init; } = 0.01f;

    /// <summary>Splits draw this many samples from the parent Gaussian.</summary>
    public int SplitCount { get; init; } = 2;

    /// <summary>Children of a split get the parent's scales divided by this (0.8 × <see cref="SplitCount"/> = 1.6 in 3DGS).</summary>
    public float SplitScaleDivisor { get; init; } = 1.6f;

    /// <summary>Gaussians with opacity (after the sigmoid) below this are pruned.</summary>
    public float MinOpacity { get; init; } = 0.005f;

    /// <summary>After the first opacity reset, Gaussians whose screen radius exceeded this many pixels are pruned (3DGS: 20 at ~1000-pixel images).</summary>
    public float MaxScreenRadiusPixels { get; init; } = 20;

    /// <summary>After the first opacity reset, Gaussians larger than this fraction of the scene extent are pruned.</summary>
    public float MaxWorldScaleFraction { get; init; } = 0.1f;

    /// <summary>Opacity that a reset caps every Gaussian at.</summary>
    public float ResetOpacity { get; init; } = 0.01f;

    /// <summary>Most Gaussians the scene may hold: densification takes the candidates with the largest gradients first and stops at this count.</summary>
    public int MaxGaussians { get; init; } = 1_000_000;

    /// <summary>
    /// The reference schedule scaled to a run of <paramref name="iterations"/>: start, end, interval and reset interval
    /// multiplied by iterations / 30 000, with floors that keep short runs sane: densification starts after at least a
    /// tenth of the run (up to the reference's 500) so colours settle first, runs at most every 50 iterations so each
    /// decision averages the gradient over several views, and opacity resets come at least 10 intervals apart.
    /// </summary>
    /// <param name="iterations">Length of the run.</param>
    public static DensityControlOptions ForIterations(int iterations)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(iterations);
        var scale = (double)iterations / ReferenceIterations;
        var defaults = new DensityControlOptions();
        var interval = Math.Max((int)Math.Round(defaults.Interval * scale), Math.Min(defaults.Interval, 50));
        return defaults with
        {
            StartIteration = Math.Max((int)Math.Round(defaults.StartIteration * scale), Math.Min(defaults.StartIteration, iterations / 10)),
            EndIteration = (int)Math.Round(defaults.EndIteration * scale),
            Interval = interval,
            OpacityResetInterval = Math.Max((int)Math.Round(defaults.OpacityResetInterval * scale), 10 * interval),
        };
    }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(StartIteration);
        ArgumentOutOfRangeException.ThrowIfNegative(EndIteration);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Interval);
        ArgumentOutOfRangeException.ThrowIfNegative(OpacityResetInterval);
        ArgumentOutOfRangeException.ThrowIfLessThan(SplitCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxGaussians);
        if (!(GradientThreshold > 0) || !(PercentDense > 0) || !(SplitScaleDivisor > 0) || !(MaxScreenRadiusPixels > 0) || !(MaxWorldScaleFraction > 0))
            throw new ArgumentOutOfRangeException(nameof(GradientThreshold), $"Density thresholds must be positive: gradient {GradientThreshold}, percent dense {PercentDense}, split divisor {SplitScaleDivisor}, screen radius {MaxScreenRadiusPixels}, world scale {MaxWorldScaleFraction}.");
        if (!(MinOpacity >= 0 && MinOpacity < 1) || !(ResetOpacity > 0 && ResetOpacity < 1))
            throw new ArgumentOutOfRangeException(nameof(MinOpacity), $"Opacities must lie in (0, 1): minimum {MinOpacity}, reset {ResetOpacity}.");
    }
}
