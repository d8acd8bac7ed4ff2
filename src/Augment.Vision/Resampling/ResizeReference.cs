namespace Augment.Vision;

/// <summary>
/// The scalar oracle for <see cref="ResizeKernels"/>: every output sample is evaluated directly as a
/// double-precision 2-D sum over the source, with the axis weights recomputed from the kernel function
/// (not from a <see cref="KernelMap"/>) and edge replication by clamping the index. Slow; tests only.
/// </summary>
internal static class ResizeReference
{
    public static void Resize(ImageFrame source, ImageFrame target, ResampleKernel kernel, TransferFunction? transfer)
    {
        var xWeights = AxisWeights(kernel, source.Width, target.Width);
        var yWeights = AxisWeights(kernel, source.Height, target.Height);
        var alphaChannel = source.HasAlpha ? source.Channels - 1 : -1;

        // Linear (and premultiplied) source samples in double.
        var linear = new double[source.Channels][];
        for (var c = 0; c < source.Channels; c++)
        {
            var plane = source.Plane(c);
            linear[c] = new double[plane.Length];
            for (var i = 0; i < plane.Length; i++)
            {
                var isColour = c < source.ColorChannels;
                var v = isColour && transfer is { } f ? TransferFunctions.ToLinear(f, plane[i]) : plane[i];
                if (isColour && alphaChannel >= 0)
                    v *= source.Plane(alphaChannel)[i];
                linear[c][i] = v;
            }
        }

        for (var y = 0; y < target.Height; y++)
        {
            for (var x = 0; x < target.Width; x++)
            {
                var alpha = 1.0;
                if (alphaChannel >= 0)
                {
                    alpha = Math.Clamp(Sample(linear[alphaChannel], source.Width, xWeights[x], yWeights[y]), 0.0, 1.0);
                    target.Plane(alphaChannel)[(y * target.Width) + x] = (float)alpha;
                }
                for (var c = 0; c < source.ColorChannels; c++)
                {
                    var v = Sample(linear[c], source.Width, xWeights[x], yWeights[y]);
                    if (alphaChannel >= 0)
                        v = alpha > 0.0 ? v / alpha : 0.0;
                    if (transfer is { } f)
                        v = TransferFunctions.FromLinear(f, v);
                    target.Plane(c)[(y * target.Width) + x] = (float)v;
                }
            }
        }
    }

    private static double Sample(double[] plane, int width, (int Index, double Weight)[] xs, (int Index, double Weight)[] ys)
    {
        var sum = 0.0;
        foreach (var (j, wy) in ys)
        {
            foreach (var (i, wx) in xs)
                sum += wy * wx * plane[(j * width) + i];
        }
        return sum;
    }

    /// <summary>Per output index, (clamped source index, normalised weight) pairs.</summary>
    private static (int Index, double Weight)[][] AxisWeights(ResampleKernel kernel, int sourceLength, int targetLength)
    {
        var result = new (int, double)[targetLength][];
        var scale = (double)sourceLength / targetLength;
        var stretch = Math.Max(1.0, scale);
        var reach = (int)Math.Ceiling(ResampleFilters.Radius(kernel) * stretch) + 1;
        for (var o = 0; o < targetLength; o++)
        {
            if (sourceLength == targetLength)
            {
                result[o] = [(o, 1.0)];
                continue;
            }
            var centre = ((o + 0.5) * scale) - 0.5;
            var pairs = new List<(int, double)>();
            var sum = 0.0;
            for (var j = (int)Math.Floor(centre) - reach; j <= (int)Math.Ceiling(centre) + reach; j++)
            {
                var w = ResampleFilters.Evaluate(kernel, (j - centre) / stretch);
                if (w == 0.0)
                    continue;
                pairs.Add((Math.Clamp(j, 0, sourceLength - 1), w));
                sum += w;
            }
            for (var k = 0; k < pairs.Count; k++)
                pairs[k] = (pairs[k].Item1, pairs[k].Item2 / sum);
            result[o] = [.. pairs];
        }
        return result;
    }
}
