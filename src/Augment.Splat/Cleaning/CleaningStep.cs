namespace Augment.Splat.Cleaning;

/// <summary>
/// One step of a cleaning run. Steps run in order, each on the splats the steps before it kept; each removes
/// some and reports how many. Create them through <see cref="CleaningBuilder"/> or directly as records
/// (<see cref="RemoveNonFiniteStep"/>, <see cref="RemoveDegenerateStep"/>, <see cref="OpacityThresholdStep"/>,
/// <see cref="ScaleThresholdStep"/>, <see cref="RegionStep"/>, <see cref="StatisticalOutlierStep"/>,
/// <see cref="FloaterRemovalStep"/>).
/// </summary>
public abstract record CleaningStep
{
    private protected CleaningStep()
    {
    }

    /// <summary>Short name with the step's parameters, as the report shows it.</summary>
    public abstract string Name { get; }

    /// <summary>Throws <see cref="ArgumentException"/> when a parameter is out of range; called before any step runs.</summary>
    internal abstract void Validate();

    /// <summary>Clears the alive flags of the splats this step removes; returns how many.</summary>
    internal abstract int Apply(CleaningPass pass);
}
