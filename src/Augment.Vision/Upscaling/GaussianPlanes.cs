using System.Buffers;

namespace Augment.Vision;

/// <summary>Separable Gaussian blur of every plane of a frame, edges replicated, parallel over rows.</summary>
internal static class GaussianPlanes
{
    /// <summary>Normalised taps for <paramref name="sigmaPixels"/>, radius ⌈3σ⌉ (at least 1).</summary>
    public static float[] Kernel(double sigmaPixels)
    {
        var radius = Math.Max(1, (int)Math.Ceiling(3 * sigmaPixels));
        var taps = new float[2 * radius + 1];
        var sum = 0.0;
        var w = new double[taps.Length];
        for (var i = -radius; i <= radius; i++)
        {
            w[i + radius] = Math.Exp(-0.5 * i * i / (sigmaPixels * sigmaPixels));
            sum += w[i + radius];
        }
        for (var i = 0; i < taps.Length; i++) taps[i] = (float)(w[i] / sum);
        return taps;
    }

    /// <summary>Writes the blur of each plane of <paramref name="source"/> into the same plane of <paramref name="destination"/> (same shape).</summary>
    public static void Blur(ImageFrame source, ImageFrame destination, double sigmaPixels, CancellationToken cancellationToken)
    {
        var kernel = Kernel(sigmaPixels);
        var radius = kernel.Length / 2;
        var width = source.Width;
        var height = source.Height;
        using var across = ImageFrame.Create(width, height, 1, source.ColorSpace, false, source.Budget);
        for (var c = 0; c < source.Channels; c++)
        {
            var channel = c;
            RowBands.Run(source, (y0, y1) =>
            {
                for (var y = y0; y < y1; y++) Horizontal(source.Row(channel, y), across.Row(0, y), kernel);
            }, cancellationToken);
            RowBands.Run(source, (y0, y1) =>
            {
                var plane = across.Plane(0);
                for (var y = y0; y < y1; y++)
                {
                    var target = destination.Row(channel, y);
                    target.Clear();
                    for (var k = -radius; k <= radius; k++)
                    {
                        var row = Math.Clamp(y + k, 0, height - 1);
                        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(plane.Slice(row * width, width), kernel[k + radius], target, target);
                    }
                }
            }, cancellationToken);
        }
    }

    /// <summary>One row convolved with <paramref name="kernel"/> (odd length), edges replicated.</summary>
    public static void Horizontal(ReadOnlySpan<float> source, Span<float> target, ReadOnlySpan<float> kernel)
    {
        var radius = kernel.Length / 2;
        var width = source.Length;
        for (var x = 0; x < width; x++)
        {
            var sum = 0f;
            if (x >= radius && x + radius < width)
            {
                var window = source.Slice(x - radius, kernel.Length);
                for (var k = 0; k < kernel.Length; k++) sum += window[k] * kernel[k];
            }
            else
            {
                for (var k = 0; k < kernel.Length; k++) sum += source[Math.Clamp(x + k - radius, 0, width - 1)] * kernel[k];
            }
            target[x] = sum;
        }
    }
}
