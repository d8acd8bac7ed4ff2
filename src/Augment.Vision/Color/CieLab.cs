namespace Augment.Vision;

/// <summary>A CIE 1976 L*a*b* colour relative to D65 white (L* 0..100).</summary>
/// <param name="L">Lightness L*, 0 (black) to 100 (diffuse white).</param>
/// <param name="A">Green (negative) to red (positive) axis a*.</param>
/// <param name="B">Blue (negative) to yellow (positive) axis b*.</param>
public readonly record struct CieLab(double L, double A, double B);
