using System.IO.Compression;

namespace Augment.Splat;

/// <summary>
/// The members of a SOG scene: either a zip (<c>.sog</c>) or the folder beside a <c>meta.json</c>. Every member is
/// read with a byte limit (per member and in total, <see cref="SplatReadOptions.MaxDecompressedBytes"/>) that counts the
/// bytes actually inflated, not the sizes the archive declares, so a zip bomb stops at the limit.
/// </summary>
internal sealed class SogArchive : IDisposable
{
    private readonly ZipArchive? _zip;
    private readonly string? _folder;
    private readonly string _source;
    private readonly long _limit;
    private long _total;

    private SogArchive(ZipArchive? zip, string? folder, string source, long limit)
    {
        _zip = zip;
        _folder = folder;
        _source = source;
        _limit = limit;
    }

    /// <summary>Opens a zipped SOG; non-seekable input is buffered (up to the limit) first.</summary>
    public static SogArchive OpenZip(Stream stream, string source, long limit)
    {
        var seekable = stream;
        if (!stream.CanSeek)
        {
            var buffer = new MemoryStream();
            CopyLimited(stream, buffer, limit, source, "the archive");
            buffer.Position = 0;
            seekable = buffer;
        }
        try
        {
            var zip = new ZipArchive(seekable, ZipArchiveMode.Read, leaveOpen: true);
            try
            {
                // The central directory is parsed lazily; parse it now so that a corrupt one fails here, typed.
                _ = zip.Entries.Count;
            }
            catch
            {
                zip.Dispose();
                throw;
            }
            return new SogArchive(zip, null, source, limit);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidMediaException(source, 0, $"not a readable zip archive ({e.Message})");
        }
    }

    /// <summary>A SOG laid out as files in <paramref name="folder"/> (the folder of its meta.json).</summary>
    public static SogArchive OpenFolder(string folder, string source, long limit) => new(null, folder, source, limit);

    /// <summary>Whether the archive has a member called <paramref name="name"/>.</summary>
    public bool Contains(string name) => _zip is not null ? _zip.GetEntry(name) is not null : File.Exists(PathOf(name));

    /// <summary>The bytes of member <paramref name="name"/>.</summary>
    /// <exception cref="InvalidMediaException">The member is missing, corrupt, or inflates past the limits.</exception>
    public byte[] Read(string name)
    {
        if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) || name.Contains("..", StringComparison.Ordinal))
            throw new InvalidMediaException(_source, 0, $"meta.json names member '{name}', which is not a plain file name");
        var remaining = _limit - _total;
        var output = new MemoryStream();
        try
        {
            if (_zip is not null)
            {
                var entry = _zip.GetEntry(name) ?? throw new InvalidMediaException(_source, 0, $"the archive has no member '{name}'");
                if (entry.Length > remaining)
                    throw new InvalidMediaException(_source, 0, $"member '{name}' declares {entry.Length:N0} bytes, more than the {remaining:N0} left of the decompression limit");
                using var input = entry.Open();
                CopyLimited(input, output, remaining, _source, $"member '{name}'");
            }
            else
            {
                var path = PathOf(name);
                if (!File.Exists(path))
                    throw new InvalidMediaException(_source, 0, $"the SOG folder has no file '{name}'");
                using var input = File.OpenRead(path);
                CopyLimited(input, output, remaining, _source, $"file '{name}'");
            }
        }
        catch (InvalidDataException e)
        {
            throw new InvalidMediaException(_source, 0, $"member '{name}' is corrupt ({e.Message})");
        }
        _total += output.Length;
        return output.ToArray();
    }

    private string PathOf(string name) => Path.Combine(_folder!, name);

    private static void CopyLimited(Stream input, Stream output, long limit, string source, string what)
    {
        var buffer = new byte[81920];
        long copied = 0;
        int n;
        while ((n = input.Read(buffer)) > 0)
        {
            copied += n;
            if (copied > limit)
                throw new InvalidMediaException(source, 0, $"{what} inflates past the decompression limit of {limit:N0} bytes");
            output.Write(buffer, 0, n);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _zip?.Dispose();
}
