using Augment.Vision;

namespace Augment.Library;

/// <summary>One dominant colour of a picture: a k-means cluster centre in CIELAB and the share of pixels nearest to it.</summary>
/// <param name="Name">The nearest entry of the fixed named palette by CIEDE2000, for example "red" or "dark green".</param>
/// <param name="Share">Fraction of the analysed pixels in the cluster, 0..1.</param>
/// <param name="Red">sRGB-encoded red of the centre, 0..1.</param>
/// <param name="Green">sRGB-encoded green of the centre, 0..1.</param>
/// <param name="Blue">sRGB-encoded blue of the centre, 0..1.</param>
/// <param name="Lab">The centre in CIELAB (D65).</param>
public readonly record struct DominantColor(string Name, float Share, float Red, float Green, float Blue, CieLab Lab)
{
    /// <summary>The centre as an HTML hex colour, for example "#C81E1E".</summary>
    public string Hex => $"#{ToByte(Red):X2}{ToByte(Green):X2}{ToByte(Blue):X2}";

    private static int ToByte(float value) => (int)MathF.Round(Math.Clamp(value, 0f, 1f) * 255f);
}
