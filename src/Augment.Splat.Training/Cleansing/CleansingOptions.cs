namespace Augment.Splat.Training;

/// <summary>
/// Transient removal ("cleansing"): robust per-pixel loss weights that drop pixels the scene cannot explain in a view —
/// passers-by, cars, lens flares — so that they do not get baked into the Gaussians. A pixel is an outlier when its
/// residual |rendered - target| (mean over RGB) lies above the frame's <see cref="Quantile"/>, above
/// <see cref="MinimumResidual"/> and above <see cref="ResidualMultiplier"/> times the running mean L1 error of the
/// training — so parts of the scene that are merely not fitted yet (high residual in every view) are not dropped; the
/// outlier map is then smoothed (3×3 majority) to drop isolated pixels and dilated
/// by <see cref="DilationPixels"/> to cover the transient's edges. Outliers get weight 0. This is the trimmed robust
/// loss of RobustNeRF (Sabour et al., CVPR 2023: residual quantile, then spatial smoothing of the inlier map), as
/// SpotLessSplats (Sabour et al. 2024) applies it to 3DGS; neither's learned parts are used.
/// </summary>
public sealed record CleansingOptions
{
    /// <summary>
    /// Residual quantile of a frame above which pixels may be outliers: 0.5 (the median, as in RobustNeRF's trimmed
    /// loss) lets a transient cover up to half a frame; once the scene fits, <see cref="MinimumResidual"/> is the
    /// binding threshold.
    /// </summary>
    public float Quantile { get; init; } = 0.5f;

    /// <summary>Absolute residual floor (0..1 colour units): pixels explained this well are never dropped, so a converged clean view keeps all its pixels.</summary>
    public float MinimumResidual { get; init; } = 0.1f;

    /// <summary>Outliers must exceed this multiple of the running mean L1 error (mean over recent training steps).</summary>
    public float ResidualMultiplier { get; init; } = 4f;

    /// <summary>Pixels added around each outlier region.</summary>
    public int DilationPixels { get; init; } = 1;

    /// <summary>Fraction of the run before cleansing starts (early residuals are large everywhere and say nothing about transients).</summary>
    public float WarmupFraction { get; init; } = 0.1f;

    internal void Validate()
    {
        if (!(Quantile > 0 && Quantile < 1))
            throw new ArgumentOutOfRangeException(nameof(Quantile), $"The cleansing quantile must lie in (0, 1); got {Quantile}.");
        if (!(MinimumResidual >= 0) || !float.IsFinite(MinimumResidual))
            throw new ArgumentOutOfRangeException(nameof(MinimumResidual), $"The residual floor must be finite and non-negative; got {MinimumResidual}.");
        ArgumentOutOfRangeException.ThrowIfNegative(DilationPixels);
        if (!(ResidualMultiplier >= 0) || !float.IsFinite(ResidualMultiplier))
            throw new ArgumentOutOfRangeException(nameof(ResidualMultiplier), $"The residual multiplier must be finite and non-negative; got {ResidualMultiplier}.");
        if (!(WarmupFraction >= 0 && WarmupFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(WarmupFraction), $"The cleansing warm-up must lie in [0, 1]; got {WarmupFraction}.");
    }
}
