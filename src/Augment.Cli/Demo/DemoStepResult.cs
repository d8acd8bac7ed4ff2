namespace Augment.Cli.Demo;

/// <summary>What a demo step did, as one row of the results table.</summary>
/// <param name="Step">The step's name.</param>
/// <param name="Summary">What it did, in a few words.</param>
/// <param name="KeyNumbers">The figures that show it worked (sizes, errors, speeds).</param>
/// <param name="Outputs">Files it wrote, full paths; empty when none.</param>
internal sealed record DemoStepResult(string Step, string Summary, string KeyNumbers, IReadOnlyList<string> Outputs)
{
    /// <summary>Wall time the step took; filled in by <see cref="DemoRunner"/>.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>A table shown below the results table, when the step has more to show than one row.</summary>
    public DemoTable? Details { get; init; }
}
