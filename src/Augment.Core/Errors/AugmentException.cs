namespace Augment;

/// <summary>
/// The base of every error the Augment SDK raises on purpose. Catch this to handle any failure that
/// comes from bad media, models or arguments the SDK could name; programming errors (null arguments,
/// out-of-range parameters) still surface as the standard <see cref="ArgumentException"/> family.
/// </summary>
public class AugmentException : Exception
{
    /// <summary>Creates an exception with no message.</summary>
    public AugmentException() { }

    /// <summary>Creates an exception with a message.</summary>
    public AugmentException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    public AugmentException(string message, Exception innerException) : base(message, innerException) { }
}
