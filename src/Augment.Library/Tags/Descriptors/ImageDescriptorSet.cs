namespace Augment.Library;

/// <summary>The model-free descriptors of one picture, measured by <see cref="ImageDescriptors.Compute"/>.</summary>
/// <param name="Colors">Dominant colours, largest share first (at most <see cref="DescriptorOptions.ColorCount"/>; fewer
/// when the picture has fewer distinct colours). Shares add up to 1.</param>
/// <param name="MeanLightness">Mean CIELAB L*, 0 (black) to 100 (white).</param>
/// <param name="RmsContrast">RMS contrast: the standard deviation of L* divided by 100 (0 for a flat picture, 0.5 for
/// half black, half white).</param>
/// <param name="Colorfulness">Hasler and Süsstrunk's colourfulness M (2003) on 0..255 sRGB values: 0 for a grey picture,
/// about 33 "moderately", 59 "quite", 82 "highly" colourful.</param>
/// <param name="Warmth">Mean of a*·cos 60° + b*·sin 60° (CIELAB units): the projection on the orange (positive) to
/// sky-blue (negative) axis; about 0 for neutral pictures.</param>
/// <param name="NeutralChroma">95th percentile of CIELAB chroma C*ab over the pixels: below about 6 the picture is
/// black and white (or toned very slightly).</param>
/// <param name="Width">Width in pixels of the analysed (downscaled) picture.</param>
/// <param name="Height">Height in pixels of the analysed picture.</param>
public sealed record ImageDescriptorSet(
    IReadOnlyList<DominantColor> Colors,
    double MeanLightness,
    double RmsContrast,
    double Colorfulness,
    double Warmth,
    double NeutralChroma,
    int Width,
    int Height);
