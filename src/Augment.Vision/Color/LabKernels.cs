namespace Augment.Vision;

/// <summary>
/// Per-pixel CIELAB, OKLab and CIEDE2000 in double precision. These are both the implementation and
/// the reference: their inputs are already per pixel, and the cost is dominated by cbrt/atan2, which
/// a vector form would not change much.
/// </summary>
internal static class LabKernels
{
    // CIE 15:2004 exact rational constants: epsilon = (6/29)^3, kappa = (29/3)^3.
    internal const double Epsilon = 216.0 / 24389.0;
    internal const double Kappa = 24389.0 / 27.0;

    private static readonly ColorMatrix3x3 SrgbToXyz = ColorPrimaries.RgbToXyz(RgbPrimaries.Rec709);
    private static readonly ColorMatrix3x3 XyzToSrgb = ColorPrimaries.XyzToRgb(RgbPrimaries.Rec709);

    // White taken from the same matrix so that RGB (1, 1, 1) is exactly L* = 100, a* = b* = 0.
    private static readonly double WhiteX = SrgbToXyz.M11 + SrgbToXyz.M12 + SrgbToXyz.M13;
    private static readonly double WhiteY = SrgbToXyz.M21 + SrgbToXyz.M22 + SrgbToXyz.M23;
    private static readonly double WhiteZ = SrgbToXyz.M31 + SrgbToXyz.M32 + SrgbToXyz.M33;

    internal static CieLab LinearSrgbToLab(double r, double g, double b)
    {
        var (x, y, z) = SrgbToXyz.Transform(r, g, b);
        return XyzToLab(x, y, z, WhiteX, WhiteY, WhiteZ);
    }

    /// <summary>CIE 1976 L*a*b* of XYZ relative to the white (<paramref name="whiteX"/>, <paramref name="whiteY"/>, <paramref name="whiteZ"/>).</summary>
    internal static CieLab XyzToLab(double x, double y, double z, double whiteX, double whiteY, double whiteZ)
    {
        var fx = F(x / whiteX);
        var fy = F(y / whiteY);
        var fz = F(z / whiteZ);
        return new CieLab(116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz));
    }

    internal static (double R, double G, double B) LabToLinearSrgb(CieLab lab)
    {
        var fy = (lab.L + 16.0) / 116.0;
        var fx = fy + lab.A / 500.0;
        var fz = fy - lab.B / 200.0;
        var x = FInverse(fx) * WhiteX;
        var y = (lab.L > Kappa * Epsilon ? fy * fy * fy : lab.L / Kappa) * WhiteY;
        var z = FInverse(fz) * WhiteZ;
        return XyzToSrgb.Transform(x, y, z);
    }

    private static double F(double t) => t > Epsilon ? Math.Cbrt(t) : (Kappa * t + 16.0) / 116.0;

    private static double FInverse(double f)
    {
        var cube = f * f * f;
        return cube > Epsilon ? cube : (116.0 * f - 16.0) / Kappa;
    }

    // OKLab, https://bottosson.github.io/posts/oklab/ (M1 from linear sRGB, M2 after the cube root).
    internal static Oklab LinearSrgbToOklab(double r, double g, double b)
    {
        var l = Math.Cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
        var m = Math.Cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
        var s = Math.Cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
        return new Oklab(
            0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s,
            1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s,
            0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s);
    }

    internal static (double R, double G, double B) OklabToLinearSrgb(Oklab lab)
    {
        var l = lab.L + 0.3963377774 * lab.A + 0.2158037573 * lab.B;
        var m = lab.L - 0.1055613458 * lab.A - 0.0638541728 * lab.B;
        var s = lab.L - 0.0894841775 * lab.A - 1.2914855480 * lab.B;
        l = l * l * l;
        m = m * m * m;
        s = s * s * s;
        return (
            4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s,
            -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s,
            -0.0041960863 * l - 0.7034186147 * m + 1.7076147010 * s);
    }

    /// <summary>CIEDE2000 with kL = kC = kH = 1, following Sharma, Wu and Dalal (2005), equations 1-23.</summary>
    internal static double DeltaE2000(CieLab first, CieLab second)
    {
        const double Pow25To7 = 6103515625.0; // 25^7
        var c1 = Math.Sqrt(first.A * first.A + first.B * first.B);
        var c2 = Math.Sqrt(second.A * second.A + second.B * second.B);
        var cMean7 = Math.Pow((c1 + c2) / 2.0, 7.0);
        var g = 0.5 * (1.0 - Math.Sqrt(cMean7 / (cMean7 + Pow25To7)));
        var a1 = (1.0 + g) * first.A;
        var a2 = (1.0 + g) * second.A;
        var c1p = Math.Sqrt(a1 * a1 + first.B * first.B);
        var c2p = Math.Sqrt(a2 * a2 + second.B * second.B);
        var h1 = HueDegrees(first.B, a1);
        var h2 = HueDegrees(second.B, a2);

        var deltaL = second.L - first.L;
        var deltaC = c2p - c1p;
        double deltaHue;
        if (c1p * c2p == 0.0)
            deltaHue = 0.0;
        else if (Math.Abs(h2 - h1) <= 180.0)
            deltaHue = h2 - h1;
        else
            deltaHue = h2 - h1 > 180.0 ? h2 - h1 - 360.0 : h2 - h1 + 360.0;
        var deltaH = 2.0 * Math.Sqrt(c1p * c2p) * Math.Sin(Radians(deltaHue / 2.0));

        var lMean = (first.L + second.L) / 2.0;
        var cMeanP = (c1p + c2p) / 2.0;
        double hMean;
        if (c1p * c2p == 0.0)
            hMean = h1 + h2;
        else if (Math.Abs(h1 - h2) <= 180.0)
            hMean = (h1 + h2) / 2.0;
        else
            hMean = h1 + h2 < 360.0 ? (h1 + h2 + 360.0) / 2.0 : (h1 + h2 - 360.0) / 2.0;

        var t = 1.0
            - 0.17 * Math.Cos(Radians(hMean - 30.0))
            + 0.24 * Math.Cos(Radians(2.0 * hMean))
            + 0.32 * Math.Cos(Radians(3.0 * hMean + 6.0))
            - 0.20 * Math.Cos(Radians(4.0 * hMean - 63.0));
        var deltaTheta = 30.0 * Math.Exp(-Math.Pow((hMean - 275.0) / 25.0, 2.0));
        var cMeanP7 = Math.Pow(cMeanP, 7.0);
        var rc = 2.0 * Math.Sqrt(cMeanP7 / (cMeanP7 + Pow25To7));
        var lOffset = (lMean - 50.0) * (lMean - 50.0);
        var sl = 1.0 + 0.015 * lOffset / Math.Sqrt(20.0 + lOffset);
        var sc = 1.0 + 0.045 * cMeanP;
        var sh = 1.0 + 0.015 * cMeanP * t;
        var rt = -Math.Sin(Radians(2.0 * deltaTheta)) * rc;

        var termL = deltaL / sl;
        var termC = deltaC / sc;
        var termH = deltaH / sh;
        return Math.Sqrt(termL * termL + termC * termC + termH * termH + rt * termC * termH);
    }

    private static double HueDegrees(double b, double a)
    {
        if (a == 0.0 && b == 0.0)
            return 0.0;
        var h = Math.Atan2(b, a) * (180.0 / Math.PI);
        return h < 0.0 ? h + 360.0 : h;
    }

    private static double Radians(double degrees) => degrees * (Math.PI / 180.0);
}
