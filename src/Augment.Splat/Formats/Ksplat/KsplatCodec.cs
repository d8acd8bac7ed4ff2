using System.Buffers;
using System.Buffers.Binary;

namespace Augment.Splat;

/// <summary>
/// mkkellogg's <c>.ksplat</c> (GaussianSplats3D), read only: a 4096-byte main header (version 0.1+, section count,
/// splat count, compression mode, SH range), one 1024-byte header per section, then per section the partial-bucket
/// sizes, the bucket centres and the splats. Compression mode 0 stores float32 attributes, mode 1 float16 scales and
/// rotations with positions as 16-bit offsets from the bucket centre, mode 2 as mode 1 with 8-bit SH in the header's
/// range. Colours are 8-bit (DC = (c / 255 - 0.5) / C0), opacity 8-bit alpha, scales linear; SH are stored band by
/// band, channel-major within a band. Attributes are kept in the file's axes, as splat-transform does.
/// </summary>
internal sealed class KsplatCodec : ISplatCodec
{
    private const int MainHeaderBytes = 4096;
    private const int SectionHeaderBytes = 1024;

    /// <inheritdoc/>
    public SplatFormat Format => SplatFormat.Ksplat;

    /// <inheritdoc/>
    public bool CanWrite => false;

    /// <inheritdoc/>
    public bool Sniff(ReadOnlySpan<byte> head)
    {
        // No magic: version 0.1+ in the first two bytes, zero padding, a splat count and a known compression mode.
        if (head.Length < 36 || head[0] != 0 || head[1] < 1 || head[2] != 0 || head[3] != 0)
            return false;
        var sections = BinaryPrimitives.ReadUInt32LittleEndian(head[4..]);
        var splats = BinaryPrimitives.ReadUInt32LittleEndian(head[16..]);
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(head[20..]);
        return sections is > 0 and < 1_000_000 && splats > 0 && mode <= 2;
    }

    /// <inheritdoc/>
    public GaussianCloud Read(Stream stream, string source, SplatReadOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        var budget = options.Budget ?? ComputeBudget.Default;
        var length = stream.CanSeek ? stream.Length - stream.Position : -1;
        var main = new byte[MainHeaderBytes];
        ReadExactly(stream, main, source, 0, "the main header");
        if (main[0] != 0 || main[1] < 1)
            throw new UnsupportedFormatException($"'{source}': ksplat version {main[0]}.{main[1]} is not supported (0.1 and later are).");
        var sectionCount = BinaryPrimitives.ReadUInt32LittleEndian(main.AsSpan(4));
        var splatCount = BinaryPrimitives.ReadUInt32LittleEndian(main.AsSpan(16));
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(main.AsSpan(20));
        if (mode > 2)
            throw new UnsupportedFormatException($"'{source}': ksplat compression mode {mode} is not supported (modes 0, 1 and 2 are).");
        var shMin = BinaryPrimitives.ReadSingleLittleEndian(main.AsSpan(36));
        var shMax = BinaryPrimitives.ReadSingleLittleEndian(main.AsSpan(40));
        if (shMin == 0 || !float.IsFinite(shMin))
            shMin = -1.5f;
        if (shMax == 0 || !float.IsFinite(shMax))
            shMax = 1.5f;
        if (splatCount > (uint)options.MaxSplats)
            throw new InvalidMediaException(source, 16, $"the header declares {splatCount:N0} splats, more than the limit of {options.MaxSplats:N0} (SplatReadOptions.MaxSplats)");
        if (sectionCount == 0 || (length >= 0 && MainHeaderBytes + ((long)sectionCount * SectionHeaderBytes) > length) || sectionCount > 1_000_000)
            throw new InvalidMediaException(source, 4, $"{sectionCount:N0} section headers do not fit the file");

        var headers = new byte[checked((int)sectionCount * SectionHeaderBytes)];
        ReadExactly(stream, headers, source, MainHeaderBytes, "the section headers");
        var layout = KsplatLayout.ForMode(mode);
        var sections = new KsplatSection[sectionCount];
        long splatTotal = 0;
        long dataTotal = 0;
        var maxDegree = 0;
        for (var s = 0; s < sectionCount; s++)
        {
            var headerOffset = MainHeaderBytes + ((long)s * SectionHeaderBytes);
            var section = KsplatSection.Parse(headers.AsSpan(s * SectionHeaderBytes, SectionHeaderBytes), layout, source, headerOffset);
            sections[s] = section;
            splatTotal += section.Count;
            dataTotal += section.StorageBytes + section.DataBytes;
            if (section.Count > 0)
                maxDegree = Math.Max(maxDegree, section.ShDegree);
        }
        if (splatTotal != splatCount)
            throw new InvalidMediaException(source, 16, $"the header declares {splatCount:N0} splats but the sections hold {splatTotal:N0}");
        var dataStart = MainHeaderBytes + ((long)sectionCount * SectionHeaderBytes);
        if (length >= 0 && dataStart + dataTotal > length)
            throw new InvalidMediaException(source, dataStart, $"the sections declare {dataTotal:N0} bytes of data but the file has {length - dataStart:N0}");

        var cloud = GaussianCloud.Create((int)splatCount, maxDegree, budget: budget);
        var offset = dataStart;
        var first = 0;
        foreach (var section in sections)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var bytes = checked((int)(section.StorageBytes + section.DataBytes));
            budget.EnsureAllocation(bytes, $"a ksplat section of {section.MaxCount:N0} splats");
            var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, bytes));
            try
            {
                ReadExactly(stream, buffer.AsSpan(0, bytes), source, offset, "a section's data");
                section.Decode(buffer.AsSpan(0, bytes), layout, mode, shMin, shMax, cloud, first, source, offset);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            offset += bytes;
            first += section.Count;
        }
        return cloud;
    }

    /// <inheritdoc/>
    public void Write(GaussianCloud cloud, Stream stream, SplatWriteOptions options, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Augment reads .ksplat files but does not write them.");

    private static void ReadExactly(Stream stream, Span<byte> target, string source, long offset, string what)
    {
        var got = stream.ReadAtLeast(target, target.Length, throwOnEndOfStream: false);
        if (got < target.Length)
            throw new InvalidMediaException(source, offset + got, $"the file ends inside {what}: {got:N0} of {target.Length:N0} bytes");
    }
}
