namespace Augment.Vision;

/// <summary>
/// Seeded, position-addressed Gaussian noise blurred into grain. Each pixel's noise comes from a
/// hash of (seed, x, y) (SplitMix64's finaliser, Steele, Lea and Flood 2014) turned Gaussian by the
/// Box–Muller transform, so the field is reproducible regardless of threads or the order of work.
/// Blurring white noise of unit variance with a normalised separable kernel k leaves variance
/// <c>(Σ kᵢ²)²</c>; dividing by <c>Σ kᵢ²</c> restores unit standard deviation.
/// </summary>
internal static class FilmGrain
{
    /// <summary>A width x height plane of unit-variance grain for <paramref name="sizePixels"/>.</summary>
    public static ImageFrame Generate(int width, int height, float sizePixels, int seed, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var noise = ImageFrame.Create(width, height, 1, ColorSpace.Unspecified, false, budget);
        try
        {
            RowBands.Run(noise, (y0, y1) =>
            {
                for (var y = y0; y < y1; y++)
                {
                    var row = noise.Row(0, y);
                    for (var x = 0; x < width; x++) row[x] = Gaussian(seed, x, y);
                }
            }, cancellationToken);
            var kernel = GaussianPlanes.Kernel(sizePixels / 2.0);
            using var blurred = ImageFrame.Create(width, height, 1, ColorSpace.Unspecified, false, budget);
            GaussianPlanes.Blur(noise, blurred, sizePixels / 2.0, cancellationToken);
            var sumSquares = 0.0;
            foreach (var k in kernel) sumSquares += (double)k * k;
            System.Numerics.Tensors.TensorPrimitives.Multiply(blurred.Data, (float)(1.0 / sumSquares), noise.Data);
            return noise;
        }
        catch
        {
            noise.Dispose();
            throw;
        }
    }

    /// <summary>A standard normal sample for pixel (x, y) under <paramref name="seed"/>.</summary>
    public static float Gaussian(int seed, int x, int y)
    {
        var key = ((ulong)(uint)seed << 32) ^ ((ulong)(uint)y << 16) ^ ((ulong)(uint)x * 0x9E3779B97F4A7C15UL) ^ ((ulong)(uint)y * 0xD1B54A32D192ED03UL);
        var a = Mix(key);
        var b = Mix(a ^ 0x94D049BB133111EBUL);
        // 53-bit uniforms in (0, 1] and [0, 1).
        var u1 = ((a >> 11) + 1) * (1.0 / (1UL << 53));
        var u2 = (b >> 11) * (1.0 / (1UL << 53));
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
