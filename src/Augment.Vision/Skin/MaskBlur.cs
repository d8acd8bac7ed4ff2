using System.Buffers;

namespace Augment.Vision;

/// <summary>
/// Separable Gaussian blur of a one-channel plane (σ = radius / 2, taps −radius..radius, weights
/// normalised to 1, edges replicated). A normalised non-negative kernel keeps values inside the input's
/// range, so a 0..1 mask stays 0..1.
/// </summary>
internal static class MaskBlur
{
    /// <summary>The normalised kernel for <paramref name="radius"/> (length 2·radius + 1).</summary>
    public static float[] Kernel(int radius)
    {
        var sigma = Math.Max(radius / 2.0, 0.5);
        var kernel = new float[(2 * radius) + 1];
        double sum = 0;
        var weights = new double[kernel.Length];
        for (var k = -radius; k <= radius; k++)
        {
            weights[k + radius] = Math.Exp(-0.5 * k * k / (sigma * sigma));
            sum += weights[k + radius];
        }
        for (var i = 0; i < kernel.Length; i++)
            kernel[i] = (float)(weights[i] / sum);
        return kernel;
    }

    /// <summary>Blurs the single channel of <paramref name="frame"/> in place.</summary>
    public static void BlurInPlace(ImageFrame frame, int radius, CancellationToken cancellationToken)
    {
        if (radius <= 0)
            return;
        var kernel = Kernel(radius);
        var width = frame.Width;
        var height = frame.Height;
        using var temporary = ImageFrame.Create(width, height, 1, ColorSpace.Unspecified, budget: frame.Budget);
        // Horizontal: frame -> temporary.
        RowBands.Run(frame, (first, end) =>
        {
            for (var y = first; y < end; y++)
                Horizontal(frame.Row(0, y), temporary.Row(0, y), kernel);
        }, cancellationToken);
        // Vertical: temporary -> frame, one output row at a time from clamped source rows.
        RowBands.Run(frame, (first, end) =>
        {
            var accumulator = ArrayPool<float>.Shared.Rent(width);
            try
            {
                for (var y = first; y < end; y++)
                {
                    var sum = accumulator.AsSpan(0, width);
                    sum.Clear();
                    for (var k = -radius; k <= radius; k++)
                    {
                        ReadOnlySpan<float> source = temporary.Row(0, Math.Clamp(y + k, 0, height - 1));
                        var w = kernel[k + radius];
                        for (var x = 0; x < width; x++)
                            sum[x] += w * source[x];
                    }
                    var target = frame.Row(0, y);
                    for (var x = 0; x < width; x++)
                        target[x] = Math.Clamp(sum[x], 0f, 1f);
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(accumulator);
            }
        }, cancellationToken);
    }

    /// <summary>One row convolved with <paramref name="kernel"/>, edges replicated.</summary>
    public static void Horizontal(ReadOnlySpan<float> source, Span<float> target, ReadOnlySpan<float> kernel)
    {
        var radius = kernel.Length / 2;
        var last = source.Length - 1;
        for (var x = 0; x < source.Length; x++)
        {
            var sum = 0f;
            for (var k = -radius; k <= radius; k++)
                sum += kernel[k + radius] * source[Math.Clamp(x + k, 0, last)];
            target[x] = sum;
        }
    }
}
