using System.Text;

namespace Augment.Splat;

/// <summary>
/// Reads and writes Gaussian-splat files. Reading decides the format from the content (never the extension):
/// a PLY header with a <c>chunk</c> element is PlayCanvas's compressed PLY, any other PLY is 3DGS PLY, formats
/// with a magic number are asked next, and antimatter15's <c>.splat</c> (no magic) is tried last. Writing takes
/// the format from the extension and replaces the destination atomically.
/// </summary>
public static class SplatFile
{
    /// <summary>Bytes of a file's start that codecs sniff.</summary>
    private const int SniffBytes = 64;

    /// <summary>Most bytes read to find a PLY's <c>end_header</c> when deciding between PLY and compressed PLY.</summary>
    private const int MaxPlyHeaderBytes = 1 << 20;

    /// <summary>The extensions <see cref="Save(GaussianCloud, string, SplatWriteOptions?, CancellationToken)"/> understands.</summary>
    public static IReadOnlyList<string> WritableExtensions { get; } = [".ply", ".compressed.ply", ".splat", ".spz", ".sog"];

    /// <summary>Reads a splat file, or an unzipped SOG folder, detecting the format from its content.</summary>
    /// <param name="path">A file, or a folder holding a SOG <c>meta.json</c>.</param>
    /// <param name="options">Limits; <see cref="SplatReadOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Checked between blocks.</param>
    /// <exception cref="FileNotFoundException">Nothing is at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidMediaException">The file is malformed, truncated or over a limit.</exception>
    /// <exception cref="UnsupportedFormatException">The content is no format Augment reads (or its codec is not available).</exception>
    public static GaussianCloud Load(string path, SplatReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= SplatReadOptions.Default;
        if (Directory.Exists(path))
            return LoadFolder(path, options, cancellationToken);
        if (!File.Exists(path))
            throw new FileNotFoundException($"No splat file at '{path}'.", path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        return Load(stream, path, options, cancellationToken);
    }

    /// <summary>Reads a splat from a stream, detecting the format from its content; the stream need not be seekable.</summary>
    /// <param name="stream">The data, from its current position.</param>
    /// <param name="source">Name used in error messages; "stream" when null.</param>
    /// <param name="options">Limits; <see cref="SplatReadOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Checked between blocks.</param>
    /// <exception cref="InvalidMediaException">The data is malformed, truncated or over a limit.</exception>
    /// <exception cref="UnsupportedFormatException">The content is no format Augment reads (or its codec is not available).</exception>
    public static GaussianCloud Load(Stream stream, string? source = null, SplatReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        source ??= "stream";
        options ??= SplatReadOptions.Default;
        var (codec, readFrom) = Detect(stream, source);
        return codec.Read(readFrom, source, options, cancellationToken);
    }

    /// <summary>The format of the file at <paramref name="path"/>, from its content (a folder with <c>meta.json</c> is SOG).</summary>
    /// <exception cref="UnsupportedFormatException">The content is no format Augment reads.</exception>
    public static SplatFormat DetectFormat(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            return File.Exists(Path.Combine(path, "meta.json"))
                ? SplatFormat.Sog
                : throw new UnsupportedFormatException($"'{path}' is a folder without a SOG meta.json; give a splat file or a SOG folder.");
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        return Sniff(stream, path, out _, out _);
    }

    /// <summary>Writes <paramref name="cloud"/> to <paramref name="path"/> in the format its extension names, atomically.</summary>
    /// <param name="cloud">The splats.</param>
    /// <param name="path">Destination ending in one of <see cref="WritableExtensions"/>; replaced if it exists, untouched on failure.</param>
    /// <param name="options">Format settings; <see cref="SplatWriteOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Checked between blocks; a cancelled save leaves the destination as it was.</param>
    /// <exception cref="ArgumentException">The extension is not one of <see cref="WritableExtensions"/>.</exception>
    /// <exception cref="UnsupportedFormatException">The format's writer is not available.</exception>
    public static void Save(GaussianCloud cloud, string path, SplatWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var codec = WriterFor(FormatFromExtension(path));
        options ??= SplatWriteOptions.Default;
        AtomicFile.Write(path, stream => codec.Write(cloud, stream, options, cancellationToken));
    }

    /// <summary>Writes <paramref name="cloud"/> to a stream in <paramref name="format"/>.</summary>
    /// <exception cref="UnsupportedFormatException">The format's writer is not available.</exception>
    public static void Save(GaussianCloud cloud, Stream stream, SplatFormat format, SplatWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        ArgumentNullException.ThrowIfNull(stream);
        WriterFor(format).Write(cloud, stream, options ?? SplatWriteOptions.Default, cancellationToken);
    }

    /// <summary>The format a destination's extension names (<c>.compressed.ply</c> before <c>.ply</c>; case-insensitive).</summary>
    /// <exception cref="ArgumentException">The extension is not one of <see cref="WritableExtensions"/>.</exception>
    public static SplatFormat FormatFromExtension(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var name = Path.GetFileName(path);
        if (name.EndsWith(".compressed.ply", StringComparison.OrdinalIgnoreCase))
            return SplatFormat.CompressedPly;
        return Path.GetExtension(name).ToUpperInvariant() switch
        {
            ".PLY" => SplatFormat.Ply,
            ".SPLAT" => SplatFormat.Splat,
            ".SPZ" => SplatFormat.Spz,
            ".SOG" => SplatFormat.Sog,
            _ => throw new ArgumentException($"'{name}' has no splat extension Augment writes; use one of {string.Join(", ", WritableExtensions)}.", nameof(path)),
        };
    }

    private static ISplatCodec WriterFor(SplatFormat format)
    {
        var codec = SplatCodecs.Find(format) ?? throw new UnsupportedFormatException($"Writing {format} is not available in this build (no codec is registered for it).");
        if (!codec.CanWrite)
            throw new UnsupportedFormatException($"{format} is a read-only format.");
        return codec;
    }

    private static GaussianCloud LoadFolder(string path, SplatReadOptions options, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(path, "meta.json")))
            throw new UnsupportedFormatException($"'{path}' is a folder without a SOG meta.json; give a splat file or a SOG folder.");
        if (SplatCodecs.Find(SplatFormat.Sog) is ISplatFolderCodec folderCodec)
            return folderCodec.ReadFolder(path, options, cancellationToken);
        throw new UnsupportedFormatException($"'{path}' is a SOG folder, but reading SOG folders is not available in this build.");
    }

    /// <summary>Picks the codec and returns the stream to read from (the original, rewound, or one replaying the sniffed bytes).</summary>
    private static (ISplatCodec Codec, Stream ReadFrom) Detect(Stream stream, string source)
    {
        var start = stream.CanSeek ? stream.Position : 0;
        var format = Sniff(stream, source, out var prefix, out var prefixLength);
        var codec = SplatCodecs.Find(format) ?? throw new UnsupportedFormatException($"'{source}' is {format}, but reading {format} is not available in this build.");
        if (stream.CanSeek)
        {
            stream.Position = start;
            return (codec, stream);
        }
        return (codec, new PrefixedStream(prefix, prefixLength, stream));
    }

    /// <summary>Reads the first bytes (a whole PLY header for PLYs) and names the format; leaves the stream after what it read.</summary>
    private static SplatFormat Sniff(Stream stream, string source, out byte[] prefix, out int prefixLength)
    {
        long? remaining = stream.CanSeek ? stream.Length - stream.Position : null;
        prefix = new byte[SniffBytes];
        prefixLength = stream.ReadAtLeast(prefix, SniffBytes, throwOnEndOfStream: false);
        var head = prefix.AsSpan(0, prefixLength);
        if (prefixLength == 0)
            throw new InvalidMediaException(source, 0, "the file is empty");
        if (PlyHeader.LooksLikePly(head))
        {
            ReadPlyHeader(stream, ref prefix, ref prefixLength);
            return HasChunkElement(prefix.AsSpan(0, prefixLength)) ? SplatFormat.CompressedPly : SplatFormat.Ply;
        }
        ISplatCodec? splat = null;
        foreach (var codec in SplatCodecs.All)
        {
            if (codec.Format == SplatFormat.Splat)
            {
                splat = codec;
                continue;
            }
            if (codec.Format is not (SplatFormat.Ply or SplatFormat.CompressedPly) && codec.Sniff(head))
                return codec.Format;
        }
        // .splat has no magic number: last resort, and only for a whole number of 32-byte rows.
        if (splat is not null && (remaining is null || remaining % SplatFileCodec.RowBytes == 0) && splat.Sniff(head))
            return SplatFormat.Splat;
        throw new UnsupportedFormatException($"'{source}' is not a splat format Augment reads (it starts with {Convert.ToHexString(head[..Math.Min(head.Length, 8)])}).");
    }

    private static void ReadPlyHeader(Stream stream, ref byte[] prefix, ref int prefixLength)
    {
        while (prefix.AsSpan(0, prefixLength).IndexOf("end_header"u8) < 0 && prefixLength < MaxPlyHeaderBytes)
        {
            if (prefixLength == prefix.Length)
                Array.Resize(ref prefix, prefix.Length * 4);
            var read = stream.Read(prefix, prefixLength, prefix.Length - prefixLength);
            if (read == 0)
                return;
            prefixLength += read;
        }
    }

    private static bool HasChunkElement(ReadOnlySpan<byte> header)
    {
        var end = header.IndexOf("end_header"u8);
        var text = Encoding.ASCII.GetString(end >= 0 ? header[..end] : header);
        foreach (var line in text.Split('\n'))
        {
            var words = line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length >= 2 && words[0] == "element" && words[1] == "chunk")
                return true;
        }
        return false;
    }
}
