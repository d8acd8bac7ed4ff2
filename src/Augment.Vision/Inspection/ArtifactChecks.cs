namespace Augment.Vision;

/// <summary>Which AI-artifact checks <see cref="ImageInspection.Inspect"/> runs; combine with <c>|</c>.</summary>
[Flags]
public enum ArtifactChecks
{
    /// <summary>No check.</summary>
    None = 0,

    /// <summary>
    /// Periodic spectral peaks at frequencies k/N for upsampling periods N = 2, 4, 8 (the grid or checkerboard
    /// that nearest, bilinear and transposed-convolution upsampling layers leave), scored per tile.
    /// </summary>
    PeriodicSpectrum = 1,

    /// <summary>
    /// Regions whose local noise level (Immerkær's estimator per block) is implausibly low or high for their
    /// brightness compared with the rest of the image (smoothed, generated or spliced areas).
    /// </summary>
    NoiseInconsistency = 2,

    /// <summary>Text-like rows of glyph-shaped components whose stroke widths or spacing are irregular.</summary>
    IrregularText = 4,

    /// <summary>Every check.</summary>
    All = PeriodicSpectrum | NoiseInconsistency | IrregularText,
}
