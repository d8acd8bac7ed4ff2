using System.Buffers;

namespace Augment.Vision;

/// <summary>
/// Adds back part of the removed residual ("method noise", Buades et al. 2005) where the filtered image shows
/// texture: <c>out = d + t · v/(v + σ²) · (u − d)</c>, with v the 5x5 local variance of the filtered luma. Flat
/// areas (v ≪ σ²) stay clean; textured ones (v ≫ σ²) get up to t of their detail and grain back.
/// </summary>
internal static class TexturePreservation
{
    public static void Apply(ReadOnlySpan<float> noisy, Span<float> denoised, int width, int height, int channels, float amount, float sigma)
    {
        if (amount <= 0)
            return;
        var size = width * height;
        var rented = ArrayPool<float>.Shared.Rent(size * 3);
        try
        {
            var mean = rented.AsSpan(0, size);
            var squares = rented.AsSpan(size, size);
            var meanSquares = rented.AsSpan(2 * size, size);
            var luma = denoised.Slice(0, size);
            BoxFilter.Mean(luma, width, height, 2, mean);
            System.Numerics.Tensors.TensorPrimitives.Multiply(luma, luma, squares);
            BoxFilter.Mean(squares, width, height, 2, meanSquares);
            var sigma2 = sigma * sigma;
            // Reuse 'mean' as the per-pixel gain t · v/(v + σ²).
            for (var i = 0; i < size; i++)
            {
                var variance = MathF.Max(meanSquares[i] - mean[i] * mean[i], 0f);
                mean[i] = amount * variance / (variance + sigma2);
            }
            for (var c = 0; c < channels; c++)
            {
                var d = denoised.Slice(c * size, size);
                var u = noisy.Slice(c * size, size);
                for (var i = 0; i < size; i++)
                    d[i] += mean[i] * (u[i] - d[i]);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }
}
