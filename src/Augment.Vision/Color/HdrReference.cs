namespace Augment.Vision;

/// <summary>
/// The luminance conventions colour-space conversion uses to place SDR and HDR signals on one scale.
/// Linear SDR (sRGB, Rec.709, linear Rec.2020) value 1.0 is diffuse white at
/// <see cref="SdrWhiteNits"/>; PQ carries absolute luminance; HLG is rendered for a nominal
/// <see cref="HlgPeakNits"/> display with system gamma <see cref="HlgSystemGamma"/>.
/// </summary>
public static class HdrReference
{
    /// <summary>Luminance of SDR/HDR reference (graphics) white, 203 cd/m² (ITU-R BT.2408).</summary>
    public const double SdrWhiteNits = 203.0;

    /// <summary>Luminance that PQ signal 1.0 represents, 10000 cd/m² (SMPTE ST 2084).</summary>
    public const double PqPeakNits = 10000.0;

    /// <summary>Nominal peak of the HLG reference display, 1000 cd/m² (ITU-R BT.2100).</summary>
    public const double HlgPeakNits = 1000.0;

    /// <summary>HLG OOTF system gamma at <see cref="HlgPeakNits"/>, 1.2 (ITU-R BT.2100).</summary>
    public const double HlgSystemGamma = 1.2;
}
