namespace Augment.Vision;

/// <summary>A set of RGB primaries, all with the D65 white point.</summary>
public enum RgbPrimaries
{
    /// <summary>ITU-R BT.709 / sRGB: R (0.64, 0.33), G (0.30, 0.60), B (0.15, 0.06).</summary>
    Rec709,

    /// <summary>ITU-R BT.2020 / BT.2100: R (0.708, 0.292), G (0.170, 0.797), B (0.131, 0.046).</summary>
    Rec2020,
}
