using System.Buffers.Binary;

namespace Augment.Provenance.Containers;

/// <summary>
/// Walks ISO BMFF boxes (ISO/IEC 14496-12, section 4.2) on attacker data: sizes beyond the parent, 64-bit largesize,
/// size 0 ("to the end of the file", top level only), and too many boxes throw <see cref="InvalidMediaException"/>.
/// Nesting is bounded by the callers, which descend only along fixed paths.
/// </summary>
internal static class BmffReader
{
    /// <summary>More boxes than this in one parent is treated as damage (a real MP4 has tens).</summary>
    public const int MaxBoxesPerParent = 1_000_000;

    /// <summary>The C2PA box's extended type (C2PA 2.1, section A.4: d8fec3d6-1b0e-483c-9297-5828877ec481).</summary>
    public static ReadOnlySpan<byte> C2paUuid => [0xD8, 0xFE, 0xC3, 0xD6, 0x1B, 0x0E, 0x48, 0x3C, 0x92, 0x97, 0x58, 0x28, 0x87, 0x7E, 0xC4, 0x81];

    public const uint Ftyp = 0x66747970;
    public const uint Uuid = 0x75756964;
    public const uint Moov = 0x6D6F6F76;
    public const uint Moof = 0x6D6F6F66;
    public const uint Meta = 0x6D657461;
    public const uint Trak = 0x7472616B;
    public const uint Mdia = 0x6D646961;
    public const uint Minf = 0x6D696E66;
    public const uint Stbl = 0x7374626C;
    public const uint Stco = 0x7374636F;
    public const uint Co64 = 0x636F3634;

    /// <summary>True when the data starts like an ISO BMFF file: an <c>ftyp</c> box, or a QuickTime file's first
    /// <c>moov</c>/<c>mdat</c>/<c>wide</c>/<c>free</c> box with a plausible size.</summary>
    public static bool LooksLikeBmff(ReadOnlySpan<byte> data)
    {
        if (data.Length < 8)
            return false;
        var type = BinaryPrimitives.ReadUInt32BigEndian(data.Slice(4, 4));
        if (type == Ftyp)
            return true;
        var size = BinaryPrimitives.ReadUInt32BigEndian(data);
        return type is Moov or 0x6D646174 /* mdat */ or 0x77696465 /* wide */ && (size is 0 or 1 || (size >= 8 && size <= data.Length));
    }

    /// <summary>The boxes in <c>[start, end)</c> of <paramref name="file"/>, in order.</summary>
    /// <param name="file">The whole file.</param>
    /// <param name="start">First byte of the box sequence.</param>
    /// <param name="end">One past the last byte.</param>
    /// <param name="topLevel">Whether size 0 ("extends to the end of the file") is allowed.</param>
    /// <param name="source">Name for messages.</param>
    public static List<BmffBox> Children(ReadOnlySpan<byte> file, long start, long end, bool topLevel, string? source)
    {
        var boxes = new List<BmffBox>();
        var position = start;
        while (position < end)
        {
            if (end - position < 8)
            {
                // Trailing bytes too short for a box header: tolerated at the top level (some writers pad), damage inside.
                if (topLevel)
                    break;
                throw new InvalidMediaException(source, position, $"{end - position} stray bytes where a BMFF box header was expected");
            }
            var size = (long)BinaryPrimitives.ReadUInt32BigEndian(file.Slice((int)position, 4));
            var type = BinaryPrimitives.ReadUInt32BigEndian(file.Slice((int)position + 4, 4));
            var header = 8;
            if (size == 1)
            {
                if (end - position < 16)
                    throw new InvalidMediaException(source, position, "BMFF box largesize is truncated");
                var large = BinaryPrimitives.ReadUInt64BigEndian(file.Slice((int)position + 8, 8));
                if (large > (ulong)(end - position))
                    throw new InvalidMediaException(source, position, $"BMFF box '{Jumbf.JumbfTypes.ToText(type)}' declares {large} bytes, beyond its parent");
                size = (long)large;
                header = 16;
            }
            else if (size == 0)
            {
                if (!topLevel)
                    throw new InvalidMediaException(source, position, $"BMFF box '{Jumbf.JumbfTypes.ToText(type)}' of size 0 (to end of file) inside another box");
                size = end - position;
            }
            if (size < header || size > end - position)
                throw new InvalidMediaException(source, position, $"BMFF box '{Jumbf.JumbfTypes.ToText(type)}' declares {size} bytes, beyond its parent or smaller than its header");
            if (boxes.Count >= MaxBoxesPerParent)
                throw new InvalidMediaException(source, position, $"more than {MaxBoxesPerParent} BMFF boxes in one parent");
            boxes.Add(new BmffBox(position, size, type, header));
            position += size;
        }
        return boxes;
    }

    /// <summary>The top-level boxes of the file.</summary>
    public static List<BmffBox> TopLevel(ReadOnlySpan<byte> file, string? source) => Children(file, 0, file.Length, topLevel: true, source);

    /// <summary>The children of a container box (<c>meta</c> is a FullBox: its children start 4 bytes later; <c>stsd</c>
    /// and <c>dref</c> also have an entry count: 8 bytes).</summary>
    public static List<BmffBox> ChildrenOf(ReadOnlySpan<byte> file, BmffBox parent, string? source)
    {
        var start = parent.PayloadOffset + parent.Type switch
        {
            Meta => 4,
            0x73747364 /* stsd */ or 0x64726566 /* dref */ => 8,
            _ => 0,
        };
        return start > parent.End ? [] : Children(file, start, parent.End, topLevel: false, source);
    }

    /// <summary>True when <paramref name="box"/> is a C2PA <c>uuid</c> box.</summary>
    public static bool IsC2paBox(ReadOnlySpan<byte> file, BmffBox box) =>
        box.Type == Uuid && box.Length >= box.HeaderLength + 16 && file.Slice((int)box.PayloadOffset, 16).SequenceEqual(C2paUuid);
}
