using System.Buffers.Binary;
using Augment.Provenance.Jumbf;

namespace Augment.Provenance.Containers;

/// <summary>
/// C2PA in JPEG (C2PA 2.1, section A.3.1; ISO/IEC 18477-3 box format): APP11 segments whose payload is
/// <c>CI='JP'</c>, box instance <c>En</c>, sequence number <c>Z</c>, then the JUMBF. A store larger than one segment is
/// split; every continuation repeats the box's LBox/TBox(/XLBox), which is dropped when reassembling.
/// </summary>
internal static class JpegManifestReader
{
    private const byte App11 = 0xEB;
    private const byte StartOfScan = 0xDA;
    private const byte EndOfImage = 0xD9;

    /// <summary>One APP11 segment of the C2PA store: where it starts and where its JUMBF bytes lie.</summary>
    internal readonly record struct Segment(int SegmentOffset, int SegmentLength, uint Sequence, int DataOffset, int DataLength);

    public static LocatedStore Locate(ReadOnlyMemory<byte> asset, string? source)
    {
        var segments = FindStoreSegments(asset.Span, source, out _);
        if (segments.Count == 0)
            return new LocatedStore(AssetFormat.Jpeg, null, -1);
        return new LocatedStore(AssetFormat.Jpeg, Reassemble(asset.Span, segments, source), segments[0].DataOffset);
    }

    /// <summary>The APP11 segments of the (single) C2PA store, ordered by sequence number.</summary>
    /// <param name="jpeg">The file.</param>
    /// <param name="source">Name for messages.</param>
    /// <param name="instance">The store's box instance number.</param>
    public static List<Segment> FindStoreSegments(ReadOnlySpan<byte> jpeg, string? source, out int instance)
    {
        instance = -1;
        var segments = new List<Segment>();
        var c2paInstances = new HashSet<int>();
        var byInstance = new Dictionary<int, List<Segment>>();
        var position = 2;
        while (position < jpeg.Length)
        {
            if (jpeg[position] != 0xFF)
                throw new InvalidMediaException(source, position, $"expected a JPEG marker, found 0x{jpeg[position]:X2}");
            // Fill bytes: any number of 0xFF before a marker (ITU T.81, B.1.1.2).
            while (position + 1 < jpeg.Length && jpeg[position + 1] == 0xFF)
                position++;
            if (position + 1 >= jpeg.Length)
                break;
            var marker = jpeg[position + 1];
            if (marker == EndOfImage || marker == StartOfScan)
                break;
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                position += 2;
                continue;
            }
            if (position + 4 > jpeg.Length)
                throw new InvalidMediaException(source, position, "JPEG segment length is truncated");
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.Slice(position + 2, 2));
            if (length < 2 || position + 2 + length > jpeg.Length)
                throw new InvalidMediaException(source, position, $"JPEG segment 0xFF{marker:X2} declares {length} bytes, beyond the file");
            if (marker == App11 && length >= 2 + 8 + 8 && jpeg[position + 4] == (byte)'J' && jpeg[position + 5] == (byte)'P')
            {
                var en = BinaryPrimitives.ReadUInt16BigEndian(jpeg.Slice(position + 6, 2));
                var z = BinaryPrimitives.ReadUInt32BigEndian(jpeg.Slice(position + 8, 4));
                var boxStart = position + 12;
                var boxEnd = position + 2 + length;
                var lbox = BinaryPrimitives.ReadUInt32BigEndian(jpeg.Slice(boxStart, 4));
                var tbox = BinaryPrimitives.ReadUInt32BigEndian(jpeg.Slice(boxStart + 4, 4));
                var header = lbox == 1 ? 16 : 8;
                if (tbox == JumbfTypes.Superbox && boxEnd - boxStart >= header)
                {
                    var segment = z == 1
                        ? new Segment(position, length + 2, z, boxStart, boxEnd - boxStart)
                        : new Segment(position, length + 2, z, boxStart + header, boxEnd - boxStart - header);
                    if (!byInstance.TryGetValue(en, out var list))
                        byInstance[en] = list = [];
                    list.Add(segment);
                    if (z == 1 && ManifestLocator.IsManifestStore(jpeg[boxStart..boxEnd]))
                    {
                        if (c2paInstances.Count > 0 && !c2paInstances.Contains(en))
                            throw ManifestLocator.TwoStores(source, position);
                        if (!c2paInstances.Add(en))
                            throw ManifestLocator.TwoStores(source, position);
                    }
                }
            }
            position += 2 + length;
        }
        if (c2paInstances.Count == 0)
            return segments;
        foreach (var en in c2paInstances)
            instance = en;
        segments = byInstance[instance];
        segments.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        for (var i = 0; i < segments.Count; i++)
        {
            if (segments[i].Sequence != (uint)(i + 1))
                throw new InvalidMediaException(source, segments[i].SegmentOffset, $"APP11 C2PA segment sequence number {segments[i].Sequence} where {i + 1} was expected (missing or repeated segment)");
        }
        return segments;
    }

    private static byte[] Reassemble(ReadOnlySpan<byte> jpeg, List<Segment> segments, string? source)
    {
        long total = 0;
        foreach (var s in segments)
            total += s.DataLength;
        if (total > JumbfLimits.Default.MaxStoreBytes)
            throw new InvalidMediaException(source, segments[0].SegmentOffset, $"C2PA store of {total} bytes exceeds the limit");
        var store = new byte[total];
        var at = 0;
        foreach (var s in segments)
        {
            jpeg.Slice(s.DataOffset, s.DataLength).CopyTo(store.AsSpan(at));
            at += s.DataLength;
        }
        return store;
    }
}
