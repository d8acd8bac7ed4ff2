namespace Augment;

/// <summary>The input is well formed but uses a format, codec, or variant the SDK does not handle.</summary>
public class UnsupportedFormatException : AugmentException
{
    /// <summary>Creates an exception with no message.</summary>
    public UnsupportedFormatException() { }

    /// <summary>Creates an exception with a message.</summary>
    public UnsupportedFormatException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    public UnsupportedFormatException(string message, Exception innerException) : base(message, innerException) { }
}
