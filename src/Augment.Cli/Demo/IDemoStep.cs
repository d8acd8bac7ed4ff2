namespace Augment.Cli.Demo;

/// <summary>
/// One headline step of <c>augment demo</c>: it exercises a capability of the SDK on generated media,
/// writes its outputs under <see cref="DemoContext.OutputDirectory"/>, and says what it did. Each new
/// capability adds a step class and one line to <see cref="DemoSteps.Default"/>.
/// </summary>
internal interface IDemoStep
{
    /// <summary>Short name shown in the progress bar and the results table, such as "image".</summary>
    string Name { get; }

    /// <summary>
    /// Runs the step. Report progress through <see cref="DemoContext.Progress"/>, honour
    /// <see cref="DemoContext.CancellationToken"/>, and throw when the capability misbehaves (a
    /// check that fails is an error, not a row that says so).
    /// </summary>
    Task<DemoStepResult> RunAsync(DemoContext context);
}
