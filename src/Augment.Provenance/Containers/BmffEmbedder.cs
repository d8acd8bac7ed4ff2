using System.Buffers.Binary;

namespace Augment.Provenance.Containers;

/// <summary>
/// Places a manifest store in an ISO BMFF file (C2PA 2.1, section A.4): a C2PA <c>uuid</c> box right after
/// <c>ftyp</c>, as the reference implementation writes it. Every byte behind the box moves, so the chunk offsets of
/// every track (<c>stco</c>/<c>co64</c> under <c>moov/trak/mdia/minf/stbl</c>) that point behind the insertion are
/// shifted by the box's length; that works whether <c>moov</c> precedes <c>mdat</c> (fast start) or follows it.
/// Fragmented files (<c>moof</c>) and HEIF-style top-level <c>meta</c> (item locations) are refused: their absolute
/// offsets live elsewhere.
/// </summary>
internal static class BmffEmbedder
{
    private const int MaxTracks = 4096;

    /// <summary>Just after the <c>ftyp</c> box (or at the start of a QuickTime file without one).</summary>
    public static long InsertionOffset(ReadOnlySpan<byte> file, string? source)
    {
        var top = BmffReader.TopLevel(file, source);
        foreach (var box in top)
        {
            if (box.Type is BmffReader.Moof or BmffReader.Meta)
                throw new UnsupportedFormatException($"'{source ?? "input"}': fragmented MP4 (moof) and HEIF (top-level meta) are not signed in place yet; sign to a sidecar (.c2pa) instead.");
        }
        return top.Count > 0 && top[0].Type == BmffReader.Ftyp ? top[0].End : 0;
    }

    /// <summary>The store in its C2PA <c>uuid</c> box (version 0, flags 0, purpose "manifest", Merkle offset 0).</summary>
    public static byte[] Frame(ReadOnlySpan<byte> store)
    {
        var length = BmffManifestReader.StoreHeaderLength + store.Length;
        var output = new byte[length];
        // A store beyond 4 GiB is refused by the JUMBF limits long before this, so the 32-bit size always fits.
        BinaryPrimitives.WriteUInt32BigEndian(output, (uint)length);
        "uuid"u8.CopyTo(output.AsSpan(4));
        BmffReader.C2paUuid.CopyTo(output.AsSpan(8));
        // version/flags (4 bytes) stay 0
        "manifest"u8.CopyTo(output.AsSpan(28));
        // null terminator at 36, Merkle offset (8 bytes) 0
        store.CopyTo(output.AsSpan(BmffManifestReader.StoreHeaderLength));
        return output;
    }

    /// <summary>A copy of <paramref name="file"/> whose chunk offsets at or beyond <paramref name="threshold"/> are moved by <paramref name="delta"/>.</summary>
    /// <exception cref="InvalidMediaException">A chunk offset table is damaged (its count runs beyond the box).</exception>
    /// <exception cref="UnsupportedFormatException">A 32-bit <c>stco</c> offset would overflow.</exception>
    public static byte[] ShiftChunkOffsets(ReadOnlySpan<byte> file, long threshold, long delta, string? source)
    {
        var output = file.ToArray();
        ShiftChunkOffsetsInPlace(output, threshold, delta, source);
        return output;
    }

    /// <summary>Moves the chunk offsets of <paramref name="output"/> at or beyond <paramref name="threshold"/> by <paramref name="delta"/>, in place.</summary>
    public static void ShiftChunkOffsetsInPlace(byte[] output, long threshold, long delta, string? source)
    {
        ReadOnlySpan<byte> file = output;
        var tables = 0;
        foreach (var moov in BmffReader.TopLevel(file, source))
        {
            if (moov.Type != BmffReader.Moov)
                continue;
            foreach (var trak in BmffReader.ChildrenOf(file, moov, source))
            {
                if (trak.Type != BmffReader.Trak)
                    continue;
                if (++tables > MaxTracks)
                    throw new InvalidMediaException(source, trak.Offset, $"more than {MaxTracks} tracks");
                foreach (var table in OffsetTables(file, trak, source))
                    Shift(output, table, threshold, delta, source);
            }
        }
    }

    /// <summary>The <c>stco</c>/<c>co64</c> boxes of one track.</summary>
    private static List<BmffBox> OffsetTables(ReadOnlySpan<byte> file, BmffBox trak, string? source)
    {
        var found = new List<BmffBox>();
        foreach (var mdia in BmffReader.ChildrenOf(file, trak, source))
        {
            if (mdia.Type != BmffReader.Mdia)
                continue;
            foreach (var minf in BmffReader.ChildrenOf(file, mdia, source))
            {
                if (minf.Type != BmffReader.Minf)
                    continue;
                foreach (var stbl in BmffReader.ChildrenOf(file, minf, source))
                {
                    if (stbl.Type != BmffReader.Stbl)
                        continue;
                    foreach (var table in BmffReader.ChildrenOf(file, stbl, source))
                    {
                        if (table.Type is BmffReader.Stco or BmffReader.Co64)
                            found.Add(table);
                    }
                }
            }
        }
        return found;
    }

    private static void Shift(byte[] output, BmffBox table, long threshold, long delta, string? source)
    {
        // FullBox: version/flags (4), entry_count (4), then the entries (ISO/IEC 14496-12, section 8.7.5).
        var countAt = table.PayloadOffset + 4;
        if (countAt + 4 > table.End)
            throw new InvalidMediaException(source, table.Offset, "chunk offset box is too short for its entry count");
        var count = BinaryPrimitives.ReadUInt32BigEndian(output.AsSpan((int)countAt, 4));
        var entrySize = table.Type == BmffReader.Co64 ? 8 : 4;
        var first = countAt + 4;
        if (count > (ulong)(table.End - first) / (ulong)entrySize)
            throw new InvalidMediaException(source, table.Offset, $"chunk offset box declares {count} entries, more than it holds");
        for (long i = 0; i < count; i++)
        {
            var at = (int)(first + i * entrySize);
            if (entrySize == 8)
            {
                var value = BinaryPrimitives.ReadUInt64BigEndian(output.AsSpan(at, 8));
                if (value >= (ulong)threshold)
                    BinaryPrimitives.WriteUInt64BigEndian(output.AsSpan(at, 8), (ulong)((long)value + delta));
            }
            else
            {
                var value = BinaryPrimitives.ReadUInt32BigEndian(output.AsSpan(at, 4));
                if (value < threshold)
                    continue;
                var moved = value + delta;
                if (moved is < 0 or > uint.MaxValue)
                    throw new UnsupportedFormatException($"'{source ?? "input"}': a 32-bit chunk offset (stco) would overflow after inserting the C2PA box; sign to a sidecar (.c2pa) instead.");
                BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(at, 4), (uint)moved);
            }
        }
    }

    /// <summary>The file without its C2PA box, chunk offsets moved back.</summary>
    public static byte[] Strip(ReadOnlySpan<byte> file, string? source)
    {
        if (BmffManifestReader.FindStoreBox(file, source, out _, out _) is not { } box)
            return file.ToArray();
        var shifted = ShiftChunkOffsets(file, box.End, -box.Length, source);
        var output = GC.AllocateUninitializedArray<byte>(file.Length - (int)box.Length);
        shifted.AsSpan(0, (int)box.Offset).CopyTo(output);
        shifted.AsSpan((int)box.End).CopyTo(output.AsSpan((int)box.Offset));
        return output;
    }
}
