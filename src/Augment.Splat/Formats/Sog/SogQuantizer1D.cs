namespace Augment.Splat;

/// <summary>
/// One-dimensional k-means with up to 256 centroids, the codebooks SOG stores for log-scales, DC colour and SH
/// coefficients. Lloyd's iterations run on the sorted values with prefix sums: in 1-D each cluster is a contiguous
/// run between midpoints of neighbouring centroids, so an iteration costs O(k log n) instead of O(n k).
/// </summary>
internal static class SogQuantizer1D
{
    /// <summary>
    /// Fits a codebook to the finite values of <paramref name="values"/> and returns it (ascending; fewer than
    /// <paramref name="maxCentroids"/> entries when there are fewer distinct values; one zero entry when none is finite).
    /// </summary>
    public static float[] Fit(ReadOnlySpan<float> values, int maxCentroids = 256, int iterations = 24)
    {
        var sorted = new float[values.Length];
        var n = 0;
        foreach (var v in values)
        {
            if (float.IsFinite(v))
                sorted[n++] = v;
        }
        if (n == 0)
            return [0f];
        Array.Sort(sorted, 0, n);
        var prefix = new double[n + 1];
        for (var i = 0; i < n; i++)
            prefix[i + 1] = prefix[i] + sorted[i];

        // Distinct values are fewer than k: each is its own centroid (exact).
        var distinct = new List<float>();
        for (var i = 0; i < n && distinct.Count <= maxCentroids; i++)
        {
            if (i == 0 || sorted[i] != sorted[i - 1])
                distinct.Add(sorted[i]);
        }
        if (distinct.Count <= maxCentroids)
            return [.. distinct];

        // Start at the quantiles so that dense regions get more entries.
        var k = maxCentroids;
        var centroids = new double[k];
        for (var c = 0; c < k; c++)
            centroids[c] = sorted[(int)(((c + 0.5) * n) / k)];
        var bounds = new int[k + 1];
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            bounds[0] = 0;
            bounds[k] = n;
            for (var c = 1; c < k; c++)
                bounds[c] = Math.Max(bounds[c - 1], LowerBound(sorted, n, (float)((centroids[c - 1] + centroids[c]) * 0.5)));
            var moved = false;
            for (var c = 0; c < k; c++)
            {
                var size = bounds[c + 1] - bounds[c];
                if (size == 0)
                    continue; // an empty cluster keeps its centroid
                var mean = (prefix[bounds[c + 1]] - prefix[bounds[c]]) / size;
                moved |= mean != centroids[c];
                centroids[c] = mean;
            }
            Array.Sort(centroids);
            if (!moved)
                break;
        }
        var codebook = new float[k];
        for (var c = 0; c < k; c++)
            codebook[c] = (float)centroids[c];
        return codebook;
    }

    /// <summary>Index of the nearest codebook entry (ascending codebook); NaN maps to 0, infinities to the ends.</summary>
    public static byte Nearest(ReadOnlySpan<float> codebook, float value)
    {
        if (float.IsNaN(value))
            return 0;
        int lo = 0, hi = codebook.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (value > (codebook[mid] + codebook[mid + 1]) * 0.5f)
                lo = mid + 1;
            else
                hi = mid;
        }
        return (byte)lo;
    }

    private static int LowerBound(float[] sorted, int n, float value)
    {
        int lo = 0, hi = n;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (sorted[mid] < value)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }
}
