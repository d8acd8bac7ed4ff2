namespace Augment.Vision;

/// <summary>Settings for <see cref="SkinMask.Estimate"/>.</summary>
public sealed record SkinMaskOptions
{
    /// <summary>The defaults: a 3-pixel Gaussian smoothing radius.</summary>
    public static SkinMaskOptions Default { get; } = new();

    /// <summary>
    /// Half-width in pixels of the separable Gaussian (σ = radius / 2) that smooths the per-pixel
    /// likelihood, so a grade attenuated by the mask has no hard seams; 0 leaves it unsmoothed.
    /// </summary>
    public int SmoothingRadiusPixels { get; init; } = 3;

    /// <summary>
    /// For <see cref="SkinProtection.ApplyProtectingSkin"/>: after the attenuated grade, turn each pixel's
    /// CIELAB hue back toward its original hue by its skin likelihood (lightness and chroma keep the
    /// graded values), so partially graded skin stays on the natural skin-tone line. Off by default.
    /// </summary>
    public bool KeepSkinHue { get; init; }
}
