namespace Augment.Benchmarks;

/// <summary>Seeded test frames for the colour-matching benchmarks: smooth sinusoids per channel, noise, and a per-channel cast.</summary>
internal static class CastScenes
{
    /// <summary>
    /// An sRGB frame whose channel c is 0.5 + 0.35·sin(x·<paramref name="xFrequency"/>·(c+1) + y·<paramref name="yFrequency"/>),
    /// scaled by the cast's gain for that channel, plus ±0.015 uniform noise, clipped to 0..1.
    /// </summary>
    public static ImageFrame Create(int width, int height, ComputeBudget budget, (float R, float G, float B) cast, int seed, double xFrequency, double yFrequency)
    {
        var frame = ImageFrame.Create(width, height, 3, ColorSpace.Srgb, budget: budget);
        var random = new Random(seed);
        float[] gains = [cast.R, cast.G, cast.B];
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < height; y++)
            {
                var row = frame.Row(c, y);
                for (var x = 0; x < width; x++)
                {
                    var wave = 0.5 + (0.35 * Math.Sin((x * xFrequency * (c + 1)) + (y * yFrequency)));
                    row[x] = (float)Math.Clamp((wave * gains[c]) + (0.03 * (random.NextDouble() - 0.5)), 0, 1);
                }
            }
        }
        return frame;
    }
}
