namespace Augment;

/// <summary>
/// A model or weights file cannot be loaded: it is truncated, not the format it claims, or its
/// runtime rejected it. Raised instead of letting a native loader crash the process.
/// </summary>
public class InvalidModelException : AugmentException
{
    /// <summary>Creates an exception with no message.</summary>
    public InvalidModelException() { }

    /// <summary>Creates an exception with a message.</summary>
    public InvalidModelException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    public InvalidModelException(string message, Exception innerException) : base(message, innerException) { }
}
