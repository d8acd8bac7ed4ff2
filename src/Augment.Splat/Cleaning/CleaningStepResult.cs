namespace Augment.Splat.Cleaning;

/// <summary>One row of a <see cref="CleaningReport"/>.</summary>
/// <param name="Name">The step and its parameters.</param>
/// <param name="Removed">Splats this step removed.</param>
/// <param name="Remaining">Splats left after this step.</param>
/// <param name="Elapsed">Wall-clock time the step took.</param>
public sealed record CleaningStepResult(string Name, int Removed, int Remaining, TimeSpan Elapsed);
