using System.Numerics;

namespace Augment.Splat.Cleaning;

/// <summary>
/// Fluent description of a cleaning run, read like the task:
/// <c>c =&gt; c.RemoveNonFinite().RemoveDegenerate().MinOpacity(0.05f).RemoveOutliers().RemoveFloaters()</c>.
/// Each call appends one step to <see cref="Options"/>; nothing runs until
/// <see cref="CleaningExtensions.Clean(GaussianCloud, Func{CleaningBuilder, CleaningBuilder}, IProgress{AugmentProgress}?, CancellationToken)"/>.
/// All lengths are in the cloud's world units.
/// </summary>
public sealed class CleaningBuilder
{
    /// <summary>A builder that starts from <paramref name="options"/> (empty when null).</summary>
    public CleaningBuilder(CleaningOptions? options = null) => Options = options ?? new CleaningOptions();

    /// <summary>The run described so far.</summary>
    public CleaningOptions Options { get; private set; }

    /// <summary>Appends any step.</summary>
    public CleaningBuilder Add(CleaningStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        step.Validate();
        Options = Options with { Steps = [.. Options.Steps, step] };
        return this;
    }

    /// <summary>Threads and memory the run may use.</summary>
    public CleaningBuilder WithBudget(ComputeBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        Options = Options with { Budget = budget };
        return this;
    }

    /// <summary>Removes splats with NaN or infinity in any attribute.</summary>
    public CleaningBuilder RemoveNonFinite() => Add(new RemoveNonFiniteStep());

    /// <summary>Removes splats with an axis scale below <paramref name="minScale"/> (world units) or overflowing, or a (near-)zero rotation quaternion.</summary>
    public CleaningBuilder RemoveDegenerate(float minScale = 1e-9f) => Add(new RemoveDegenerateStep { MinScale = minScale });

    /// <summary>Removes splats whose alpha (sigmoid of the opacity logit) is below <paramref name="minAlpha"/> (0 to 1).</summary>
    public CleaningBuilder MinOpacity(float minAlpha) => Add(new OpacityThresholdStep(minAlpha));

    /// <summary>Removes splats whose largest axis scale (exp of the log-scale) exceeds <paramref name="maxScale"/> world units.</summary>
    public CleaningBuilder MaxScale(float maxScale) => Add(new ScaleThresholdStep { MaxLargestScale = maxScale });

    /// <summary>Removes splats whose largest axis scale is below <paramref name="minScale"/> world units (specks too small to see).</summary>
    public CleaningBuilder MinScale(float minScale) => Add(new ScaleThresholdStep { MinLargestScale = minScale });

    /// <summary>Keeps only the splats whose centre lies inside <paramref name="region"/>.</summary>
    public CleaningBuilder CropTo(SplatRegion region) => Add(new RegionStep(region, KeepInside: true));

    /// <summary>Keeps only the splats whose centre lies in the axis-aligned box <paramref name="min"/>..<paramref name="max"/> (or outside it, with <paramref name="keepInside"/> false).</summary>
    public CleaningBuilder CropToBox(Vector3 min, Vector3 max, bool keepInside = true) => Add(new RegionStep(SplatRegion.Box(min, max), keepInside));

    /// <summary>Keeps only the splats whose centre lies within <paramref name="radius"/> of <paramref name="center"/> (or beyond it, with <paramref name="keepInside"/> false).</summary>
    public CleaningBuilder CropToSphere(Vector3 center, float radius, bool keepInside = true) => Add(new RegionStep(SplatRegion.Sphere(center, radius), keepInside));

    /// <summary>Keeps only the splats on the side of the plane dot(<paramref name="normal"/>, p) + <paramref name="offset"/> = 0 that the normal points to (or the other side, with <paramref name="keepInside"/> false).</summary>
    public CleaningBuilder CropToPlane(Vector3 normal, float offset, bool keepInside = true) => Add(new RegionStep(SplatRegion.HalfSpace(normal, offset), keepInside));

    /// <summary>Removes the splats whose centre lies inside <paramref name="region"/> (a passer-by's box, a tripod's sphere).</summary>
    public CleaningBuilder RemoveInside(SplatRegion region) => Add(new RegionStep(region, KeepInside: false));

    /// <summary>Statistical outlier removal: drops splats whose mean distance to their <paramref name="k"/> nearest neighbours exceeds the global mean plus <paramref name="stdDevs"/> standard deviations.</summary>
    public CleaningBuilder RemoveOutliers(int k = 16, float stdDevs = 2) => Add(new StatisticalOutlierStep(k, stdDevs));

    /// <summary>
    /// Floater removal: drops connected voxel clusters lighter than <paramref name="minFractionOfLargest"/> of the
    /// heaviest or with fewer than <paramref name="minSplats"/> splats. <paramref name="voxelSize"/> in world
    /// units, null for automatic (3 x the typical splat spacing); <paramref name="weightByOpacity"/> weighs clusters by summed alpha.
    /// </summary>
    public CleaningBuilder RemoveFloaters(float? voxelSize = null, float minFractionOfLargest = 0.01f, int minSplats = 0, bool weightByOpacity = false) =>
        Add(new FloaterRemovalStep { VoxelSize = voxelSize, MinFractionOfLargest = minFractionOfLargest, MinSplats = minSplats, WeightByOpacity = weightByOpacity });
}
