namespace Augment;

/// <summary>
/// An operation would exceed a limit: a decode limit (pixels, frames, samples) or the memory of the
/// <see cref="ComputeBudget"/>. Raised before the allocation is attempted.
/// </summary>
public class ResourceLimitException : AugmentException
{
    /// <summary>Creates an exception with no message.</summary>
    public ResourceLimitException() { }

    /// <summary>Creates an exception with a message.</summary>
    public ResourceLimitException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    public ResourceLimitException(string message, Exception innerException) : base(message, innerException) { }
}
