namespace Augment.Splat.Training;

/// <summary>
/// TorchSharp cannot be initialised here: no libtorch package is referenced, the host's C++ runtime lacks a version
/// that libtorch or TorchSharp's native library needs, or a patched copy could not be written. The message says what
/// is missing and how to fix it.
/// </summary>
public class TorchRuntimeException : AugmentException
{
    /// <summary>Creates an exception with no message.</summary>
    public TorchRuntimeException() { }

    /// <summary>Creates an exception with a message.</summary>
    public TorchRuntimeException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    public TorchRuntimeException(string message, Exception innerException) : base(message, innerException) { }
}
