using Augment;
using Augment.Vision;

namespace FindFootage;

/// <summary>A small generated shoot: two clips with hard cuts (as .y4m, which needs no ffmpeg) and a photograph with a copy.</summary>
internal static class Shoot
{
    private const int Width = 192, Height = 108, Fps = 25, ShotFrames = 40;

    /// <summary>Length of every generated shot.</summary>
    public const double ShotSeconds = (double)ShotFrames / Fps;

    public static void Write(string folder)
    {
        Directory.CreateDirectory(folder);
        Clip(Path.Combine(folder, "beach.y4m"), [Sunset, Sea, Sand]);
        Clip(Path.Combine(folder, "street.y4m"), [Night, Day]);
        using var photo = Photo(480, 320);
        photo.Save(Path.Combine(folder, "photo.png"));
        using var copy = photo.Resize(240, 160, ResampleKernel.Lanczos3);
        copy.Save(Path.Combine(folder, "photo-copy.jpg"));
    }

    // Each shot is a picture function of (u, v) in 0..1 and the frame number; a block drifts across for motion.
    private delegate (float R, float G, float B) Scene(float u, float v, int frame);

    private static (float, float, float) Sunset(float u, float v, int f) =>
        v > 0.75f ? (0.12f, 0.08f, 0.06f) : Disc(u, v, 0.7f, 0.6f, 0.12f) ? (1f, 0.9f, 0.6f) : Lit(1f, 0.62f - 0.25f * v, 0.1f * v, 0.8f + 0.2f * MathF.Cos(3 * MathF.PI * u));

    private static (float, float, float) Sea(float u, float v, int f) =>
        v < 0.4f ? (0.6f, 0.8f, 0.95f) : Lit(0.05f, 0.35f, 0.6f, 0.8f + 0.2f * MathF.Cos(2 * MathF.PI * (4 * v + 0.05f * f)));

    private static (float, float, float) Sand(float u, float v, int f) =>
        Lit(0.85f, 0.75f, 0.55f, 0.8f + 0.2f * MathF.Cos(4 * MathF.PI * u) * MathF.Cos(3 * MathF.PI * v));

    private static (float, float, float) Night(float u, float v, int f) =>
        Disc(u, v, 0.2f, 0.2f, 0.1f) ? (0.9f, 0.9f, 0.8f) : Lit(0.02f, 0.05f + 0.05f * v, 0.55f + 0.2f * v, 0.8f + 0.2f * MathF.Cos(4 * MathF.PI * (u + v)));

    private static (float, float, float) Day(float u, float v, int f) =>
        v < 0.3f ? (0.55f, 0.75f, 0.95f) : Lit(0.5f, 0.5f, 0.52f, 0.8f + 0.2f * MathF.Cos(5 * MathF.PI * u));

    private static (float, float, float) Lit(float r, float g, float b, float light) => (r * light, g * light, b * light);

    private static bool Disc(float u, float v, float cu, float cv, float radius) =>
        (u - cu) * (u - cu) * (Width * Width) + (v - cv) * (v - cv) * (Height * Height) < radius * radius * Height * Height;

    private static void Clip(string path, Scene[] shots)
    {
        using var writer = Y4mWriter.Create(path, Width, Height, Fps, 1, Y4mChroma.Yuv444);
        foreach (var scene in shots)
        {
            for (var f = 0; f < ShotFrames; f++)
            {
                using var frame = ImageFrame.Create(Width, Height, 3);
                for (var y = 0; y < Height; y++)
                {
                    var r = frame.Row(0, y);
                    var g = frame.Row(1, y);
                    var b = frame.Row(2, y);
                    for (var x = 0; x < Width; x++)
                    {
                        var pixel = y is >= 40 and < 56 && x >= 20 + 3 * f && x < 36 + 3 * f
                            ? (0.9f, 0.9f, 0.85f)
                            : scene((float)x / Width, (float)y / Height, f);
                        r[x] = pixel.Item1;
                        g[x] = pixel.Item2;
                        b[x] = pixel.Item3;
                    }
                }
                writer.WriteFrame(frame);
            }
        }
        writer.Complete();
    }

    // A photograph-like still: soft shapes over a gradient.
    private static ImageFrame Photo(int width, int height)
    {
        var photo = ImageFrame.Create(width, height, 3);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var (u, v) = ((float)x / width, (float)y / height);
                var shade = 0.5f + 0.3f * MathF.Sin(5 * u + 2 * v) * MathF.Cos(3 * v);
                photo.Row(0, y)[x] = Math.Clamp(shade + 0.2f * u, 0, 1);
                photo.Row(1, y)[x] = Math.Clamp(shade * 0.8f, 0, 1);
                photo.Row(2, y)[x] = Math.Clamp(1 - shade, 0, 1);
            }
        return photo;
    }
}
