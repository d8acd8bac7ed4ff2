namespace Augment.Splat.Training;

/// <summary>
/// Adam over every plane of a <see cref="SplatParameters"/> scene, with a learning rate per plane group
/// (<see cref="LearningRates"/>). Moments are kept as <see cref="SplatParameters"/> of the same shape, so densification
/// rebuilds them with the scene (<see cref="Rebuild"/>).
/// </summary>
public sealed class AdamOptimizer
{
    private readonly AdamOptions _options;

    /// <summary>Creates an optimiser with zero moments for <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The scene being optimised (its shape; the values are passed to <see cref="Step"/>).</param>
    /// <param name="options">Adam's constants; defaults when null.</param>
    public AdamOptimizer(SplatParameters parameters, AdamOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _options = options ?? new AdamOptions();
        _options.Validate();
        FirstMoment = parameters.CreateZeroed();
        SecondMoment = parameters.CreateZeroed();
    }

    internal AdamOptimizer(SplatParameters first, SplatParameters second, long stepCount, AdamOptions? options)
    {
        _options = options ?? new AdamOptions();
        _options.Validate();
        FirstMoment = first;
        SecondMoment = second;
        StepCount = stepCount;
    }

    /// <summary>First moments (running mean of gradients), same shape as the scene.</summary>
    public SplatParameters FirstMoment { get; }

    /// <summary>Second moments (running mean of squared gradients), same shape as the scene.</summary>
    public SplatParameters SecondMoment { get; }

    /// <summary>Number of steps taken (t in the bias corrections).</summary>
    public long StepCount { get; private set; }

    /// <summary>Applies one update to every plane of <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The scene, updated in place.</param>
    /// <param name="gradients">dLoss/dParameter, same shape.</param>
    /// <param name="rates">Learning rates per group.</param>
    /// <param name="positionRate">The position rate for this step (from <see cref="LearningRates.Position"/>).</param>
    public void Step(SplatParameters parameters, SplatParameters gradients, LearningRates rates, float positionRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(gradients);
        ArgumentNullException.ThrowIfNull(rates);
        if (parameters.Count != FirstMoment.Count || gradients.Count != parameters.Count || parameters.PlaneCount != FirstMoment.PlaneCount || gradients.PlaneCount != parameters.PlaneCount)
            throw new ArgumentException($"Scene ({parameters.Count} Gaussians, {parameters.PlaneCount} planes), gradients ({gradients.Count}, {gradients.PlaneCount}) and moments ({FirstMoment.Count}, {FirstMoment.PlaneCount}) differ in shape; rebuild the optimiser after densification.");
        StepCount++;
        for (var p = 0; p < parameters.PlaneCount; p++)
        {
            var step = AdamStep.For(rates.ForPlane(p, positionRate), _options, StepCount);
            AdamKernel.Update(parameters.Plane(p), gradients.Plane(p), FirstMoment.Plane(p), SecondMoment.Plane(p), step);
        }
    }

    /// <summary>
    /// Follows a <see cref="SplatParameters.Rebuild"/> of the scene: kept Gaussians keep their moments, appended ones
    /// start from zero (as the 3DGS reference does for clones and splits).
    /// </summary>
    /// <param name="keep">The keep flags given to the scene's rebuild.</param>
    /// <param name="appended">The appended indices given to the scene's rebuild.</param>
    public void Rebuild(ReadOnlySpan<bool> keep, ReadOnlySpan<int> appended)
    {
        var kept = FirstMoment.Rebuild(keep, appended);
        SecondMoment.Rebuild(keep, appended);
        var firstNew = kept.Length - appended.Length;
        for (var p = 0; p < FirstMoment.PlaneCount; p++)
        {
            FirstMoment.Plane(p)[firstNew..].Clear();
            SecondMoment.Plane(p)[firstNew..].Clear();
        }
    }

    /// <summary>Zeroes both moments of one plane (after the trainer overwrites it, e.g. an opacity reset).</summary>
    /// <param name="plane">Plane index.</param>
    public void ResetPlane(int plane)
    {
        FirstMoment.Plane(plane).Clear();
        SecondMoment.Plane(plane).Clear();
    }
}
