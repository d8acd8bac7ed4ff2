using Augment;

namespace RestorePhoto;

/// <summary>
/// Generates the photographer's shot, so the sample needs no downloads: a 4:5 evening street scene taken in low light
/// (a dusk sky, a brick facade, a gravel path in front), the same scene with a distracting orange traffic cone on the
/// gravel, the cone's mask, and the phone sensor's signal-dependent noise. The clean scene without the cone is the ground
/// truth every restoration step is measured against.
/// </summary>
internal static class Media
{
    /// <summary>Where the facade ends and the gravel starts, as a fraction of the height.</summary>
    private const double GroundStart = 0.58;

    /// <summary>Where the sky ends and the facade starts, as a fraction of the height.</summary>
    private const double FacadeStart = 0.22;

    /// <summary>The scene without the cone: what the photographer wanted, in low light (sRGB-encoded values about 0.05 to 0.45).</summary>
    public static ImageFrame Scene(int width, int height)
    {
        var frame = ImageFrame.Create(width, height, 3);
        Span<float> red = frame.Plane(0), green = frame.Plane(1), blue = frame.Plane(2);
        for (var y = 0; y < height; y++)
        {
            var v = (double)y / height;
            for (var x = 0; x < width; x++)
            {
                double r, g, b;
                if (v < FacadeStart)
                {
                    // Dusk sky: deep blue at the top, a warm glow towards the rooftops, soft clouds.
                    var t = v / FacadeStart;
                    var cloud = 0.05 * Fractal(x * 0.012, y * 0.03, 3, seed: 11);
                    r = 0.10 + (0.22 * t) + cloud;
                    g = 0.12 + (0.12 * t) + cloud;
                    b = 0.30 - (0.05 * t) + cloud;
                }
                else if (v < GroundStart)
                {
                    // Brick facade: 48x20-pixel bricks in running bond, 3-pixel mortar, each brick its own shade, fine grain.
                    var row = y / 20;
                    var shifted = x + (row % 2 * 24);
                    var mortar = y % 20 < 3 || shifted % 48 < 3;
                    var shade = 0.8 + (0.4 * Hash01(shifted / 48, row, seed: 5));
                    var grain = 0.06 * Fractal(x * 0.35, y * 0.35, 2, seed: 7);
                    r = mortar ? 0.20 : (0.30 * shade) + grain;
                    g = mortar ? 0.19 : (0.15 * shade) + grain;
                    b = mortar ? 0.17 : (0.11 * shade) + grain;
                }
                else
                {
                    // Gravel: stochastic texture at two scales, a little lighter towards the camera.
                    var near = (v - GroundStart) / (1 - GroundStart);
                    var stones = (0.10 * Fractal(x * 0.16, y * 0.2, 2, seed: 3)) + (0.07 * Fractal(x * 0.35, y * 0.35, 1, seed: 9));
                    var tone = 0.22 + (0.08 * near) + stones;
                    r = tone + 0.02;
                    g = tone;
                    b = tone - 0.03;
                }
                var i = (y * width) + x;
                red[i] = Clamp(r);
                green[i] = Clamp(g);
                blue[i] = Clamp(b);
            }
        }
        return frame;
    }

    /// <summary>1 inside the traffic cone standing on the gravel, 0 elsewhere (a one-channel frame).</summary>
    public static ImageFrame ConeMask(int width, int height)
    {
        var mask = ImageFrame.Create(width, height, 1, ColorSpace.LinearSrgb);
        var (apexX, apexY, baseY, halfBase) = Cone(width, height);
        var plane = mask.Plane(0);
        for (var y = (int)apexY; y <= (int)baseY + 6 && y < height; y++)
        {
            var halfWidth = y <= baseY ? halfBase * (y - apexY) / (baseY - apexY) : halfBase * 1.25; // the body, then its square foot
            for (var x = Math.Max(0, (int)(apexX - halfWidth)); x <= Math.Min(width - 1, (int)(apexX + halfWidth)); x++)
                plane[(y * width) + x] = 1f;
        }
        return mask;
    }

    /// <summary>The shot as taken: <paramref name="scene"/> with the cone (orange, with a pale reflective band) on the gravel.</summary>
    public static ImageFrame WithCone(ImageFrame scene, ImageFrame coneMask)
    {
        var shot = scene.Clone();
        var (_, apexY, baseY, _) = Cone(scene.Width, scene.Height);
        var weights = coneMask.Plane(0);
        for (var y = 0; y < scene.Height; y++)
        {
            var along = (y - apexY) / (baseY - apexY);
            var band = along is > 0.45 and < 0.6;
            for (var x = 0; x < scene.Width; x++)
            {
                var i = (y * scene.Width) + x;
                if (weights[i] < 0.5f)
                    continue;
                shot.Plane(0)[i] = band ? 0.55f : 0.62f;
                shot.Plane(1)[i] = band ? 0.55f : 0.24f;
                shot.Plane(2)[i] = band ? 0.52f : 0.06f;
            }
        }
        return shot;
    }

    /// <summary>
    /// A phone sensor's noise in low light, Poisson–Gaussian in its usual approximation: Gaussian with variance
    /// <c>I / photonsAtWhite + readSigma²</c> per sample, independent per channel, clipped to 0..1 as the sensor's output is.
    /// </summary>
    public static ImageFrame AddSensorNoise(ImageFrame clean, double photonsAtWhite, double readSigma, int seed)
    {
        var noisy = clean.Clone();
        var random = new Random(seed);
        foreach (ref var value in noisy.Data)
        {
            var sigma = Math.Sqrt((Math.Max(0, value) / photonsAtWhite) + (readSigma * readSigma));
            value = Clamp(value + (sigma * Gaussian(random)));
        }
        return noisy;
    }

    /// <summary>The cone's apex, base line and half base width for a picture of this size.</summary>
    private static (double ApexX, double ApexY, double BaseY, double HalfBase) Cone(int width, int height) =>
        (width * 0.68, height * 0.70, height * 0.84, width * 0.055);

    private static double Gaussian(Random random)
    {
        // Box–Muller.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Value noise summed over <paramref name="octaves"/> octaves, about −1..1.</summary>
    private static double Fractal(double x, double y, int octaves, int seed)
    {
        double sum = 0, amplitude = 1, norm = 0;
        for (var octave = 0; octave < octaves; octave++)
        {
            sum += amplitude * ValueNoise(x, y, seed + octave);
            norm += amplitude;
            amplitude *= 0.5;
            x *= 2;
            y *= 2;
        }
        return sum / norm;
    }

    /// <summary>Smoothly interpolated lattice noise, −1..1.</summary>
    private static double ValueNoise(double x, double y, int seed)
    {
        var x0 = (int)Math.Floor(x);
        var y0 = (int)Math.Floor(y);
        var fx = Smooth(x - x0);
        var fy = Smooth(y - y0);
        var top = Lerp(Hash01(x0, y0, seed), Hash01(x0 + 1, y0, seed), fx);
        var bottom = Lerp(Hash01(x0, y0 + 1, seed), Hash01(x0 + 1, y0 + 1, seed), fx);
        return (2 * Lerp(top, bottom, fy)) - 1;

        static double Smooth(double t) => t * t * (3 - (2 * t));
        static double Lerp(double a, double b, double t) => a + ((b - a) * t);
    }

    /// <summary>A deterministic pseudo-random number in 0..1 for a lattice point.</summary>
    private static double Hash01(int x, int y, int seed)
    {
        var h = (uint)((x * 374761393) + (y * 668265263) + (seed * 982451653));
        h = (h ^ (h >> 13)) * 1274126177u;
        h ^= h >> 16;
        return h / (double)uint.MaxValue;
    }

    private static float Clamp(double value) => (float)Math.Clamp(value, 0, 1);
}
