namespace Augment.Vision;

/// <summary>
/// The reconstruction filter a resize weighs source pixels with. When shrinking, every kernel is
/// stretched by the shrink factor so that it also low-passes (no aliasing).
/// </summary>
public enum ResampleKernel
{
    /// <summary>
    /// Lanczos with three lobes, sinc(x)·sinc(x/3) for |x| &lt; 3 (Duchon 1979; Turkowski 1990). The
    /// sharpest of these; rings slightly at hard edges. The default.
    /// </summary>
    Lanczos3 = 0,

    /// <summary>
    /// Catmull-Rom cubic spline (Mitchell-Netravali B = 0, C = 1/2): interpolating, sharp, mild ringing.
    /// </summary>
    CatmullRom,

    /// <summary>
    /// Mitchell-Netravali cubic with B = C = 1/3 (Mitchell and Netravali 1988, "Reconstruction filters in
    /// computer graphics"): the authors' recommended trade-off between blur, ringing and anisotropy.
    /// Not interpolating: it softens slightly even at 1:1.
    /// </summary>
    Mitchell,

    /// <summary>
    /// Box: area averaging when shrinking (each output pixel is the mean of the source pixels it covers),
    /// nearest neighbour when enlarging.
    /// </summary>
    Box,

    /// <summary>Triangle (tent): bilinear interpolation when enlarging, a triangle-weighted mean when shrinking.</summary>
    Bilinear,
}
