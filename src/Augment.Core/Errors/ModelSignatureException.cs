namespace Augment;

/// <summary>
/// A model loaded but its inputs or outputs differ from what the caller declared: a missing name,
/// another element type, rank or fixed dimension. The message names the tensor and the mismatch.
/// </summary>
public class ModelSignatureException : AugmentException
{
    /// <summary>Creates an exception with no message.</summary>
    public ModelSignatureException() { }

    /// <summary>Creates an exception with a message.</summary>
    public ModelSignatureException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    public ModelSignatureException(string message, Exception innerException) : base(message, innerException) { }
}
