namespace Augment.Splat.Training;

/// <summary>Builds the per-pixel weights of <see cref="CleansingOptions"/> (scalar: one frame of a few thousand pixels per step).</summary>
internal static class CleansingKernel
{
    /// <summary>
    /// Multiplies <paramref name="weights"/> (1 or a user mask already) by 0 at outlier pixels and returns how many
    /// pixels were newly suppressed. <paramref name="meanError"/> is the running mean L1 error of the training (0 when unknown).
    /// </summary>
    public static int Apply(ReadOnlySpan<float> rendered, ReadOnlySpan<float> target, int width, int height, CleansingOptions options, Span<float> weights, float meanError = 0)
    {
        var pixels = width * height;
        var residual = new float[pixels];
        for (var p = 0; p < pixels; p++)
        {
            residual[p] = (MathF.Abs(rendered[p] - target[p]) + MathF.Abs(rendered[pixels + p] - target[pixels + p]) + MathF.Abs(rendered[(2 * pixels) + p] - target[(2 * pixels) + p])) / 3;
            if (!float.IsFinite(residual[p]))
                residual[p] = 0;
        }
        var threshold = Math.Max(Math.Max(Quantile(residual, options.Quantile), options.MinimumResidual), options.ResidualMultiplier * meanError);
        var raw = new bool[pixels];
        for (var p = 0; p < pixels; p++)
            raw[p] = residual[p] > threshold;

        // 3×3 majority: an outlier needs at least 5 outlier pixels in its neighbourhood (RobustNeRF's smoothing step).
        var smooth = new bool[pixels];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                int count = 0, seen = 0;
                for (var dy = -1; dy <= 1; dy++)
                {
                    var yy = y + dy;
                    if (yy < 0 || yy >= height)
                        continue;
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        var xx = x + dx;
                        if (xx < 0 || xx >= width)
                            continue;
                        seen++;
                        count += raw[(yy * width) + xx] ? 1 : 0;
                    }
                }
                smooth[(y * width) + x] = 2 * count > seen;
            }
        }

        var suppressed = 0;
        var r = options.DilationPixels;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var outlier = false;
                for (var yy = Math.Max(0, y - r); yy <= Math.Min(height - 1, y + r) && !outlier; yy++)
                {
                    for (var xx = Math.Max(0, x - r); xx <= Math.Min(width - 1, x + r); xx++)
                    {
                        if (smooth[(yy * width) + xx])
                        {
                            outlier = true;
                            break;
                        }
                    }
                }
                var p = (y * width) + x;
                if (outlier && weights[p] != 0)
                {
                    weights[p] = 0;
                    suppressed++;
                }
            }
        }
        return suppressed;
    }

    /// <summary>The <paramref name="q"/> quantile (nearest rank on a sorted copy).</summary>
    internal static float Quantile(float[] values, float q)
    {
        var copy = (float[])values.Clone();
        Array.Sort(copy);
        var index = Math.Clamp((int)Math.Ceiling(q * copy.Length) - 1, 0, copy.Length - 1);
        return copy[index];
    }
}
