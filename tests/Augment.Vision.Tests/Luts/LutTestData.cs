namespace Augment.Vision.Tests.Luts;

/// <summary>LUTs and frames the LUT tests share: analytic grades and seeded random pixels.</summary>
internal static class LutTestData
{
    /// <summary>An affine colour map y = M x + o (a mild cross-talk matrix and offset).</summary>
    public static (float R, float G, float B) Affine(float r, float g, float b) =>
        ((0.8f * r) + (0.15f * g) - (0.05f * b) + 0.02f,
         (0.1f * r) + (0.7f * g) + (0.2f * b) - 0.01f,
         (-0.1f * r) + (0.25f * g) + (0.9f * b) + 0.03f);

    /// <summary>A smooth, non-linear grade: a contrast S-curve per channel plus a warm cast.</summary>
    public static (float R, float G, float B) WarmContrast(float r, float g, float b)
    {
        static float S(float x) => x + (0.35f * x * (1 - x) * ((2 * x) - 1)) + (0.06f * MathF.Sin(3 * x));
        var luma = (0.2126f * r) + (0.7152f * g) + (0.0722f * b);
        return (Math.Clamp(S(r) * 1.06f + (0.03f * luma), 0f, 1f),
                Math.Clamp(S(g) * 1.0f + (0.02f * (r - b)), 0f, 1f),
                Math.Clamp(S(b) * 0.88f, 0f, 1f));
    }

    public static Lut3D Sampled(int size, Func<float, float, float, (float, float, float)> grade)
    {
        var lut = new Lut3D(size) { Title = "test grade" };
        lut.Fill(grade);
        return lut;
    }

    public static ImageFrame RandomFrame(int width, int height, int seed, float low = 0f, float high = 1f, bool hasAlpha = false, ComputeBudget? budget = null)
    {
        var frame = ImageFrame.Create(width, height, hasAlpha ? 4 : 3, hasAlpha: hasAlpha, budget: budget);
        var random = new Random(seed);
        var data = frame.Data;
        for (var i = 0; i < data.Length; i++)
            data[i] = low + ((high - low) * random.NextSingle());
        return frame;
    }

    /// <summary>Horizontal red ramp, vertical green ramp, diagonal blue: every 8-bit cell a different colour.</summary>
    public static byte[] Gradients8(int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 3;
                pixels[i] = (byte)(x * 255 / (width - 1));
                pixels[i + 1] = (byte)(y * 255 / (height - 1));
                pixels[i + 2] = (byte)((((x * 7) + (y * 13)) * 255 / (((width - 1) * 7) + ((height - 1) * 13))) ^ ((x & 1) * 0x3F));
            }
        }
        return pixels;
    }
}
