namespace Augment.Vision.Tests.Temporal;

/// <summary>Synthetic clips with known exposure and colour-cast flicker, and an independent statistic reference.</summary>
internal static class FlickerClips
{
    public const int Width = 64;
    public const int Height = 48;

    /// <summary>
    /// Frame <paramref name="index"/> of a textured scene panning one pixel per frame over a texture whose
    /// period divides the width, so the true mean is constant; each channel is scaled in linear light by
    /// its gain, then encoded to <paramref name="space"/>.
    /// </summary>
    public static ImageFrame Frame(int index, double gainRed, double gainGreen, double gainBlue, ColorSpace space = ColorSpace.Srgb)
    {
        var frame = ImageFrame.Create(Width, Height, 3, ColorSpace.LinearSrgb);
        double[] gains = [gainRed, gainGreen, gainBlue];
        double[] bases = [0.20, 0.16, 0.12];
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < Height; y++)
            {
                var row = frame.Row(c, y);
                for (var x = 0; x < Width; x++)
                {
                    var u = (x + index) % Width;
                    var texture = 1.0 + 0.6 * Math.Sin(2 * Math.PI * u / 16.0 + c) * Math.Cos(2 * Math.PI * y / 12.0);
                    row[x] = (float)(bases[c] * texture * gains[c]);
                }
            }
        }
        frame.ConvertColorSpaceInPlace(space);
        return frame;
    }

    /// <summary>Mean linear value of each colour channel, computed through the colour-space conversion (not the deflicker kernels).</summary>
    public static double[] LinearMeans(ImageFrame frame)
    {
        using var linear = frame.ConvertColorSpace(ColorSpace.LinearSrgb);
        var means = new double[3];
        for (var c = 0; c < 3; c++)
        {
            double sum = 0;
            foreach (var v in linear.Plane(c))
                sum += v;
            means[c] = sum / linear.PixelCount;
        }
        return means;
    }

    public static double Luminance(double[] means) => 0.2126 * means[0] + 0.7152 * means[1] + 0.0722 * means[2];

    /// <summary>Variance of the first differences of <paramref name="series"/>.</summary>
    public static double DifferenceVariance(IReadOnlyList<double> series)
    {
        var n = series.Count - 1;
        double mean = 0;
        for (var i = 0; i < n; i++)
            mean += series[i + 1] - series[i];
        mean /= n;
        double variance = 0;
        for (var i = 0; i < n; i++)
        {
            var d = series[i + 1] - series[i] - mean;
            variance += d * d;
        }
        return variance / n;
    }

    public static double Correlation(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        double ma = 0, mb = 0;
        for (var i = 0; i < a.Count; i++)
        {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.Count;
        mb /= b.Count;
        double sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < a.Count; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.Sqrt(saa * sbb);
    }

    public static void Log(string message) => TestContext.Current.TestOutputHelper?.WriteLine(message);
}
