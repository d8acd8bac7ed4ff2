using System.Buffers;

namespace Augment.Vision;

/// <summary>
/// Per-frame statistics and gains for <see cref="Deflicker"/>. Sums run over fixed pixel bands
/// (<see cref="PlaneBands"/>) and merge in band order, so the means do not depend on the thread count.
/// </summary>
internal static class DeflickerKernels
{
    /// <summary>Mean linear-light value of each of the first <paramref name="means"/>.Length planes.</summary>
    public static void LinearMeans(ImageFrame frame, TransferFunction? transfer, Span<double> means, CancellationToken cancellationToken)
    {
        var pixels = frame.PixelCount;
        var channels = means.Length;
        var bands = PlaneBands.Count(pixels);
        var partial = new double[bands * channels];
        PlaneBands.Run(pixels, frame.Budget, cancellationToken: cancellationToken, body: (band, start, length) =>
        {
            var scratch = transfer is null ? null : ArrayPool<float>.Shared.Rent(length);
            try
            {
                for (var c = 0; c < channels; c++)
                {
                    ReadOnlySpan<float> plane = frame.Plane(c).Slice(start, length);
                    if (transfer is { } function)
                    {
                        var linear = scratch.AsSpan(0, length);
                        TransferKernels.ToLinear(function, plane, linear);
                        plane = linear;
                    }
                    partial[band * channels + c] = Sum(plane);
                }
            }
            finally
            {
                if (scratch is not null)
                    ArrayPool<float>.Shared.Return(scratch);
            }
        });
        for (var c = 0; c < channels; c++)
        {
            double total = 0;
            for (var band = 0; band < bands; band++)
                total += partial[band * channels + c];
            means[c] = total / pixels;
        }
    }

    /// <summary>Multiplies each colour plane by its gain in linear light, decoding and re-encoding when <paramref name="transfer"/> is set.</summary>
    public static void ApplyGains(ImageFrame frame, TransferFunction? transfer, ReadOnlySpan<double> gains, CancellationToken cancellationToken)
    {
        var channels = gains.Length;
        var factors = new float[channels];
        for (var c = 0; c < channels; c++)
            factors[c] = (float)gains[c];
        PlaneBands.Run(frame.PixelCount, frame.Budget, cancellationToken: cancellationToken, body: (_, start, length) =>
        {
            for (var c = 0; c < channels; c++)
            {
                if (factors[c] == 1f)
                    continue;
                var plane = frame.Plane(c).Slice(start, length);
                if (transfer is { } function)
                {
                    TransferKernels.ToLinear(function, plane, plane);
                    Scale(plane, factors[c]);
                    TransferKernels.FromLinear(function, plane, plane);
                }
                else
                {
                    Scale(plane, factors[c]);
                }
            }
        });
    }

    /// <summary>Sum in double; four accumulators keep the dependency chain short.</summary>
    internal static double Sum(ReadOnlySpan<float> values)
    {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var i = 0;
        for (; i + 4 <= values.Length; i += 4)
        {
            s0 += values[i];
            s1 += values[i + 1];
            s2 += values[i + 2];
            s3 += values[i + 3];
        }
        for (; i < values.Length; i++)
            s0 += values[i];
        return (s0 + s1) + (s2 + s3);
    }

    internal static void Scale(Span<float> values, float factor)
    {
        // Vectorised by the runtime through TensorPrimitives.
        System.Numerics.Tensors.TensorPrimitives.Multiply(values, factor, values);
    }
}
