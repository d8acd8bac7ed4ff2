namespace Augment.Vision;

/// <summary>How <see cref="ColorMatch"/> maps a source's colours onto a reference's.</summary>
public enum ColorMatchMethod
{
    /// <summary>
    /// Reinhard et al. (2001), "Color Transfer between Images": each channel's mean and standard
    /// deviation moved to the reference's, in OKLab (a decorrelated perceptual space like Reinhard's lαβ).
    /// </summary>
    Reinhard = 0,

    /// <summary>
    /// Pitié and Kokaram (2007) linear Monge–Kantorovich transform in linear sRGB: a symmetric 3x3 matrix
    /// and offset that give the source the reference's mean and full 3x3 covariance with the least
    /// colour displacement.
    /// </summary>
    Mkl = 1,

    /// <summary>Per-channel histogram (CDF) matching in OKLab, with linear interpolation within bins.</summary>
    Histogram = 2,
}
