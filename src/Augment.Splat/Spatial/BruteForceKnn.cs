namespace Augment.Splat.Spatial;

/// <summary>
/// The O(n²) reference for <see cref="KdTree"/>: every distance computed, sorted, the first k kept. Same float
/// expression for the squared distance, so the tree must match it bit for bit. For tests and tiny clouds.
/// </summary>
internal static class BruteForceKnn
{
    /// <summary>The k nearest squared distances from point <paramref name="query"/> to the other points, nearest first.</summary>
    public static float[] NearestSquared(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, int query, int k)
    {
        var qx = x[query];
        var qy = y[query];
        var qz = z[query];
        var all = new float[x.Length - 1];
        var n = 0;
        for (var i = 0; i < x.Length; i++)
        {
            if (i == query)
                continue;
            var dx = x[i] - qx;
            var dy = y[i] - qy;
            var dz = z[i] - qz;
            all[n++] = (dx * dx) + (dy * dy) + (dz * dz);
        }
        Array.Sort(all);
        return all.AsSpan(0, Math.Min(k, all.Length)).ToArray();
    }

    /// <summary>Mean distance to the k nearest other points, for every point.</summary>
    public static float[] MeanNeighbourDistances(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, int k)
    {
        var result = new float[x.Length];
        for (var i = 0; i < x.Length; i++)
            result[i] = KdTree.MeanOfRoots(NearestSquared(x, y, z, i, k));
        return result;
    }
}
