namespace Augment.Vision;

/// <summary>
/// ITU-R BT.2446-1 (Report, 2021) method A: the HDR→SDR tone mapping and its SDR→HDR inverse, on
/// Rec.2020 R'G'B' with a 1/2.4 power non-linearity and BT.2020 luma (Y'C'bC'r) weights.
/// Scalar double-precision reference, called once per pixel.
/// </summary>
internal static class Bt2446MethodA
{
    // BT.2020 non-constant-luminance luma weights and the C'b / C'r scale factors.
    internal const double LumaRed = 0.2627;
    internal const double LumaGreen = 0.6780;
    internal const double LumaBlue = 0.0593;
    internal const double CbScale = 1.8814;
    internal const double CrScale = 1.4746;

    // Inverse mapping (Report table 3): exponent E(Y'') = a·Y''² + b·Y'' + c, two segments.
    internal const double A1 = 1.8712e-5, B1 = -2.7334e-3, C1 = 1.3141;
    internal const double A2 = 2.8305e-6, B2 = -7.4622e-4, C2 = 1.2528;

    /// <summary>Peak of the inverse mapping's output scale (the method is defined for a 1000 cd/m² display).</summary>
    internal const double InversePeak = 1000.0;

    /// <summary>Chroma scaling factor of the inverse mapping: S_C = 1.075 · Y'_HDR / Y'.</summary>
    internal const double InverseChromaGain = 1.075;

    /// <summary>
    /// Where the exponent switches from the first to the second segment. The Report switches at
    /// Y'' = 70, where its rounded coefficients disagree by 1.6e-5 (a downward step of 7e-5 relative in
    /// the output). Switching at the segments' crossing near 69.93 keeps the curve continuous and
    /// monotonic; both exponents differ by under 2e-5 in between.
    /// </summary>
    internal static readonly double SegmentSwitch = SegmentCrossing();

    /// <summary>The inverse luma mapping Y'_HDR = Y''^E(Y''), Y'' = 255·Y'; returns Y'_HDR / 1000 (0..1).</summary>
    internal static double InverseLuma(double lumaSdr)
    {
        var y = 255.0 * Math.Clamp(lumaSdr, 0.0, 1.0);
        if (y <= 0.0)
            return 0.0;
        var exponent = y <= SegmentSwitch ? (A1 * y + B1) * y + C1 : (A2 * y + B2) * y + C2;
        return Math.Pow(y, exponent) / InversePeak;
    }

    /// <summary>
    /// SDR→HDR: gamma-encoded (1/2.4) Rec.2020 SDR R'G'B' in 0..1 to linear Rec.2020 display light
    /// relative to the 1000 cd/m² peak (0..1).
    /// </summary>
    internal static (double Red, double Green, double Blue) Inverse(double red, double green, double blue)
    {
        var luma = LumaRed * red + LumaGreen * green + LumaBlue * blue;
        var cb = (blue - luma) / CbScale;
        var cr = (red - luma) / CrScale;
        var lumaHdr = InverseLuma(luma);
        // Chroma follows luma with the Report's 1.075 gain (both already divided by 1000 here).
        var gain = luma > 0.0 ? InverseChromaGain * lumaHdr / luma : 1.0 / InversePeak;
        cb *= gain;
        cr *= gain;
        var r = Math.Clamp(lumaHdr + CrScale * cr, 0.0, 1.0);
        var g = Math.Clamp(lumaHdr - (LumaBlue * CbScale / LumaGreen) * cb - (LumaRed * CrScale / LumaGreen) * cr, 0.0, 1.0);
        var b = Math.Clamp(lumaHdr + CbScale * cb, 0.0, 1.0);
        return (Math.Pow(r, 2.4), Math.Pow(g, 2.4), Math.Pow(b, 2.4));
    }

    /// <summary>ρ = 1 + 32·(L / 10000)^(1/2.4), the perceptual-linearisation base for a peak of L cd/m².</summary>
    internal static double Rho(double peakNits) => 1.0 + 32.0 * Math.Pow(peakNits / HdrReference.PqPeakNits, 1.0 / 2.4);

    /// <summary>The forward luma mapping: HDR luma Y' (0..1 of a <paramref name="rhoHdr"/> display) to SDR luma Y'_SDR.</summary>
    internal static double ForwardLuma(double lumaHdr, double rhoHdr, double rhoSdr)
    {
        lumaHdr = Math.Clamp(lumaHdr, 0.0, 1.0);
        // Step 1: perceptually linear, Y'p = log(1 + (ρ_HDR − 1)·Y') / log(ρ_HDR).
        var yp = Math.Log(1.0 + (rhoHdr - 1.0) * lumaHdr) / Math.Log(rhoHdr);
        // Step 2: knee in the perceptual domain.
        double yc;
        if (yp <= 0.7399)
            yc = 1.0770 * yp;
        else if (yp < 0.9909)
            yc = (-1.1510 * yp + 2.7811) * yp - 0.6302;
        else
            yc = 0.5 * yp + 0.5;
        // Step 3: back to the gamma domain, Y'_SDR = (ρ_SDR^Y'c − 1) / (ρ_SDR − 1).
        return (Math.Pow(rhoSdr, yc) - 1.0) / (rhoSdr - 1.0);
    }

    /// <summary>
    /// HDR→SDR: linear Rec.2020 display light relative to the source peak (0..1) to gamma-encoded (1/2.4)
    /// Rec.2020 SDR R'G'B'.
    /// </summary>
    internal static (double Red, double Green, double Blue) Forward(double red, double green, double blue, double rhoHdr, double rhoSdr)
    {
        var rp = Math.Pow(Math.Clamp(red, 0.0, 1.0), 1.0 / 2.4);
        var gp = Math.Pow(Math.Clamp(green, 0.0, 1.0), 1.0 / 2.4);
        var bp = Math.Pow(Math.Clamp(blue, 0.0, 1.0), 1.0 / 2.4);
        var luma = LumaRed * rp + LumaGreen * gp + LumaBlue * bp;
        if (luma <= 0.0)
            return (0.0, 0.0, 0.0);
        var lumaSdr = ForwardLuma(luma, rhoHdr, rhoSdr);
        // Colour correction: C'tmo = Y'_SDR / (1.1·Y') · C', Y'tmo = Y'_SDR − max(0.1·C'r,tmo, 0).
        var scale = lumaSdr / (1.1 * luma);
        var cb = scale * (bp - luma) / CbScale;
        var cr = scale * (rp - luma) / CrScale;
        var y = lumaSdr - Math.Max(0.1 * cr, 0.0);
        return (
            y + CrScale * cr,
            y - (LumaBlue * CbScale / LumaGreen) * cb - (LumaRed * CrScale / LumaGreen) * cr,
            y + CbScale * cb);
    }

    private static double SegmentCrossing()
    {
        // (A1 − A2)·x² + (B1 − B2)·x + (C1 − C2) = 0; take the root near 70.
        var a = A1 - A2;
        var b = B1 - B2;
        var c = C1 - C2;
        var root = Math.Sqrt(b * b - 4 * a * c);
        return (-b + root) / (2 * a);
    }
}
