namespace Augment;

/// <summary>
/// Media (an image, sound, scene or manifest) is malformed, truncated or exceeds a decode limit.
/// The message names the source, the byte offset where known, and what was wrong.
/// </summary>
public class InvalidMediaException : AugmentException
{
    /// <summary>Creates an exception with no message.</summary>
    public InvalidMediaException() { }

    /// <summary>Creates an exception with a message.</summary>
    public InvalidMediaException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    public InvalidMediaException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates an exception that names the source and byte offset of the fault.</summary>
    /// <param name="source">File path or stream description.</param>
    /// <param name="offset">Byte offset of the fault, or <c>-1</c> when unknown.</param>
    /// <param name="reason">What was wrong.</param>
    public InvalidMediaException(string? source, long offset, string reason)
        : base(Describe(source, offset, reason))
    {
        MediaName = source;
        Offset = offset;
    }

    /// <summary>File path or stream description of the bad media, when known.</summary>
    public string? MediaName { get; }

    /// <summary>Byte offset of the fault, or <c>-1</c> when unknown.</summary>
    public long Offset { get; } = -1;

    internal static string Describe(string? source, long offset, string reason)
    {
        var where = source is null ? "input" : $"'{source}'";
        return offset >= 0 ? $"{where} at byte {offset}: {reason}" : $"{where}: {reason}";
    }
}
