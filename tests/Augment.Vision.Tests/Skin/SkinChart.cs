namespace Augment.Vision.Tests.Skin;

/// <summary>
/// A 4x3 chart of 32x32 sRGB patches with ColorChecker values (light and dark skin never adjacent to
/// each other, so leakage across skin/background edges counts against the skin patches).
/// </summary>
internal static class SkinChart
{
    public const int Patch = 32;
    public const int Columns = 4;
    public const int Rows = 3;

    public static readonly (string Name, byte R, byte G, byte B, bool Skin)[] Patches =
    [
        ("light skin", 194, 150, 130, true), ("blue sky", 98, 122, 157, false), ("foliage", 87, 108, 67, false), ("dark skin", 115, 82, 68, true),
        ("blue", 56, 61, 150, false), ("green", 70, 148, 73, false), ("neutral 5", 122, 122, 121, false), ("neutral 3.5", 52, 52, 52, false),
        ("dark skin", 115, 82, 68, true), ("neutral 8", 200, 200, 200, false), ("light skin", 194, 150, 130, true), ("blue sky", 98, 122, 157, false),
    ];

    public static ImageFrame Create()
    {
        const int width = Patch * Columns, height = Patch * Rows;
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var p = Patches[((y / Patch) * Columns) + (x / Patch)];
                var i = ((y * width) + x) * 3;
                pixels[i] = p.R;
                pixels[i + 1] = p.G;
                pixels[i + 2] = p.B;
            }
        }
        return ImageFrame.FromPixels(pixels, width, height, PixelLayout.Rgb);
    }

    /// <summary>A copy of patch <paramref name="index"/>, shrunk by <paramref name="inset"/> pixels on every side.</summary>
    public static ImageFrame Crop(ImageFrame frame, int index, int inset = 0)
    {
        var x0 = ((index % Columns) * Patch) + inset;
        var y0 = ((index / Columns) * Patch) + inset;
        var size = Patch - (2 * inset);
        var crop = ImageFrame.Create(size, size, frame.Channels, frame.ColorSpace, frame.HasAlpha);
        for (var c = 0; c < frame.Channels; c++)
        {
            for (var y = 0; y < size; y++)
                frame.Row(c, y0 + y).Slice(x0, size).CopyTo(crop.Row(c, y));
        }
        return crop;
    }

    public static (float Min, float Max) Range(ImageFrame plane)
    {
        float min = float.MaxValue, max = float.MinValue;
        foreach (var v in plane.Plane(0))
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        return (min, max);
    }
}
