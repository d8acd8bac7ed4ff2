using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using ZstdSharp;

namespace Augment.Splat;

/// <summary>
/// Niantic's <c>.spz</c>: a 16-byte header (magic <c>NGSP</c>, version, splat count, SH degree, fractional bits,
/// flags) and the quantised attribute blocks of <see cref="SpzQuantization"/>. Versions 2 and 3 gzip header and
/// blocks as one stream (a raw, un-gzipped payload is tolerated on read); version 4, <c>splat-transform</c>'s
/// default, is a plain 32-byte header (number of streams and table-of-contents offset added), a table of
/// (compressed, uncompressed) u64 sizes, and one zstd frame per block. Attributes are kept in the file's axes
/// (no RUB/RDF flip), which is what splat-transform 3.7 reads and writes.
/// </summary>
internal sealed class SpzCodec : ISplatCodec
{
    private const uint Magic = 0x5053474E; // "NGSP" little endian
    private const int LegacyHeaderBytes = 16;
    private const int ContainerHeaderBytes = 32;
    private const int TocEntryBytes = 16;

    // Deflate expands at most about 1032:1; a gzip stream declaring more than that from its compressed size lies.
    private const long MaxDeflateRatio = 1032;

    /// <summary>zstd level for v4 streams: level 3 (zstd's default) keeps PLY -> SPZ fast; higher levels gain little on quantised bytes.</summary>
    internal const int ZstdLevel = 3;

    /// <inheritdoc/>
    public SplatFormat Format => SplatFormat.Spz;

    /// <inheritdoc/>
    public bool CanWrite => true;

    /// <inheritdoc/>
    public bool Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 8 && BinaryPrimitives.ReadUInt32LittleEndian(head) == Magic)
        {
            var version = BinaryPrimitives.ReadUInt32LittleEndian(head[4..]);
            return version is >= 2 and <= 4;
        }
        if (head.Length < 18 || head[0] != 0x1F || head[1] != 0x8B)
            return false;
        // A gzip file: inflate what the head holds. A dynamic-Huffman block header can take more than the 64
        // sniffed bytes, so no output yet is inconclusive and accepted (no other splat format is gzip); inner
        // bytes that contradict the magic reject.
        try
        {
            using var gzip = new GZipStream(new MemoryStream(head.ToArray(), writable: false), CompressionMode.Decompress);
            Span<byte> inner = stackalloc byte[4];
            var got = gzip.ReadAtLeast(inner, 4, throwOnEndOfStream: false);
            return inner[..got].SequenceEqual("NGSP"u8[..got]);
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public GaussianCloud Read(Stream stream, string source, SplatReadOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        var budget = options.Budget ?? ComputeBudget.Default;
        var prefix = new byte[4];
        var got = stream.ReadAtLeast(prefix, 4, throwOnEndOfStream: false);
        if (got < 2)
            throw new InvalidMediaException(source, 0, $"the file has {got} bytes, too few for SPZ");
        var remaining = stream.CanSeek ? stream.Length - stream.Position : -1;
        var packed = prefix[0] == 0x1F && prefix[1] == 0x8B
            ? ReadGzip(new PrefixedStream(prefix, got, stream), remaining < 0 ? -1 : remaining + got, source, options, cancellationToken)
            : ReadPlain(new PrefixedStream(prefix, got, stream), remaining < 0 ? -1 : remaining + got, source, options, cancellationToken);
        return SpzQuantization.Unpack(packed, budget, cancellationToken);
    }

    /// <inheritdoc/>
    public void Write(GaussianCloud cloud, Stream stream, SplatWriteOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        if (options.SpzVersion is < 2 or > 4)
            throw new ArgumentOutOfRangeException(nameof(options), options.SpzVersion, "SPZ versions 2, 3 (gzip) and 4 (zstd container) can be written.");
        var budget = options.Budget ?? ComputeBudget.Default;
        if ((long)cloud.Count * SpzPacked.ShBytesPerSplat(cloud.ShDegree) > Array.MaxLength || (long)cloud.Count * 9 > Array.MaxLength)
            throw new ResourceLimitException($"{cloud.Count:N0} splats exceed the largest SPZ block that can be held in one array; write fewer or lower the SH degree.");
        budget.EnsureAllocation(SpzPacked.PayloadBytes(cloud.Count, cloud.ShDegree, options.SpzVersion) * 2, $"SPZ blocks for {cloud.Count:N0} splats");
        var packed = SpzQuantization.Pack(cloud, options.SpzVersion, SpzQuantization.ChooseFractionalBits(cloud), budget, cancellationToken);
        if (options.SpzVersion == 4)
        {
            WriteContainer(packed, stream, budget, cancellationToken);
            return;
        }
        // Optimal, not Fastest: about 25% smaller on quantised splats; v4 is the fast default.
        using var gzip = new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true);
        Span<byte> header = stackalloc byte[LegacyHeaderBytes];
        WriteLegacyHeader(packed, header);
        gzip.Write(header);
        foreach (var block in packed.Blocks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            gzip.Write(block);
        }
    }

    private static void WriteLegacyHeader(SpzPacked packed, Span<byte> header)
    {
        header.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)packed.Version);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)packed.Count);
        header[12] = (byte)packed.ShDegree;
        header[13] = (byte)packed.FractionalBits;
        header[14] = packed.Antialiased ? (byte)1 : (byte)0;
    }

    private static void WriteContainer(SpzPacked packed, Stream stream, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var blocks = packed.Blocks;
        var compressed = new byte[blocks.Length][];
        var lengths = new int[blocks.Length];
        // The blocks are independent zstd frames: compress them side by side.
        Parallel.For(0, blocks.Length, budget.ToParallelOptions(cancellationToken), b =>
        {
            using var compressor = new Compressor(ZstdLevel);
            var target = GC.AllocateUninitializedArray<byte>(Compressor.GetCompressBound(blocks[b].Length));
            lengths[b] = compressor.Wrap(blocks[b], target);
            compressed[b] = target;
        });
        var header = new byte[ContainerHeaderBytes + (blocks.Length * TocEntryBytes)];
        WriteLegacyHeader(packed, header);
        header[15] = (byte)blocks.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), ContainerHeaderBytes);
        for (var b = 0; b < blocks.Length; b++)
        {
            var entry = header.AsSpan(ContainerHeaderBytes + (b * TocEntryBytes));
            BinaryPrimitives.WriteUInt64LittleEndian(entry, (ulong)lengths[b]);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[8..], (ulong)blocks[b].Length);
        }
        stream.Write(header);
        for (var b = 0; b < blocks.Length; b++)
            stream.Write(compressed[b], 0, lengths[b]);
    }

    private static SpzPacked ReadGzip(Stream stream, long compressedLength, string source, SplatReadOptions options, CancellationToken cancellationToken)
    {
        using var gzip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
        try
        {
            var header = new byte[LegacyHeaderBytes];
            ReadBlock(gzip, header, source, 0, "the SPZ header (in the gzip payload)");
            var packed = AllocateFromLegacyHeader(header, source, options, compressedLength, gzipped: true);
            ReadBlocks(gzip, packed, source, LegacyHeaderBytes, " (in the gzip payload)", cancellationToken);
            return packed;
        }
        catch (InvalidDataException e)
        {
            throw new InvalidMediaException(source, -1, $"the gzip stream is corrupt: {e.Message}");
        }
    }

    private static SpzPacked ReadPlain(Stream stream, long length, string source, SplatReadOptions options, CancellationToken cancellationToken)
    {
        var header = new byte[LegacyHeaderBytes];
        ReadBlock(stream, header, source, 0, "the SPZ header");
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != Magic)
            throw new InvalidMediaException(source, 0, "neither gzip nor the SPZ magic 'NGSP'");
        var version = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
        if (version == 4)
            return ReadContainer(stream, header, length, source, options, cancellationToken);
        var packed = AllocateFromLegacyHeader(header, source, options, length, gzipped: false);
        ReadBlocks(stream, packed, source, LegacyHeaderBytes, "", cancellationToken);
        return packed;
    }

    private static SpzPacked AllocateFromLegacyHeader(byte[] header, string source, SplatReadOptions options, long fileLength, bool gzipped)
    {
        var (count, shDegree, fractionalBits, version, antialiased) = ParseHeader(header, source);
        if (version == 4)
            throw new InvalidMediaException(source, 4, "SPZ version 4 is a plain container and must not be gzipped");
        var payload = SpzPacked.PayloadBytes(count, shDegree, version);
        if (fileLength >= 0)
        {
            var most = gzipped ? fileLength * MaxDeflateRatio : fileLength;
            if (LegacyHeaderBytes + payload > most)
            {
                throw new InvalidMediaException(source, 8, gzipped
                    ? $"the header declares {count:N0} splats ({payload:N0} bytes), more than a {fileLength:N0}-byte gzip file can hold"
                    : $"the header declares {count:N0} splats ({payload:N0} bytes) but the file has {fileLength:N0} bytes");
            }
        }
        CheckLimits(count, payload, shDegree, version, source, options);
        return new SpzPacked(count, shDegree, fractionalBits, version, antialiased);
    }

    private static (int Count, int ShDegree, int FractionalBits, int Version, bool Antialiased) ParseHeader(byte[] header, string source)
    {
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != Magic)
            throw new InvalidMediaException(source, 0, "the SPZ magic 'NGSP' is missing");
        var version = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
        if (version is < 2 or > 4)
            throw new UnsupportedFormatException($"'{source}': SPZ version {version} is not supported (versions 2, 3 and 4 are).");
        var count = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8));
        if (count > int.MaxValue)
            throw new InvalidMediaException(source, 8, $"the header declares {count:N0} splats");
        var shDegree = header[12];
        if (shDegree == 4)
            throw new UnsupportedFormatException($"'{source}': SPZ SH degree 4 is not supported (a GaussianCloud holds degrees 0 to 3).");
        if (shDegree > 4)
            throw new InvalidMediaException(source, 12, $"SH degree {shDegree} is not a valid SPZ degree (0 to 4)");
        var fractionalBits = header[13];
        if (fractionalBits > 24)
            throw new InvalidMediaException(source, 13, $"{fractionalBits} fractional bits do not fit a 24-bit position");
        return ((int)count, shDegree, fractionalBits, (int)version, (header[14] & 1) != 0);
    }

    private static void CheckLimits(int count, long payload, int shDegree, int version, string source, SplatReadOptions options)
    {
        if (count > options.MaxSplats)
            throw new InvalidMediaException(source, 8, $"the header declares {count:N0} splats, more than the limit of {options.MaxSplats:N0} (SplatReadOptions.MaxSplats)");
        if (payload > options.MaxDecompressedBytes)
            throw new InvalidMediaException(source, 8, $"the header declares {payload:N0} decompressed bytes, more than the limit of {options.MaxDecompressedBytes:N0} (SplatReadOptions.MaxDecompressedBytes)");
        if ((long)count * SpzPacked.ShBytesPerSplat(shDegree) > Array.MaxLength || (long)count * 9 > Array.MaxLength)
            throw new ResourceLimitException($"'{source}': {count:N0} splats exceed the largest SPZ block this reader can hold in one array.");
        (options.Budget ?? ComputeBudget.Default).EnsureAllocation(payload, $"SPZ blocks of {count:N0} splats (version {version})");
    }

    private static void ReadBlocks(Stream stream, SpzPacked packed, string source, long offset, string where, CancellationToken cancellationToken)
    {
        string[] names = ["positions", "alphas", "colours", "scales", "rotations", "spherical harmonics"];
        var blocks = packed.Blocks;
        for (var b = 0; b < blocks.Length; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ReadBlock(stream, blocks[b], source, offset, $"the {names[b]} block{where}");
            offset += blocks[b].Length;
        }
    }

    private static void ReadBlock(Stream stream, byte[] target, string source, long offset, string what)
    {
        var got = stream.ReadAtLeast(target, target.Length, throwOnEndOfStream: false);
        if (got < target.Length)
            throw new InvalidMediaException(source, offset + got, $"the file ends inside {what}: {got:N0} of {target.Length:N0} bytes");
    }

    private static SpzPacked ReadContainer(Stream stream, byte[] legacyHeader, long length, string source, SplatReadOptions options, CancellationToken cancellationToken)
    {
        var header = new byte[ContainerHeaderBytes];
        legacyHeader.CopyTo(header, 0);
        var rest = new byte[ContainerHeaderBytes - LegacyHeaderBytes];
        ReadBlock(stream, rest, source, LegacyHeaderBytes, "the SPZ v4 header");
        rest.CopyTo(header, LegacyHeaderBytes);
        var (count, shDegree, fractionalBits, version, antialiased) = ParseHeader(header, source);
        var streamCount = header[15];
        var expectedStreams = shDegree == 0 ? 5 : 6;
        if (streamCount != expectedStreams)
            throw new InvalidMediaException(source, 15, $"an SPZ v4 file of SH degree {shDegree} has {expectedStreams} streams, this one declares {streamCount}");
        var tocOffset = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(16));
        if (tocOffset < ContainerHeaderBytes || (length >= 0 && tocOffset + ((long)streamCount * TocEntryBytes) > length))
            throw new InvalidMediaException(source, 16, $"the table of contents at byte {tocOffset:N0} lies outside the file");
        var payload = SpzPacked.PayloadBytes(count, shDegree, version);
        CheckLimits(count, payload, shDegree, version, source, options);
        // Skip header extensions, which this reader does not interpret.
        SkipBytes(stream, tocOffset - ContainerHeaderBytes, source, ContainerHeaderBytes);
        var toc = new byte[streamCount * TocEntryBytes];
        ReadBlock(stream, toc, source, tocOffset, "the SPZ v4 table of contents");
        var packed = new SpzPacked(count, shDegree, fractionalBits, version, antialiased);
        var blocks = packed.Blocks;
        long offset = tocOffset + toc.Length;
        long compressedTotal = 0;
        for (var b = 0; b < blocks.Length; b++)
        {
            var compressedSize = BinaryPrimitives.ReadUInt64LittleEndian(toc.AsSpan(b * TocEntryBytes));
            var uncompressedSize = BinaryPrimitives.ReadUInt64LittleEndian(toc.AsSpan((b * TocEntryBytes) + 8));
            if (uncompressedSize != (ulong)blocks[b].Length)
                throw new InvalidMediaException(source, tocOffset + (b * TocEntryBytes) + 8, $"stream {b} declares {uncompressedSize:N0} bytes, {count:N0} splats need {blocks[b].Length:N0}");
            // zstd never expands data by more than a small frame overhead, so a larger frame is a lie.
            if (compressedSize > (ulong)Compressor.GetCompressBoundLong((ulong)blocks[b].Length) + 1024)
                throw new InvalidMediaException(source, tocOffset + (b * TocEntryBytes), $"stream {b} declares {compressedSize:N0} compressed bytes for {blocks[b].Length:N0} bytes of data");
            compressedTotal += (long)compressedSize;
        }
        if (length >= 0 && offset + compressedTotal > length)
            throw new InvalidMediaException(source, offset, $"the streams declare {compressedTotal:N0} bytes but the file has {length - offset:N0} after the table of contents");
        using var decompressor = new Decompressor();
        for (var b = 0; b < blocks.Length; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var compressedSize = (int)BinaryPrimitives.ReadUInt64LittleEndian(toc.AsSpan(b * TocEntryBytes));
            var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, compressedSize));
            try
            {
                var got = stream.ReadAtLeast(buffer.AsSpan(0, compressedSize), compressedSize, throwOnEndOfStream: false);
                if (got < compressedSize)
                    throw new InvalidMediaException(source, offset + got, $"the file ends inside stream {b}: {got:N0} of {compressedSize:N0} bytes");
                int written;
                try
                {
                    written = blocks[b].Length == 0 && compressedSize == 0 ? 0 : decompressor.Unwrap(buffer.AsSpan(0, compressedSize), blocks[b]);
                }
                catch (ZstdException e)
                {
                    throw new InvalidMediaException(source, offset, $"stream {b} is not valid zstd: {e.Message}");
                }
                if (written != blocks[b].Length)
                    throw new InvalidMediaException(source, offset, $"stream {b} decompressed to {written:N0} bytes, {blocks[b].Length:N0} expected");
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            offset += compressedSize;
        }
        return packed;
    }

    private static void SkipBytes(Stream stream, long count, string source, long offset)
    {
        Span<byte> scratch = stackalloc byte[256];
        while (count > 0)
        {
            var got = stream.Read(scratch[..(int)Math.Min(count, scratch.Length)]);
            if (got == 0)
                throw new InvalidMediaException(source, offset, "the file ends inside the SPZ v4 header extensions");
            count -= got;
            offset += got;
        }
    }
}
