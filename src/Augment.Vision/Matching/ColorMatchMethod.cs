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

    /// <summary>
    /// Sliced optimal transport (iterative distribution transfer, Pitié, Kokaram and Dahyot 2005/2007)
    /// in OKLab: up to 65 536 sampled source colours are moved, over a series of random rotations, to
    /// the reference's 1D quantiles along every rotated axis until their 3D distribution matches the
    /// reference's. The (original → transported) pairs are fitted with a smooth LUT over sRGB-encoded
    /// colours (<see cref="ColorMatchOptions.LatticeSize"/>), so the map is a smooth function of colour.
    /// </summary>
    SlicedOt = 3,

    /// <summary>
    /// A regularised 3D LUT (smooth lattice regression over sRGB-encoded colours) fitted to colour
    /// pairs: the mean colours of <see cref="ColorMatchOptions.Correspondences"/> when given; otherwise,
    /// when source and reference are the same size, the aligned pixel pairs (two cameras, one shot);
    /// otherwise the sliced-OT pairs with stronger smoothing (a smoother, more global grade).
    /// </summary>
    Lut = 4,

    /// <summary>
    /// A learned colour transfer: <see cref="ColorMatchOptions.Model"/> is run once on the source and
    /// reference, and its (source pixel → output pixel) pairs are fitted with a smooth LUT, so one
    /// model run on a key frame grades a whole shot without flicker.
    /// </summary>
    Model = 5,
}
