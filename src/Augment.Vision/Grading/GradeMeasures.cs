namespace Augment.Vision;

/// <summary>Measurements a grade report makes: mean CIELAB colour and clipping to what a file holds.</summary>
internal static class GradeMeasures
{
    /// <summary>
    /// The mean CIELAB (D65) colour of <paramref name="frame"/>'s pixels; alpha ignored. Rows are summed
    /// in parallel and combined in row order, so the result does not depend on the thread count.
    /// </summary>
    public static CieLab MeanLab(ImageFrame frame, CancellationToken cancellationToken)
    {
        ImageFrame? copy = null;
        try
        {
            var linear = frame.ColorSpace == ColorSpace.LinearSrgb ? frame : copy = frame.ConvertColorSpace(ColorSpace.LinearSrgb, cancellationToken);
            var sums = new double[linear.Height * 3];
            Parallel.For(0, linear.Height, linear.Budget.ToParallelOptions(cancellationToken), () => new float[3 * linear.Width], (y, _, lab) =>
            {
                var width = linear.Width;
                Span<float> l = lab.AsSpan(0, width), a = lab.AsSpan(width, width), b = lab.AsSpan(2 * width, width);
                ColorMath.LinearSrgbToLab(linear.Row(0, y), linear.Row(1, y), linear.Row(2, y), l, a, b);
                double sl = 0, sa = 0, sb = 0;
                for (var x = 0; x < width; x++)
                {
                    sl += l[x];
                    sa += a[x];
                    sb += b[x];
                }
                sums[3 * y] = sl;
                sums[(3 * y) + 1] = sa;
                sums[(3 * y) + 2] = sb;
                return lab;
            }, _ => { });
            double tl = 0, ta = 0, tb = 0;
            for (var y = 0; y < linear.Height; y++)
            {
                tl += sums[3 * y];
                ta += sums[(3 * y) + 1];
                tb += sums[(3 * y) + 2];
            }
            double count = Math.Max(1L, linear.PixelCount);
            return new CieLab(tl / count, ta / count, tb / count);
        }
        finally
        {
            copy?.Dispose();
        }
    }

    /// <summary>The pixel-weighted mean of several frames' mean CIELAB colours.</summary>
    public static CieLab MeanLab(IReadOnlyList<ImageFrame> frames, CancellationToken cancellationToken)
    {
        double l = 0, a = 0, b = 0, total = 0;
        foreach (var frame in frames)
        {
            var mean = MeanLab(frame, cancellationToken);
            double weight = frame.PixelCount;
            l += mean.L * weight;
            a += mean.A * weight;
            b += mean.B * weight;
            total += weight;
        }
        return new CieLab(l / total, a / total, b / total);
    }

    /// <summary>Clips the colour channels to [0, 1] in place (NaN to 0), as an 8- or 16-bit file would.</summary>
    public static void ClampColor(ImageFrame frame)
    {
        for (var c = 0; c < frame.ColorChannels; c++)
        {
            var plane = frame.Plane(c);
            // Written as comparisons so that NaN (false on both) becomes 0 rather than propagating.
            for (var i = 0; i < plane.Length; i++)
            {
                var v = plane[i];
                plane[i] = v >= 0f ? (v <= 1f ? v : 1f) : 0f;
            }
        }
    }
}
