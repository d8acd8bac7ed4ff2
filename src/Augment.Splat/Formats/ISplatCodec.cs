namespace Augment.Splat;

/// <summary>
/// One file format's reader and writer. <see cref="SplatCodecs"/> lists them; <c>GaussianCloud.Load</c> asks each
/// to <see cref="Sniff"/> the first bytes of a file (content, not the extension, decides the format).
/// </summary>
internal interface ISplatCodec
{
    /// <summary>The format this codec handles.</summary>
    SplatFormat Format { get; }

    /// <summary>True when the codec can write (<c>.ksplat</c> is read-only).</summary>
    bool CanWrite { get; }

    /// <summary>Whether <paramref name="head"/> (the first up to 64 bytes of the file) looks like this format.</summary>
    bool Sniff(ReadOnlySpan<byte> head);

    /// <summary>Reads a whole cloud. Errors are <see cref="InvalidMediaException"/> naming <paramref name="source"/> and the byte offset.</summary>
    GaussianCloud Read(Stream stream, string source, SplatReadOptions options, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="cloud"/> to <paramref name="stream"/> (the caller makes the file atomic).</summary>
    void Write(GaussianCloud cloud, Stream stream, SplatWriteOptions options, CancellationToken cancellationToken);
}
