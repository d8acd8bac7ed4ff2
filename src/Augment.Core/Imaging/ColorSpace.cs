namespace Augment;

/// <summary>
/// What the numbers in an <see cref="ImageFrame"/> mean: primaries plus transfer function. Values are
/// nominally 0..1 (1 = reference white for SDR, 10 000 cd/m² for PQ) and may go outside that range
/// while being processed.
/// </summary>
public enum ColorSpace
{
    /// <summary>Unknown or not colour (masks, depth, model outputs).</summary>
    Unspecified = 0,

    /// <summary>sRGB primaries (= Rec.709) with the sRGB transfer function (IEC 61966-2-1).</summary>
    Srgb,

    /// <summary>sRGB/Rec.709 primaries, linear light.</summary>
    LinearSrgb,

    /// <summary>Rec.709 primaries with the BT.1886 display transfer (gamma 2.4).</summary>
    Rec709,

    /// <summary>Rec.2020 primaries, linear light.</summary>
    LinearRec2020,

    /// <summary>Rec.2020 primaries with the PQ transfer (SMPTE ST 2084).</summary>
    Rec2020Pq,

    /// <summary>Rec.2020 primaries with the HLG transfer (ITU-R BT.2100).</summary>
    Rec2020Hlg,
}
