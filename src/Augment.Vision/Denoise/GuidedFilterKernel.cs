using System.Buffers;

namespace Augment.Vision;

/// <summary>
/// The self-guided filter of He, Sun and Tang ("Guided Image Filtering", ECCV 2010, Algorithm 1 with I = p):
/// a = var/(var + ε), b = (1 − a)·mean over each (2r+1)² window, output = mean(a)·p + mean(b). Box means come from
/// <see cref="BoxFilter"/>, so the cost is O(1) per pixel whatever r; borders are reflect-101 as in OpenCV's
/// <c>ximgproc.guidedFilter</c>.
/// </summary>
internal static class GuidedFilterKernel
{
    public static void Plane(ReadOnlySpan<float> source, int width, int height, int radius, float epsilon, Span<float> destination)
    {
        var size = width * height;
        var rented = ArrayPool<float>.Shared.Rent(size * 3);
        try
        {
            var mean = rented.AsSpan(0, size);
            var second = rented.AsSpan(size, size);
            var scratch = rented.AsSpan(2 * size, size);
            BoxFilter.Mean(source, width, height, radius, mean);
            System.Numerics.Tensors.TensorPrimitives.Multiply(source, source, scratch);
            BoxFilter.Mean(scratch, width, height, radius, second);
            // second := a, scratch := b
            for (var i = 0; i < size; i++)
            {
                var variance = second[i] - mean[i] * mean[i];
                var a = variance / (variance + epsilon);
                second[i] = a;
                scratch[i] = mean[i] - a * mean[i];
            }
            BoxFilter.Mean(second, width, height, radius, mean);
            BoxFilter.Mean(scratch, width, height, radius, second);
            for (var i = 0; i < size; i++)
                destination[i] = mean[i] * source[i] + second[i];
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }
}
