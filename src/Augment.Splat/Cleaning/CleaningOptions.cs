namespace Augment.Splat.Cleaning;

/// <summary>A cleaning run as plain data: the steps, in order, and the compute budget. <see cref="CleaningBuilder"/> builds one fluently.</summary>
public sealed record CleaningOptions
{
    /// <summary>The steps, run in this order, each on the survivors of the ones before.</summary>
    public IReadOnlyList<CleaningStep> Steps { get; init; } = [];

    /// <summary>Threads and memory the run may use; <see cref="ComputeBudget.Default"/> unless set.</summary>
    public ComputeBudget Budget { get; init; } = ComputeBudget.Default;
}
