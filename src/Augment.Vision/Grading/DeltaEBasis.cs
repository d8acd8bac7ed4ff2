namespace Augment.Vision;

/// <summary>How a <see cref="ClipGradeResult"/> measured its distance to the reference.</summary>
public enum DeltaEBasis
{
    /// <summary>Mean of per-pixel CIEDE2000 (the input and the single reference have the same size: same shot).</summary>
    Pixels,

    /// <summary>
    /// CIEDE2000 between the mean CIELAB colours of the input (a video's key frames) and of the
    /// references: sizes or content differ, so pixels do not correspond.
    /// </summary>
    MeanLab,
}
