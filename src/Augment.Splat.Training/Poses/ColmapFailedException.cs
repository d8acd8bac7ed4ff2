namespace Augment.Splat.Training;

/// <summary>A COLMAP step exited with an error or produced no reconstruction; the message ends with the tail of its output.</summary>
public class ColmapFailedException : AugmentException
{
    /// <summary>Creates an exception with no message.</summary>
    public ColmapFailedException() { }

    /// <summary>Creates an exception with a message.</summary>
    public ColmapFailedException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    public ColmapFailedException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates an exception for a failed step.</summary>
    /// <param name="step">The colmap command (e.g. <c>mapper</c>).</param>
    /// <param name="exitCode">Its exit code (0 when it succeeded but produced nothing usable).</param>
    /// <param name="reason">What went wrong.</param>
    /// <param name="outputTail">The last lines colmap printed.</param>
    public ColmapFailedException(string step, int exitCode, string reason, string outputTail)
        : base($"colmap {step} {reason} (exit code {exitCode}). Last output:\n{outputTail}")
    {
        Step = step;
        ExitCode = exitCode;
        OutputTail = outputTail;
    }

    /// <summary>The colmap command that failed.</summary>
    public string? Step { get; }

    /// <summary>Its exit code.</summary>
    public int ExitCode { get; }

    /// <summary>The last lines it printed (standard output and error interleaved).</summary>
    public string? OutputTail { get; }
}
