namespace Augment.Vision;

/// <summary>Guards for frames handed to the noise and denoise operations.</summary>
internal static class SampleChecks
{
    /// <summary>Throws <see cref="InvalidMediaException"/> naming the first NaN or infinite sample.</summary>
    public static void ThrowIfNotFinite(ImageFrame frame, string operation)
    {
        for (var c = 0; c < frame.Channels; c++)
        {
            ReadOnlySpan<float> plane = frame.Plane(c);
            // One vectorised sum is finite whenever every sample is; only when it is not (a NaN, an infinity,
            // or an overflow of huge values) does the scalar scan look for the culprit.
            if (float.IsFinite(System.Numerics.Tensors.TensorPrimitives.Sum(plane)))
                continue;
            for (var i = 0; i < plane.Length; i++)
            {
                if (!float.IsFinite(plane[i]))
                    throw new InvalidMediaException(
                        $"The {frame.Width}x{frame.Height} image has a non-finite sample ({plane[i]}) in channel {c} at x={i % frame.Width}, y={i / frame.Width}; {operation} needs finite values.");
            }
        }
    }
}
