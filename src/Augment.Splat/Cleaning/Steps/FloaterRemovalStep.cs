using System.Globalization;

namespace Augment.Splat.Cleaning;

/// <summary>
/// Removes floaters: isolated clusters of splats away from the scene. Splat centres are binned into a voxel
/// grid of edge <see cref="VoxelSize"/> (world units); occupied voxels that touch (26-neighbourhood) form
/// connected components; a component is dropped when its weight (splat count, or the sum of alphas with
/// <see cref="WeightByOpacity"/>) is below <see cref="MinFractionOfLargest"/> times the heaviest component's, or
/// when it has fewer than <see cref="MinSplats"/> splats. Splats with non-finite centres are removed too.
/// </summary>
public sealed record FloaterRemovalStep : CleaningStep
{
    /// <summary>Voxel edge, world units; null (the default) picks <see cref="AutoVoxelFactor"/> times the scene's typical splat spacing (median mean distance to the 8 nearest neighbours).</summary>
    public float? VoxelSize { get; init; }

    /// <summary>Multiplier of the typical spacing when <see cref="VoxelSize"/> is automatic; default 3. Larger joins more, removes less.</summary>
    public float AutoVoxelFactor { get; init; } = 3;

    /// <summary>A component lighter than this fraction (0 to 1) of the heaviest is removed; default 0.01.</summary>
    public float MinFractionOfLargest { get; init; } = 0.01f;

    /// <summary>A component with fewer splats than this is removed whatever its weight; default 0 (off).</summary>
    public int MinSplats { get; init; }

    /// <summary>Weigh a component by the sum of its splats' alphas instead of their count, so faint haze weighs little; default false.</summary>
    public bool WeightByOpacity { get; init; }

    /// <inheritdoc/>
    public override string Name => string.Create(CultureInfo.InvariantCulture,
        $"floaters (voxel {(VoxelSize is { } v ? v.ToString("G4", CultureInfo.InvariantCulture) : $"auto x{AutoVoxelFactor:0.##}")}, < {MinFractionOfLargest:0.####} of largest{(MinSplats > 0 ? $" or < {MinSplats} splats" : "")}{(WeightByOpacity ? ", by opacity" : "")})");

    internal override void Validate()
    {
        if (VoxelSize is { } v && (!float.IsFinite(v) || v <= 0))
            throw new ArgumentOutOfRangeException(nameof(VoxelSize), v, "The voxel size must be finite and positive (world units).");
        if (!float.IsFinite(AutoVoxelFactor) || AutoVoxelFactor <= 0)
            throw new ArgumentOutOfRangeException(nameof(AutoVoxelFactor), AutoVoxelFactor, "The voxel factor must be finite and positive.");
        if (!(MinFractionOfLargest >= 0 && MinFractionOfLargest <= 1))
            throw new ArgumentOutOfRangeException(nameof(MinFractionOfLargest), MinFractionOfLargest, "The fraction must be between 0 and 1.");
        ArgumentOutOfRangeException.ThrowIfNegative(MinSplats);
    }

    internal override int Apply(CleaningPass pass)
    {
        var points = NeighbourPoints.Gather(pass);
        var removed = pass.Remove(points.NonFinite);
        if (points.Count == 0)
            return removed;
        var size = VoxelSize ?? VoxelComponents.AutoVoxelSize(points.X, points.Y, points.Z, AutoVoxelFactor, pass.Budget);
        pass.CancellationToken.ThrowIfCancellationRequested();
        var labels = VoxelComponents.Label(points.X, points.Y, points.Z, size, pass.Budget, pass.CancellationToken, out var components);
        var counts = new int[components];
        var weights = new double[components];
        var opacity = pass.Cloud.Planes[10];
        for (var i = 0; i < labels.Length; i++)
        {
            counts[labels[i]]++;
            var alpha = WeightByOpacity ? 1 / (1 + MathF.Exp(-opacity[points.Ids[i]])) : 1;
            weights[labels[i]] += float.IsNaN(alpha) ? 0 : alpha;
        }
        double heaviest = 0;
        foreach (var w in weights)
            heaviest = Math.Max(heaviest, w);
        var limit = MinFractionOfLargest * heaviest;
        var drop = new bool[components];
        for (var c = 0; c < components; c++)
            drop[c] = weights[c] < limit || counts[c] < MinSplats;
        var dropped = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            if (drop[labels[i]])
            {
                pass.Alive[points.Ids[i]] = false;
                dropped++;
            }
        }
        pass.Removed(dropped);
        return removed + dropped;
    }
}
