using System.Globalization;
using Augment.Splat.Spatial;

namespace Augment.Splat.Cleaning;

/// <summary>
/// Statistical outlier removal as in PCL's StatisticalOutlierRemoval: for every splat the mean Euclidean
/// distance (world units) from its centre to the centres of its <see cref="Neighbours"/> nearest other splats;
/// over all splats the mean μ and sample standard deviation σ of that value; splats whose mean distance exceeds
/// μ + <see cref="StdDevs"/> σ are removed. Splats with non-finite centres are removed too (they have no
/// neighbours). Exact neighbours through a k-d tree, parallel within the budget; the result does not depend on
/// the thread count.
/// </summary>
/// <param name="Neighbours">k, the neighbours per splat, 1 to 256 (PCL's meanK; 16 to 50 is usual).</param>
/// <param name="StdDevs">The multiplier of σ in the threshold (PCL's stddevMulThresh; 1 to 3 is usual; may be negative).</param>
public sealed record StatisticalOutlierStep(int Neighbours = 16, float StdDevs = 2) : CleaningStep
{
    /// <inheritdoc/>
    public override string Name => string.Create(CultureInfo.InvariantCulture, $"outliers (k {Neighbours}, {StdDevs:0.##} sigma)");

    internal override void Validate()
    {
        if (Neighbours < 1 || Neighbours > KdTree.MaxNeighbours)
            throw new ArgumentOutOfRangeException(nameof(Neighbours), Neighbours, $"The neighbour count must be between 1 and {KdTree.MaxNeighbours}.");
        if (!float.IsFinite(StdDevs))
            throw new ArgumentOutOfRangeException(nameof(StdDevs), StdDevs, "The standard-deviation multiplier must be finite.");
    }

    internal override int Apply(CleaningPass pass)
    {
        var points = NeighbourPoints.Gather(pass);
        var removed = pass.Remove(points.NonFinite);
        var mean = OutlierStatistics.MeanDistances(points, Neighbours, pass.Budget, pass.CancellationToken);
        var outliers = OutlierStatistics.FindOutliers(mean, StdDevs, out _, out _, out _);
        for (var i = 0; i < outliers.Length; i++)
            outliers[i] = points.Ids[outliers[i]];
        return removed + pass.Remove(outliers);
    }
}
