namespace Augment.Vision;

/// <summary>
/// The per-pixel skin likelihood: a classical chroma model in CIELAB (D65). Human skin of every
/// pigmentation lies on a narrow band of hue: melanin and haemoglobin both shift reflectance toward
/// red-yellow, so skin differs mostly in lightness and chroma, not hue (the "skin-tone line"; see
/// Hsu, Abdel-Mottaleb and Jain, "Face detection in color images", IEEE PAMI 24(5), 2002, whose
/// elliptical CbCr cluster is the same observation in YCbCr). The model is a product of three soft
/// windows, each 1 inside its band and a Gaussian fall-off outside:
/// <list type="bullet">
/// <item>hue angle h = atan2(b*, a*) in [30°, 65°], σ 10°: the Macbeth ColorChecker skin patches sit
/// at h ≈ 45° (light skin L 65.7 a 18.1 b 17.8; dark skin L 37.9 a 13.6 b 14.1, published CIELAB
/// values), and the band covers pale pink (≈ 30°) to olive/yellowish (≈ 65°) skin;</item>
/// <item>chroma C* in [10, 40], σ 5 below and 8 above: greys (C* ≈ 0) and saturated oranges/reds
/// (C* ≥ 55, e.g. the chart's orange C* 67) are not skin;</item>
/// <item>lightness L* in [18, 92], σ 5: very dark pixels have unreliable hue (noise), very bright ones
/// are specular highlights or clipped.</item>
/// </list>
/// Constants are derived here from the chart values above, not taken from other code.
/// </summary>
internal static class SkinChromaModel
{
    public const double HueLowDegrees = 30, HueHighDegrees = 65, HueSigmaDegrees = 10;
    public const double ChromaLow = 10, ChromaHigh = 40, ChromaSigmaLow = 5, ChromaSigmaHigh = 8;
    public const double LightnessLow = 18, LightnessHigh = 92, LightnessSigma = 5;

    /// <summary>Skin likelihood 0..1 of one linear-sRGB pixel; 0 for NaN or infinite input.</summary>
    public static float Likelihood(float red, float green, float blue)
    {
        if (!float.IsFinite(red) || !float.IsFinite(green) || !float.IsFinite(blue))
            return 0f;
        var lab = LabKernels.LinearSrgbToLab(red, green, blue);
        return (float)Likelihood(lab.L, lab.A, lab.B);
    }

    /// <summary>Skin likelihood 0..1 of one CIELAB colour.</summary>
    public static double Likelihood(double lightness, double a, double b)
    {
        var chroma = Math.Sqrt((a * a) + (b * b));
        var hue = Math.Atan2(b, a) * (180.0 / Math.PI); // -180..180; skin is far from the wrap-around.
        var result = Window(hue, HueLowDegrees, HueHighDegrees, HueSigmaDegrees, HueSigmaDegrees)
            * Window(chroma, ChromaLow, ChromaHigh, ChromaSigmaLow, ChromaSigmaHigh)
            * Window(lightness, LightnessLow, LightnessHigh, LightnessSigma, LightnessSigma);
        return double.IsFinite(result) ? Math.Clamp(result, 0.0, 1.0) : 0.0;
    }

    /// <summary>1 inside [low, high], a Gaussian of the distance to the band outside it.</summary>
    private static double Window(double value, double low, double high, double sigmaBelow, double sigmaAbove)
    {
        if (value < low)
        {
            var d = (low - value) / sigmaBelow;
            return Math.Exp(-0.5 * d * d);
        }
        if (value > high)
        {
            var d = (value - high) / sigmaAbove;
            return Math.Exp(-0.5 * d * d);
        }
        return 1.0;
    }
}
