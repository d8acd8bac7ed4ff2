using Augment;
using Augment.Vision;

namespace GradeClips;

/// <summary>Generated footage: a park under a blue sky with a face-coloured patch, under a camera's colour cast.</summary>
internal static class Scenes
{
    /// <summary>A camera's cast: gains and a black lift per channel in linear light.</summary>
    internal readonly record struct Cast(double Red, double Green, double Blue, double Lift);

    public static readonly Cast Neutral = new(1.0, 1.0, 1.0, 0.0);
    public static readonly Cast Warm = new(1.3, 1.0, 0.7, 0.01);
    public static readonly Cast Cool = new(0.8, 0.95, 1.25, 0.0);
    public static readonly Cast Green = new(0.9, 1.2, 0.85, 0.02);

    /// <summary>Renders the scene (sRGB) with <paramref name="cast"/>; <paramref name="phase"/> moves the texture like a slow pan.</summary>
    public static ImageFrame Render(int width, int height, Cast cast, double phase)
    {
        var frame = ImageFrame.Create(width, height, 3, ColorSpace.LinearSrgb);
        for (var y = 0; y < height; y++)
        {
            var r = frame.Row(0, y);
            var g = frame.Row(1, y);
            var b = frame.Row(2, y);
            for (var x = 0; x < width; x++)
            {
                var u = (double)x / width;
                var v = (double)y / height;
                // Blue sky above, an olive park below, with texture that moves as the camera pans.
                var red = 0.18 + (0.12 * v) + (0.06 * Math.Sin((17 * u) + phase));
                var green = 0.28 + (0.06 * v) + (0.06 * Math.Sin((11 * v) + (5 * u) + phase));
                var blue = 0.60 - (0.45 * v) + (0.05 * Math.Cos((23 * u) - phase));
                // A face-coloured disc (light skin, linear sRGB) that should keep its natural tone.
                var dx = u - 0.7;
                var dy = v - 0.45;
                if ((dx * dx) + (dy * dy) < 0.01)
                    (red, green, blue) = (0.40, 0.24, 0.17);
                r[x] = (float)((red * cast.Red) + cast.Lift);
                g[x] = (float)((green * cast.Green) + cast.Lift);
                b[x] = (float)((blue * cast.Blue) + cast.Lift);
            }
        }
        frame.ConvertColorSpaceInPlace(ColorSpace.Srgb);
        return frame;
    }
}
