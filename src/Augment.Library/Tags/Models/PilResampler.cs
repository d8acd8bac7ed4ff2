using System.Numerics.Tensors;
using Augment.Vision;

namespace Augment.Library;

/// <summary>
/// Separable resampling with Pillow's conventions (Pillow's Resample.c, <c>precompute_coeffs</c>), which is how the
/// images that CLIP and torchvision ImageNet models were trained on were resized: the filter is stretched by the
/// shrink factor (antialiasing), only taps inside the image are used and their weights renormalised (no edge
/// replication). Computes only the output pixels inside a crop window, so a resize-then-centre-crop costs the crop.
/// Values are kept in float (Pillow rounds 8-bit images to integers after each pass).
/// </summary>
internal static class PilResampler
{
    /// <summary>Taps of one axis: for output i, weights[i * taps ..] start at source index start[i].</summary>
    internal readonly record struct Coefficients(int[] Start, int[] Count, float[] Weights, int Taps);

    public static double Support(ResampleKernel kernel) => kernel switch
    {
        ResampleKernel.Box => 0.5,
        ResampleKernel.Bilinear => 1.0,
        ResampleKernel.CatmullRom or ResampleKernel.Mitchell => 2.0,
        ResampleKernel.Lanczos3 => 3.0,
        _ => throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "Unknown resample kernel."),
    };

    public static double Evaluate(ResampleKernel kernel, double x) => kernel switch
    {
        ResampleKernel.Box => x > -0.5 && x <= 0.5 ? 1.0 : 0.0,
        ResampleKernel.Bilinear => Math.Max(0.0, 1.0 - Math.Abs(x)),
        // Pillow's BICUBIC is Keys' cubic convolution with a = -0.5, i.e. Catmull-Rom (Mitchell-Netravali B = 0, C = 1/2).
        ResampleKernel.CatmullRom => Cubic(Math.Abs(x), 0.0, 0.5),
        ResampleKernel.Mitchell => Cubic(Math.Abs(x), 1.0 / 3.0, 1.0 / 3.0),
        ResampleKernel.Lanczos3 => Math.Abs(x) < 3.0 ? Sinc(x) * Sinc(x / 3.0) : 0.0,
        _ => throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "Unknown resample kernel."),
    };

    /// <summary>Coefficients for outputs <paramref name="first"/> .. first + count - 1 of an inSize to outSize resize.</summary>
    public static Coefficients Create(ResampleKernel kernel, int inSize, int outSize, int first, int count)
    {
        var scale = (double)inSize / outSize;
        var filterScale = Math.Max(scale, 1.0);
        var support = Support(kernel) * filterScale;
        var taps = (int)Math.Ceiling(support) * 2 + 1;
        var start = new int[count];
        var counts = new int[count];
        var weights = new float[count * taps];
        var scratch = new double[taps];
        for (var i = 0; i < count; i++)
        {
            var center = (first + i + 0.5) * scale;
            // (int) truncates toward zero as C does in Pillow; both ends are then clamped to the image.
            var lo = Math.Max((int)(center - support + 0.5), 0);
            var hi = Math.Min((int)(center + support + 0.5), inSize);
            var n = Math.Min(hi - lo, taps);
            var sum = 0.0;
            for (var k = 0; k < n; k++)
            {
                var w = Evaluate(kernel, (k + lo - center + 0.5) / filterScale);
                scratch[k] = w;
                sum += w;
            }
            var inverse = sum != 0 ? 1.0 / sum : 0.0;
            for (var k = 0; k < n; k++) weights[i * taps + k] = (float)(scratch[k] * inverse);
            start[i] = lo;
            counts[i] = n;
        }
        return new Coefficients(start, counts, weights, taps);
    }

    /// <summary>
    /// Resizes <paramref name="source"/> (one plane, width x height) to outWidth x outHeight and writes the window
    /// [left, left + cropWidth) x [top, top + cropHeight) to <paramref name="destination"/> (cropWidth x cropHeight).
    /// <paramref name="scratch"/> holds cropHeight x width floats. Vectorised with TensorPrimitives.
    /// </summary>
    public static void ResizeCrop(ReadOnlySpan<float> source, int width, int height, in Coefficients horizontal, in Coefficients vertical,
        int cropWidth, int cropHeight, Span<float> scratch, Span<float> destination)
    {
        // Vertical pass first: it runs along whole rows (long vectors), and only over the columns the horizontal taps
        // reach. The passes are linear and separable, so the order does not change the result beyond float rounding.
        var colFirst = horizontal.Start[0];
        var span = horizontal.Start[cropWidth - 1] + horizontal.Count[cropWidth - 1] - colFirst;
        for (var y = 0; y < cropHeight; y++)
        {
            var count = vertical.Count[y];
            var first = vertical.Start[y];
            var target = scratch.Slice(y * span, span);
            target.Clear();
            for (var k = 0; k < count; k++)
                TensorPrimitives.MultiplyAdd(source.Slice((first + k) * width + colFirst, span), vertical.Weights[y * vertical.Taps + k], target, target);
        }
        var hWeights = horizontal.Weights;
        for (var y = 0; y < cropHeight; y++)
        {
            var row = scratch.Slice(y * span, span);
            var target = destination.Slice(y * cropWidth, cropWidth);
            for (var x = 0; x < cropWidth; x++)
            {
                var count = horizontal.Count[x];
                target[x] = TensorPrimitives.Dot(new ReadOnlySpan<float>(hWeights, x * horizontal.Taps, count), row.Slice(horizontal.Start[x] - colFirst, count));
            }
        }
    }

    /// <summary>
    /// The scalar reference of <see cref="ResizeCrop"/> (the test oracle): horizontal pass first, as Pillow; its
    /// <paramref name="scratch"/> holds height x cropWidth floats.
    /// Resizes <paramref name="source"/> (one plane, width x height) to outWidth x outHeight and writes the window
    /// [left, left + cropWidth) x [top, top + cropHeight) to <paramref name="destination"/> (cropWidth x cropHeight).
    /// </summary>
    public static void ResizeCropReference(ReadOnlySpan<float> source, int width, int height, in Coefficients horizontal, in Coefficients vertical,
        int cropWidth, int cropHeight, Span<float> scratch, Span<float> destination)
    {
        // Horizontal pass over the source rows the vertical taps reach: scratch is height x cropWidth.
        var rowFirst = vertical.Start[0];
        var rowLast = vertical.Start[cropHeight - 1] + vertical.Count[cropHeight - 1];
        for (var y = rowFirst; y < rowLast; y++)
        {
            var sourceRow = source.Slice(y * width, width);
            var target = scratch.Slice(y * cropWidth, cropWidth);
            for (var x = 0; x < cropWidth; x++)
            {
                var w = horizontal.Weights.AsSpan(x * horizontal.Taps, horizontal.Count[x]);
                var taps = sourceRow.Slice(horizontal.Start[x], w.Length);
                var sum = 0f;
                for (var k = 0; k < w.Length; k++) sum += w[k] * taps[k];
                target[x] = sum;
            }
        }
        // Vertical pass.
        for (var y = 0; y < cropHeight; y++)
        {
            var w = vertical.Weights.AsSpan(y * vertical.Taps, vertical.Count[y]);
            var first = vertical.Start[y];
            var target = destination.Slice(y * cropWidth, cropWidth);
            target.Clear();
            for (var k = 0; k < w.Length; k++)
            {
                var weight = w[k];
                var row = scratch.Slice((first + k) * cropWidth, cropWidth);
                for (var x = 0; x < cropWidth; x++) target[x] += weight * row[x];
            }
        }
    }

    private static double Cubic(double x, double b, double c) =>
        // Mitchell and Netravali (1988), eq. 8.
        x < 1.0 ? ((12 - 9 * b - 6 * c) * x * x * x + (-18 + 12 * b + 6 * c) * x * x + (6 - 2 * b)) / 6.0
        : x < 2.0 ? ((-b - 6 * c) * x * x * x + (6 * b + 30 * c) * x * x + (-12 * b - 48 * c) * x + (8 * b + 24 * c)) / 6.0
        : 0.0;

    private static double Sinc(double x)
    {
        if (x == 0.0) return 1.0;
        var px = Math.PI * x;
        return Math.Sin(px) / px;
    }
}
