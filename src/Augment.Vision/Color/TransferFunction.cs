namespace Augment.Vision;

/// <summary>An opto-electronic / electro-optical transfer function (the "gamma" of a colour space).</summary>
public enum TransferFunction
{
    /// <summary>
    /// sRGB piecewise curve (IEC 61966-2-1): linear below 0.04045 encoded / 0.0031308 linear, power 2.4 above.
    /// Negative values are mirrored (extended sRGB) so out-of-gamut values survive a round trip.
    /// </summary>
    Srgb,

    /// <summary>
    /// ITU-R BT.1886 reference display EOTF with black level 0 and white 1: a pure power 2.4.
    /// Negative values are mirrored like <see cref="Srgb"/>.
    /// </summary>
    Bt1886,

    /// <summary>
    /// SMPTE ST 2084 perceptual quantiser. Linear values are display luminance normalised so that
    /// 1.0 = 10000 cd/m²; both directions clamp their input to 0..1.
    /// </summary>
    Pq,

    /// <summary>
    /// ITU-R BT.2100 hybrid log-gamma OETF. Linear values are normalised scene light E in 0..1
    /// (not display light; the OOTF is applied by colour-space conversion). Inputs below 0 clamp to 0.
    /// </summary>
    Hlg,
}
