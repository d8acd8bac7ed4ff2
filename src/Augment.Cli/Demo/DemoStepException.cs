namespace Augment.Cli.Demo;

/// <summary>A demo step failed; the message names the step and carries the cause's message.</summary>
internal sealed class DemoStepException : AugmentException
{
    public DemoStepException() { }

    public DemoStepException(string message) : base(message) { }

    public DemoStepException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The step that failed, or null when not known.</summary>
    public string? Step { get; private init; }

    /// <summary>Wraps what <paramref name="step"/> threw, keeping it as the inner exception for --verbose.</summary>
    public static DemoStepException ForStep(string step, Exception cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        return new DemoStepException($"demo step '{step}' failed: {cause.Message}", cause) { Step = step };
    }
}
