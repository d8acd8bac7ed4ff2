namespace Augment.Vision.Tests.Matching;

/// <summary>
/// The 24 patches of the X-Rite ColorChecker Classic as 8-bit sRGB (the widely published
/// BabelColor averages, rounded), for chart-style matching tests.
/// </summary>
internal static class ColorChecker
{
    public static readonly byte[,] Srgb8 =
    {
        { 115, 82, 68 }, { 194, 150, 130 }, { 98, 122, 157 }, { 87, 108, 67 }, { 133, 128, 177 }, { 103, 189, 170 },
        { 214, 126, 44 }, { 80, 91, 166 }, { 193, 90, 99 }, { 94, 60, 108 }, { 157, 188, 64 }, { 224, 163, 46 },
        { 56, 61, 150 }, { 70, 148, 73 }, { 175, 54, 60 }, { 231, 199, 31 }, { 187, 86, 149 }, { 8, 133, 161 },
        { 243, 243, 242 }, { 200, 200, 200 }, { 160, 160, 160 }, { 122, 122, 121 }, { 85, 85, 85 }, { 52, 52, 52 },
    };

    public const int Patches = 24;

    /// <summary>Patch <paramref name="index"/> as sRGB-encoded 0..1.</summary>
    public static (float R, float G, float B) Patch(int index) =>
        (Srgb8[index, 0] / 255f, Srgb8[index, 1] / 255f, Srgb8[index, 2] / 255f);

    /// <summary>
    /// A 6x4 chart of square patches (<paramref name="patchPixels"/> each, with a grey border of
    /// <paramref name="borderPixels"/>) as an sRGB frame, every patch colour passed through <paramref name="camera"/>.
    /// </summary>
    public static ImageFrame Chart(int patchPixels, int borderPixels, Func<float, float, float, (float R, float G, float B)> camera)
    {
        var cell = patchPixels + borderPixels;
        var width = (6 * cell) + borderPixels;
        var height = (4 * cell) + borderPixels;
        var frame = ImageFrame.Create(width, height, 3, ColorSpace.Srgb);
        var (br, bg, bb) = camera(0.3f, 0.3f, 0.3f);
        frame.Plane(0).Fill(br);
        frame.Plane(1).Fill(bg);
        frame.Plane(2).Fill(bb);
        for (var p = 0; p < Patches; p++)
        {
            var region = PatchRegion(p, patchPixels, borderPixels);
            var (r, g, b) = Patch(p);
            var (cr, cg, cb) = camera(r, g, b);
            for (var y = region.Y; y < region.Y + region.Height; y++)
            {
                frame.Row(0, y).Slice(region.X, region.Width).Fill(cr);
                frame.Row(1, y).Slice(region.X, region.Width).Fill(cg);
                frame.Row(2, y).Slice(region.X, region.Width).Fill(cb);
            }
        }
        return frame;
    }

    /// <summary>Where patch <paramref name="index"/> lies in a <see cref="Chart"/>.</summary>
    public static PixelRegion PatchRegion(int index, int patchPixels, int borderPixels)
    {
        var cell = patchPixels + borderPixels;
        return new PixelRegion(borderPixels + ((index % 6) * cell), borderPixels + ((index / 6) * cell), patchPixels, patchPixels);
    }
}
