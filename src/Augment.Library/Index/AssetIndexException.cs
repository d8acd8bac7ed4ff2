namespace Augment.Library;

/// <summary>
/// An asset index cannot do what was asked: the database is corrupt or of another schema, an embedding's length
/// differs from the ones stored for its source, or the server refused. Nothing was written when this is raised
/// from a write.
/// </summary>
public class AssetIndexException : AugmentException
{
    /// <summary>Creates an exception with no message.</summary>
    public AssetIndexException() { }

    /// <summary>Creates an exception with a message.</summary>
    public AssetIndexException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    public AssetIndexException(string message, Exception innerException) : base(message, innerException) { }
}
