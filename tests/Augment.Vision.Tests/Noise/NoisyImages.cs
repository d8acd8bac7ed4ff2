namespace Augment.Vision.Tests.Noise;

/// <summary>Crops of the standard pictures and seeded synthetic noise for the noise and denoise tests.</summary>
internal static class NoisyImages
{
    /// <summary>A crop of a standard picture (see <c>StandardImages</c>).</summary>
    public static ImageFrame Crop(string name, int x, int y, int width, int height)
    {
        using var full = Peers.StandardImages.Load(name);
        var crop = ImageFrame.Create(width, height, full.Channels, full.ColorSpace);
        for (var c = 0; c < full.Channels; c++)
            for (var row = 0; row < height; row++)
                full.Row(c, y + row).Slice(x, width).CopyTo(crop.Row(c, row));
        return crop;
    }

    /// <summary>Adds white Gaussian noise of deviation <paramref name="sigma"/> (sample units); optionally clips to 0..1 and quantises to 8 bits.</summary>
    public static ImageFrame AddGaussian(ImageFrame clean, float sigma, int seed, bool quantize8 = false)
    {
        var noisy = clean.Clone();
        var random = new Random(seed);
        var data = noisy.Data;
        for (var i = 0; i < data.Length; i++)
            data[i] = Finish(data[i] + sigma * Gaussian(random), quantize8);
        return noisy;
    }

    /// <summary>Adds Poisson–Gaussian noise of variance <c>a·I + b</c> (Gaussian approximation of the shot term).</summary>
    public static ImageFrame AddPoissonGaussian(ImageFrame clean, double a, double b, int seed, bool quantize8 = false)
    {
        var noisy = clean.Clone();
        var random = new Random(seed);
        var data = noisy.Data;
        for (var i = 0; i < data.Length; i++)
        {
            var sigma = Math.Sqrt(Math.Max(0, a * data[i] + b));
            data[i] = Finish(data[i] + (float)(sigma * Gaussian(random)), quantize8);
        }
        return noisy;
    }

    private static float Finish(float value, bool quantize8) =>
        quantize8 ? MathF.Round(Math.Clamp(value, 0f, 1f) * 255f) / 255f : value;

    private static float Gaussian(Random random)
    {
        // Box–Muller.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }
}
