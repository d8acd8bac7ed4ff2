using System.Buffers;
using System.Numerics.Tensors;
using Augment.Vision;

namespace Augment.Library;

/// <summary>
/// Turns a frame into the float NCHW input of an image model: resize so that the short side has a given length
/// (the long side follows the aspect ratio, truncated as torchvision's <c>Resize(int)</c> does), a centre crop
/// (offsets rounded as torchvision's <c>center_crop</c>), resampled with Pillow's conventions (<see cref="PilResampler"/>),
/// then (value - mean) / std per RGB channel.
/// </summary>
internal static class ModelImageInput
{
    /// <summary>The size a short-side resize gives; the long side is truncated, as torchvision computes it.</summary>
    public static (int Width, int Height) ShortSideSize(int width, int height, int shortSidePixels) =>
        width <= height
            ? (shortSidePixels, (int)Math.Max(1, (long)shortSidePixels * height / width))
            : ((int)Math.Max(1, (long)shortSidePixels * width / height), shortSidePixels);

    /// <summary>Writes one frame's 3 x <paramref name="cropHeight"/> x <paramref name="cropWidth"/> normalised planes into <paramref name="destination"/>.</summary>
    public static void Fill(ImageFrame frame, int shortSidePixels, int cropWidth, int cropHeight, ResampleKernel kernel,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> std, Span<float> destination)
    {
        if (frame.ColorChannels != 3 && frame.ColorChannels != 1)
            throw new ArgumentException($"An image model needs an RGB or grey frame; this one has {frame.ColorChannels} colour channels.", nameof(frame));
        var (width, height) = ShortSideSize(frame.Width, frame.Height, shortSidePixels);
        if (width < cropWidth || height < cropHeight)
            throw new ArgumentException($"Resizing the short side to {shortSidePixels} pixels gives {width}x{height}, smaller than the {cropWidth}x{cropHeight} crop.", nameof(shortSidePixels));

        // Resize and crop in one go, on the encoded values as they are (Pillow's convention; see PilResampler).
        var top = (int)Math.Round((height - cropHeight) / 2.0, MidpointRounding.ToEven);
        var left = (int)Math.Round((width - cropWidth) / 2.0, MidpointRounding.ToEven);
        var planeLength = cropWidth * cropHeight;
        var horizontal = PilResampler.Create(kernel, frame.Width, width, left, cropWidth);
        var vertical = PilResampler.Create(kernel, frame.Height, height, top, cropHeight);
        var scratchLength = cropHeight * frame.Width;
        var scratch = ArrayPool<float>.Shared.Rent(scratchLength * 3);
        try
        {
            // The three planes are independent: one task each, within the frame's thread budget.
            var meanValues = new[] { mean[0], mean[1], mean[2] };
            var scales = new[] { 1f / std[0], 1f / std[1], 1f / std[2] };
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, frame.Budget.MaxThreads) };
            var result = ArrayPool<float>.Shared.Rent(planeLength * 3);
            try
            {
                Parallel.For(0, 3, parallel, (int c) =>
                {
                    var plane = result.AsSpan(c * planeLength, planeLength);
                    PilResampler.ResizeCrop(frame.Plane(frame.ColorChannels == 1 ? 0 : c), frame.Width, frame.Height, horizontal, vertical,
                        cropWidth, cropHeight, scratch.AsSpan(c * scratchLength, scratchLength), plane);
                    // (v - mean) / std as v * (1 / std) + (-mean / std).
                    TensorPrimitives.Multiply(plane, scales[c], plane);
                    TensorPrimitives.Add(plane, -meanValues[c] * scales[c], plane);
                });
                result.AsSpan(0, planeLength * 3).CopyTo(destination);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(result);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    /// <summary>Softmax in place, shifted by the maximum so that large logits do not overflow.</summary>
    public static void Softmax(Span<float> values)
    {
        var max = float.NegativeInfinity;
        foreach (var v in values) max = Math.Max(max, v);
        double sum = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var e = MathF.Exp(values[i] - max);
            values[i] = e;
            sum += e;
        }
        var inverse = (float)(1 / sum);
        for (var i = 0; i < values.Length; i++) values[i] *= inverse;
    }

    /// <summary>Scales <paramref name="values"/> to unit L2 length (a zero vector stays zero).</summary>
    public static void Normalize(Span<float> values)
    {
        double sum = 0;
        foreach (var v in values) sum += (double)v * v;
        if (sum <= 0) return;
        var inverse = (float)(1 / Math.Sqrt(sum));
        for (var i = 0; i < values.Length; i++) values[i] *= inverse;
    }

    /// <summary>The indices of the <paramref name="count"/> largest values, largest first (ties: lower index first).</summary>
    public static int[] TopIndices(ReadOnlySpan<float> values, int count)
    {
        count = Math.Min(count, values.Length);
        var order = new int[values.Length];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        var keys = values.ToArray();
        // Stable descending order by value.
        Array.Sort(order, (a, b) => keys[b] != keys[a] ? keys[b].CompareTo(keys[a]) : a.CompareTo(b));
        return order[..count];
    }
}
