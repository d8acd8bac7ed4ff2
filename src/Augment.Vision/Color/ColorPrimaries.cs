namespace Augment.Vision;

/// <summary>
/// RGB to CIE XYZ matrices derived from the primaries' chromaticities and the D65 white point
/// (SMPTE RP 177 method), rather than copied as rounded constants.
/// </summary>
public static class ColorPrimaries
{
    /// <summary>CIE D65 white chromaticity x (ITU-R BT.709 / BT.2020 value).</summary>
    public const double D65X = 0.3127;

    /// <summary>CIE D65 white chromaticity y (ITU-R BT.709 / BT.2020 value).</summary>
    public const double D65Y = 0.3290;

    private static readonly ColorMatrix3x3 Rec709ToXyz = Derive(0.64, 0.33, 0.30, 0.60, 0.15, 0.06);
    private static readonly ColorMatrix3x3 Rec2020ToXyz = Derive(0.708, 0.292, 0.170, 0.797, 0.131, 0.046);
    private static readonly ColorMatrix3x3 XyzToRec709 = Rec709ToXyz.Invert();
    private static readonly ColorMatrix3x3 XyzToRec2020 = Rec2020ToXyz.Invert();

    /// <summary>D65 white in XYZ with Y = 1 (X = x/y, Z = (1 - x - y)/y).</summary>
    public static (double X, double Y, double Z) D65White => (D65X / D65Y, 1.0, (1.0 - D65X - D65Y) / D65Y);

    /// <summary>Linear RGB to XYZ (Y = 1 for RGB white).</summary>
    /// <param name="primaries">The RGB primaries.</param>
    public static ColorMatrix3x3 RgbToXyz(RgbPrimaries primaries) => primaries switch
    {
        RgbPrimaries.Rec709 => Rec709ToXyz,
        RgbPrimaries.Rec2020 => Rec2020ToXyz,
        _ => throw new ArgumentOutOfRangeException(nameof(primaries), primaries, "Unknown primaries."),
    };

    /// <summary>XYZ to linear RGB; the inverse of <see cref="RgbToXyz"/>.</summary>
    /// <param name="primaries">The RGB primaries.</param>
    public static ColorMatrix3x3 XyzToRgb(RgbPrimaries primaries) => primaries switch
    {
        RgbPrimaries.Rec709 => XyzToRec709,
        RgbPrimaries.Rec2020 => XyzToRec2020,
        _ => throw new ArgumentOutOfRangeException(nameof(primaries), primaries, "Unknown primaries."),
    };

    /// <summary>Linear RGB in <paramref name="source"/> primaries to linear RGB in <paramref name="target"/> primaries.</summary>
    /// <param name="source">Primaries of the input.</param>
    /// <param name="target">Primaries of the output.</param>
    public static ColorMatrix3x3 RgbToRgb(RgbPrimaries source, RgbPrimaries target) =>
        source == target ? ColorMatrix3x3.Identity : ColorMatrix3x3.Multiply(XyzToRgb(target), RgbToXyz(source));

    /// <summary>
    /// M = P·diag(S) where P's columns are the primaries' XYZ at Y = 1 and S = P⁻¹·W scales them so
    /// that RGB (1, 1, 1) lands on the white point W.
    /// </summary>
    private static ColorMatrix3x3 Derive(double xr, double yr, double xg, double yg, double xb, double yb)
    {
        var p = new ColorMatrix3x3(
            xr / yr, xg / yg, xb / yb,
            1.0, 1.0, 1.0,
            (1 - xr - yr) / yr, (1 - xg - yg) / yg, (1 - xb - yb) / yb);
        var (wx, wy, wz) = D65White;
        var (sr, sg, sb) = p.Invert().Transform(wx, wy, wz);
        return new(
            p.M11 * sr, p.M12 * sg, p.M13 * sb,
            p.M21 * sr, p.M22 * sg, p.M23 * sb,
            p.M31 * sr, p.M32 * sg, p.M33 * sb);
    }
}
