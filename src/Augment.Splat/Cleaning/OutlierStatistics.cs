using Augment.Splat.Spatial;

namespace Augment.Splat.Cleaning;

/// <summary>
/// The statistic of PCL's StatisticalOutlierRemoval: each point's mean distance to its k nearest neighbours,
/// their global mean and sample standard deviation, and the threshold mean + stdDevs x sigma above which a point
/// is an outlier.
/// </summary>
internal static class OutlierStatistics
{
    /// <summary>Indices (into the given points) of the outliers, ascending.</summary>
    public static int[] FindOutliers(ReadOnlySpan<float> meanDistance, float stdDevs, out double mean, out double sigma, out double threshold)
    {
        var n = meanDistance.Length;
        mean = 0;
        sigma = 0;
        threshold = double.PositiveInfinity;
        if (n < 2)
            return [];
        // Sequential sums in index order: the same result for any thread count.
        double sum = 0, sumSquares = 0;
        foreach (var d in meanDistance)
        {
            sum += d;
            sumSquares += (double)d * d;
        }
        mean = sum / n;
        sigma = Math.Sqrt(Math.Max(0, (sumSquares - (sum * sum / n)) / (n - 1)));
        threshold = mean + (stdDevs * sigma);
        var count = 0;
        foreach (var d in meanDistance)
        {
            if (d > threshold)
                count++;
        }
        var result = new int[count];
        var r = 0;
        for (var i = 0; i < n; i++)
        {
            if (meanDistance[i] > threshold)
                result[r++] = i;
        }
        return result;
    }

    /// <summary>Mean k-NN distance of every point through a k-d tree (k clamped to n - 1).</summary>
    public static float[] MeanDistances(NeighbourPoints points, int k, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var mean = new float[points.Count];
        var neighbours = Math.Min(k, points.Count - 1);
        if (neighbours < 1)
            return mean;
        var tree = KdTree.Build(points.X, points.Y, points.Z, budget);
        tree.MeanNeighbourDistances(neighbours, mean, budget, cancellationToken);
        return mean;
    }
}
