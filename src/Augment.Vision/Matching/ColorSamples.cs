namespace Augment.Vision;

/// <summary>
/// Colours drawn from frames for sample-based matching (sliced OT): planar float arrays, linear
/// sRGB when drawn, converted in place to OKLab by the caller when needed.
/// </summary>
internal sealed class ColorSamples
{
    private ColorSamples(float[] x, float[] y, float[] z)
    {
        X = x;
        Y = y;
        Z = z;
    }

    public float[] X { get; }
    public float[] Y { get; }
    public float[] Z { get; }
    public int Count => X.Length;

    /// <summary>
    /// Draws at most <paramref name="maxSamples"/> colours from the linear-sRGB <paramref name="frames"/>,
    /// in proportion to pixel weight (mask value, or 1), by systematic resampling over the frames'
    /// concatenated cumulative weight from a seeded random start (Kitagawa 1996): every pixel of
    /// weight w is drawn w·n/W times up to rounding, so frames contribute in proportion to their
    /// (masked) pixel count. When the frames hold no more pixels than the limit and are unmasked,
    /// every pixel is taken once.
    /// </summary>
    public static ColorSamples Draw(IReadOnlyList<ImageFrame> frames, IReadOnlyList<ImageFrame?> masks, int maxSamples, int seed)
    {
        double total = 0;
        long pixels = 0;
        var masked = false;
        for (var f = 0; f < frames.Count; f++)
        {
            pixels += frames[f].PixelCount;
            if (masks[f] is { } mask)
            {
                masked = true;
                foreach (var w in mask.Plane(0))
                {
                    if (w > 0f && float.IsFinite(w))
                        total += w;
                }
            }
            else
            {
                total += frames[f].PixelCount;
            }
        }
        if (!(total > 0))
            throw new ArgumentException("The masks select no pixels.");
        var count = (int)Math.Min(maxSamples, pixels);
        var x = new float[count];
        var y = new float[count];
        var z = new float[count];
        if (!masked && pixels <= maxSamples)
        {
            var at = 0;
            foreach (var frame in frames)
            {
                frame.Plane(0).CopyTo(x.AsSpan(at));
                frame.Plane(1).CopyTo(y.AsSpan(at));
                frame.Plane(2).CopyTo(z.AsSpan(at));
                at += frame.PixelCount;
            }
            return new ColorSamples(x, y, z);
        }
        var step = total / count;
        var next = new Random(seed).NextDouble() * step;
        double cumulative = 0;
        var drawn = 0;
        for (var f = 0; f < frames.Count && drawn < count; f++)
        {
            ReadOnlySpan<float> r = frames[f].Plane(0), g = frames[f].Plane(1), b = frames[f].Plane(2);
            ReadOnlySpan<float> w = masks[f] is { } mask ? mask.Plane(0) : default;
            for (var i = 0; i < r.Length && drawn < count; i++)
            {
                var weight = w.IsEmpty ? 1.0 : w[i];
                if (!(weight > 0) || !float.IsFinite((float)weight))
                    continue;
                cumulative += weight;
                while (next < cumulative && drawn < count)
                {
                    x[drawn] = r[i];
                    y[drawn] = g[i];
                    z[drawn] = b[i];
                    drawn++;
                    next += step;
                }
            }
        }
        if (drawn < count)
        {
            // Rounding at the very end of the walk: repeat the last draws.
            for (var i = drawn; i < count; i++)
            {
                x[i] = x[i - drawn];
                y[i] = y[i - drawn];
                z[i] = z[i - drawn];
            }
        }
        return new ColorSamples(x, y, z);
    }
}
