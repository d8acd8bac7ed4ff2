namespace Augment.Vision.Tests.Matching;

/// <summary>Generated frames for the colour-matching tests (seeded, so failures reproduce).</summary>
internal static class MatchImages
{
    /// <summary>A textured linear-sRGB frame: overlapping sinusoids in each channel plus seeded noise, values about 0.05..0.85.</summary>
    public static ImageFrame Textured(int width, int height, int seed, ComputeBudget? budget = null)
    {
        var frame = ImageFrame.Create(width, height, 3, ColorSpace.LinearSrgb, budget: budget);
        var random = new Random(seed);
        Span<float> r = frame.Plane(0), g = frame.Plane(1), b = frame.Plane(2);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = y * width + x;
                var u = x / (double)width;
                var v = y / (double)height;
                var n0 = random.NextDouble() - 0.5;
                var n1 = random.NextDouble() - 0.5;
                var n2 = random.NextDouble() - 0.5;
                r[i] = (float)(0.45 + 0.25 * Math.Sin(7.0 * u + 3.0 * v) + 0.1 * Math.Cos(23.0 * v) + 0.1 * n0);
                g[i] = (float)(0.40 + 0.2 * Math.Sin(5.0 * v - 2.0 * u) + 0.1 * Math.Sin(17.0 * u * v) + 0.1 * n1 + 0.05 * n0);
                b[i] = (float)(0.35 + 0.2 * Math.Cos(4.0 * u + 6.0 * v) + 0.08 * Math.Sin(29.0 * u) + 0.1 * n2);
            }
        }
        return frame;
    }

    /// <summary>The pixel-wise affine map M·rgb + o of <paramref name="source"/> (linear sRGB), as a new frame.</summary>
    public static ImageFrame Affine(ImageFrame source, ColorMatrix3x3 m, (double X, double Y, double Z) o)
    {
        var result = ImageFrame.CreateLike(source);
        for (var i = 0; i < source.PixelCount; i++)
        {
            var (x, y, z) = m.Transform(source.Plane(0)[i], source.Plane(1)[i], source.Plane(2)[i]);
            result.Plane(0)[i] = (float)(x + o.X);
            result.Plane(1)[i] = (float)(y + o.Y);
            result.Plane(2)[i] = (float)(z + o.Z);
        }
        return result;
    }

    /// <summary>
    /// A "real-looking" sRGB scene: a sky gradient over a ground plane with a horizon, a sun disc, a red
    /// barn, a green tree crown and a grey road, plus fine texture. With <paramref name="cast"/> the
    /// whole scene is lit by a warm light (per-channel gains and a slight cross-talk in linear light),
    /// as from a camera with a wrong white balance.
    /// </summary>
    public static ImageFrame Scene(int width, int height, bool cast)
    {
        var frame = ImageFrame.Create(width, height, 3, ColorSpace.LinearSrgb);
        var random = new Random(4242);
        var horizon = height * 0.55;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                double r, g, b;
                var noise = 0.03 * (random.NextDouble() - 0.5);
                if (y < horizon)
                {
                    var t = y / horizon;
                    r = 0.15 + 0.45 * t;
                    g = 0.30 + 0.40 * t;
                    b = 0.75 + 0.1 * t;
                    var dx = x - width * 0.8;
                    var dy = y - height * 0.15;
                    if (dx * dx + dy * dy < height * height * 0.006)
                        (r, g, b) = (0.98, 0.95, 0.8);
                }
                else
                {
                    var t = (y - horizon) / (height - horizon);
                    r = 0.12 + 0.1 * t + 0.05 * Math.Sin(x * 0.3);
                    g = 0.25 + 0.1 * t;
                    b = 0.06 + 0.04 * t;
                    if (Math.Abs(x - width * 0.5 + (y - horizon) * 0.6) < 6 + (y - horizon) * 0.3)
                        (r, g, b) = (0.22, 0.22, 0.23);
                }
                if (x > width * 0.1 && x < width * 0.3 && y > horizon - height * 0.2 && y < horizon + height * 0.1)
                    (r, g, b) = (0.45, 0.05, 0.04);
                var tx = x - width * 0.65;
                var ty = y - horizon + height * 0.1;
                if (tx * tx + ty * ty < height * height * 0.02)
                    (r, g, b) = (0.05, 0.3 + 0.1 * Math.Sin(x + y), 0.04);
                r += noise;
                g += noise;
                b += noise;
                if (cast)
                {
                    // Warm cast with cross-talk and a lifted black level.
                    (r, g, b) = (1.25 * r + 0.05 * g + 0.02, 0.02 * r + 1.0 * g + 0.01, 0.05 * g + 0.7 * b + 0.005);
                }
                var i = y * width + x;
                frame.Plane(0)[i] = (float)r;
                frame.Plane(1)[i] = (float)g;
                frame.Plane(2)[i] = (float)b;
            }
        }
        frame.ConvertColorSpaceInPlace(ColorSpace.Srgb);
        return frame;
    }

    /// <summary>Per-channel OKLab mean and standard deviation of a frame, in double, over pixels where <paramref name="mask"/> is positive (all when null).</summary>
    public static (double[] Mean, double[] Deviation) OklabStatistics(ImageFrame frame, ImageFrame? mask = null)
    {
        using var linear = frame.ConvertColorSpace(ColorSpace.LinearSrgb);
        var values = new List<Oklab>();
        for (var i = 0; i < linear.PixelCount; i++)
        {
            if (mask is not null && mask.Plane(0)[i] <= 0f)
                continue;
            values.Add(ColorMath.LinearSrgbToOklab(linear.Plane(0)[i], linear.Plane(1)[i], linear.Plane(2)[i]));
        }
        var mean = new double[3];
        var deviation = new double[3];
        foreach (var v in values)
        {
            mean[0] += v.L;
            mean[1] += v.A;
            mean[2] += v.B;
        }
        for (var c = 0; c < 3; c++)
            mean[c] /= values.Count;
        foreach (var v in values)
        {
            deviation[0] += (v.L - mean[0]) * (v.L - mean[0]);
            deviation[1] += (v.A - mean[1]) * (v.A - mean[1]);
            deviation[2] += (v.B - mean[2]) * (v.B - mean[2]);
        }
        for (var c = 0; c < 3; c++)
            deviation[c] = Math.Sqrt(deviation[c] / values.Count);
        return (mean, deviation);
    }

    /// <summary>One OKLab channel of a frame, sorted ascending.</summary>
    public static double[] SortedOklabChannel(ImageFrame frame, int channel)
    {
        using var linear = frame.ConvertColorSpace(ColorSpace.LinearSrgb);
        var values = new double[linear.PixelCount];
        for (var i = 0; i < values.Length; i++)
        {
            var lab = ColorMath.LinearSrgbToOklab(linear.Plane(0)[i], linear.Plane(1)[i], linear.Plane(2)[i]);
            values[i] = channel switch { 0 => lab.L, 1 => lab.A, _ => lab.B };
        }
        Array.Sort(values);
        return values;
    }

    /// <summary>Mean of linear-sRGB channel <paramref name="channel"/> over pixels where <paramref name="mask"/> is positive.</summary>
    public static double LinearMean(ImageFrame frame, int channel, ImageFrame? mask)
    {
        using var linear = frame.ConvertColorSpace(ColorSpace.LinearSrgb);
        double sum = 0;
        var count = 0;
        for (var i = 0; i < linear.PixelCount; i++)
        {
            if (mask is not null && mask.Plane(0)[i] <= 0f)
                continue;
            sum += linear.Plane(channel)[i];
            count++;
        }
        return sum / count;
    }

    /// <summary>A one-channel mask that is 1 on the left <paramref name="fraction"/> of the columns, 0 elsewhere.</summary>
    public static ImageFrame LeftMask(int width, int height, double fraction)
    {
        var mask = ImageFrame.Create(width, height, 1, ColorSpace.Unspecified);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
                mask.Plane(0)[y * width + x] = x < width * fraction ? 1f : 0f;
        }
        return mask;
    }
}
