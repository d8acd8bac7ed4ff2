namespace Augment.Vision;

/// <summary>
/// Exact squared Euclidean distance transform (Felzenszwalb &amp; Huttenlocher 2012, "Distance Transforms of
/// Sampled Functions", Theory of Computing 8: the 1-D lower envelope of parabolas, run down the columns and
/// then along the rows): for every set pixel of a mask, the squared distance to the nearest unset pixel.
/// Unset pixels get 0; a mask with no unset pixel gets distances to a virtual border far away.
/// </summary>
internal static class DistanceTransform
{
    private const float Far = 1e20f;

    /// <summary>Fills <paramref name="squared"/> (width x height) from <paramref name="mask"/> (non-zero = inside).</summary>
    public static void Squared(byte[] mask, int width, int height, float[] squared, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var longest = Math.Max(width, height);
        var options = budget.ToParallelOptions(cancellationToken);
        // Columns: each thread keeps its own scratch.
        Parallel.For(0, width, options, () => new Scratch(longest), (x, _, s) =>
        {
            for (var y = 0; y < height; y++)
                s.F[y] = mask[(y * width) + x] != 0 ? Far : 0f;
            Envelope(s, height);
            for (var y = 0; y < height; y++)
                squared[(y * width) + x] = s.D[y];
            return s;
        }, _ => { });
        Parallel.For(0, height, options, () => new Scratch(longest), (y, _, s) =>
        {
            var row = squared.AsSpan(y * width, width);
            row.CopyTo(s.F);
            Envelope(s, width);
            s.D.AsSpan(0, width).CopyTo(row);
            return s;
        }, _ => { });
    }

    /// <summary>D[q] = min over p of (q − p)² + F[p], for q in 0..n−1.</summary>
    private static void Envelope(Scratch s, int n)
    {
        var f = s.F;
        var v = s.V;
        var z = s.Z;
        var k = 0;
        v[0] = 0;
        z[0] = double.NegativeInfinity;
        z[1] = double.PositiveInfinity;
        for (var q = 1; q < n; q++)
        {
            if (f[q] >= Far)
                continue;
            // Double precision: q² − p² loses integers above 2^24 in float.
            double intersection;
            while (true)
            {
                var p = v[k];
                intersection = ((f[q] + ((double)q * q)) - (f[p] + ((double)p * p))) / (2.0 * (q - p));
                if (f[p] >= Far || intersection <= z[k])
                {
                    if (k == 0)
                    {
                        v[0] = q;
                        z[0] = double.NegativeInfinity;
                        z[1] = double.PositiveInfinity;
                        intersection = double.NaN;
                        break;
                    }
                    k--;
                    continue;
                }
                break;
            }
            if (double.IsNaN(intersection))
                continue;
            k++;
            v[k] = q;
            z[k] = intersection;
            z[k + 1] = double.PositiveInfinity;
        }
        k = 0;
        for (var q = 0; q < n; q++)
        {
            while (z[k + 1] < q)
                k++;
            var p = v[k];
            var d = q - p;
            s.D[q] = f[p] >= Far ? Far : (d * (float)d) + f[p];
        }
    }

    private sealed class Scratch(int length)
    {
        public float[] F { get; } = new float[length];
        public float[] D { get; } = new float[length];
        public int[] V { get; } = new int[length];
        public double[] Z { get; } = new double[length + 1];
    }
}
