namespace Augment.Vision;

/// <summary>Hald CLUT conversions on <see cref="Lut3D"/>: <c>lut.SaveHald("grade.png")</c>.</summary>
public static class HaldClutExtensions
{
    /// <summary>
    /// The LUT as a Hald CLUT image of <paramref name="level"/> (resampled with tetrahedral
    /// interpolation unless the LUT already has level^2 points over [0, 1]); see <see cref="HaldClut.FromLut(Lut3D, int, ComputeBudget?)"/>.
    /// </summary>
    /// <param name="lut">The LUT.</param>
    /// <param name="level">The Hald level (2..16): an image of level^3 x level^3 pixels.</param>
    /// <returns>An RGB frame the caller disposes.</returns>
    public static ImageFrame ToHaldImage(this Lut3D lut, int level) => HaldClut.FromLut(lut, level);

    /// <summary>Saves the LUT as a Hald CLUT image (16-bit by default); see <see cref="HaldClut.Save"/>.</summary>
    /// <param name="lut">The LUT; its size must be level^2 with domain [0, 1] unless <paramref name="level"/> is given.</param>
    /// <param name="path">Destination (.png or .tif for 16 bits).</param>
    /// <param name="options">Format and bit depth; 16 bits per channel when null.</param>
    /// <param name="level">The Hald level (2..16) to resample to; null to store the LUT point for point.</param>
    public static void SaveHald(this Lut3D lut, string path, ImageSaveOptions? options = null, int? level = null) =>
        HaldClut.Save(lut, path, options, level);
}
