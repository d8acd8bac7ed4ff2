namespace Augment.Vision;

/// <summary>A colour in Björn Ottosson's OKLab space (L 0..1 for SDR colours).</summary>
/// <param name="L">Perceived lightness, 0 (black) to 1 (white).</param>
/// <param name="A">Green (negative) to red (positive) axis.</param>
/// <param name="B">Blue (negative) to yellow (positive) axis.</param>
public readonly record struct Oklab(double L, double A, double B);
