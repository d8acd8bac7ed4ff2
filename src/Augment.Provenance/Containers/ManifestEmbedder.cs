using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Augment.Provenance.Containers;

/// <summary>
/// Places a manifest store in a container: JPEG APP11 segments after the leading APP0/APP1 (split at 64 KiB, each
/// continuation repeating the superbox's LBox/TBox), PNG <c>caBX</c> after IHDR, WAV and WebP <c>C2PA</c> chunk at the
/// end (as the reference writes WebP, with or without VP8X), ISO BMFF <c>uuid</c> box after <c>ftyp</c> (see
/// <see cref="BmffEmbedder"/>; its hard binding is <c>c2pa.hash.bmff.v2</c>, not an exclusion range).
/// The exclusion range is what <c>c2pa.hash.data</c> leaves out: all APP11 segments, the whole chunk.
/// </summary>
internal static class ManifestEmbedder
{
    private const int MaxSegmentPayload = 65533; // APP11 length field counts itself: 65535 - 2
    private const int SegmentHeader = 8;          // CI "JP" (2) + En (2) + Z (4)
    private const ushort BoxInstance = 0x0211;

    /// <summary>Where the store goes in the asset.</summary>
    public static long InsertionOffset(AssetFormat format, ReadOnlySpan<byte> asset, string? source) => format switch
    {
        AssetFormat.Jpeg => JpegInsertionOffset(asset, source),
        AssetFormat.Png => 33, // signature (8) + IHDR chunk (4 + 4 + 13 + 4)
        AssetFormat.Wav or AssetFormat.WebP => Math.Min(asset.Length, 8L + BinaryPrimitives.ReadUInt32LittleEndian(asset.Slice(4, 4))),
        AssetFormat.Bmff => BmffEmbedder.InsertionOffset(asset, source),
        _ => throw new UnsupportedFormatException($"'{source ?? "input"}': Augment embeds Content Credentials in JPEG, PNG, WAV, WebP and MP4/MOV; sign to a sidecar (.c2pa) instead."),
    };

    /// <summary>The length of the excluded range for a store of <paramref name="storeLength"/> bytes.</summary>
    public static long ExclusionLength(AssetFormat format, int storeLength) => format switch
    {
        AssetFormat.Jpeg => JpegFramedLength(storeLength),
        AssetFormat.Png => 12L + storeLength,
        AssetFormat.Wav or AssetFormat.WebP => 8L + storeLength, // the pad byte stays hashed, as the reference writes it
        AssetFormat.Bmff => BmffManifestReader.StoreHeaderLength + (long)storeLength,
        _ => throw new UnsupportedFormatException("unsupported container"),
    };

    /// <summary>The store wrapped in its container framing (APP11 segments, PNG chunk, RIFF chunk with pad byte).</summary>
    /// <param name="format">The container.</param>
    /// <param name="store">The manifest store.</param>
    /// <param name="asset">The asset it goes into (a JPEG's other APP11 JUMBF segments decide the box instance number).</param>
    public static byte[] Frame(AssetFormat format, ReadOnlySpan<byte> store, ReadOnlySpan<byte> asset = default) => format switch
    {
        AssetFormat.Jpeg => FrameJpeg(store, FreeJpegInstance(asset)),
        AssetFormat.Png => FramePng(store),
        AssetFormat.Wav or AssetFormat.WebP => FrameWav(store),
        AssetFormat.Bmff => BmffEmbedder.Frame(store),
        _ => throw new UnsupportedFormatException("unsupported container"),
    };

    /// <summary>
    /// The data hash of the asset as it will be once a store of <paramref name="storeLength"/> bytes is inserted at
    /// <paramref name="offset"/>, computed from the original bytes without building the output: the inserted range is
    /// excluded anyway, except a WAV's RIFF size (which grows) and its pad byte (which stays hashed).
    /// </summary>
    public static byte[] HashAfterInsert(AssetFormat format, ReadOnlySpan<byte> asset, long offset, int storeLength, HashAlgorithmName algorithm)
    {
        using var hash = IncrementalHash.CreateHash(algorithm);
        var at = (int)offset;
        if (IsRiff(format))
        {
            Span<byte> size = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(size, checked(BinaryPrimitives.ReadUInt32LittleEndian(asset.Slice(4, 4)) + (uint)(8 + storeLength + (storeLength & 1))));
            hash.AppendData(asset[..4]);
            hash.AppendData(size);
            hash.AppendData(asset[8..at]);
            if ((storeLength & 1) != 0)
                hash.AppendData([0]);
        }
        else
        {
            hash.AppendData(asset[..at]);
        }
        hash.AppendData(asset[at..]);
        return hash.GetHashAndReset();
    }

    /// <summary>The asset with <paramref name="framed"/> inserted at <paramref name="offset"/> (and a WAV's RIFF size grown).</summary>
    public static byte[] Insert(AssetFormat format, ReadOnlySpan<byte> asset, long offset, ReadOnlySpan<byte> framed)
    {
        // Every byte is overwritten below: skip zeroing a multi-megabyte array.
        var output = GC.AllocateUninitializedArray<byte>(asset.Length + framed.Length);
        asset[..(int)offset].CopyTo(output);
        framed.CopyTo(output.AsSpan((int)offset));
        asset[(int)offset..].CopyTo(output.AsSpan((int)offset + framed.Length));
        if (IsRiff(format))
            BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(4), checked(BinaryPrimitives.ReadUInt32LittleEndian(asset.Slice(4, 4)) + (uint)framed.Length));
        return output;
    }

    /// <summary>Writes the asset with <paramref name="framed"/> inserted to <paramref name="stream"/> (no whole-file copy in memory).</summary>
    public static void WriteTo(Stream stream, AssetFormat format, ReadOnlySpan<byte> asset, long offset, ReadOnlySpan<byte> framed)
    {
        if (IsRiff(format))
        {
            Span<byte> header = stackalloc byte[8];
            asset[..8].CopyTo(header);
            BinaryPrimitives.WriteUInt32LittleEndian(header[4..], checked(BinaryPrimitives.ReadUInt32LittleEndian(asset.Slice(4, 4)) + (uint)framed.Length));
            stream.Write(header);
            stream.Write(asset[8..(int)offset]);
        }
        else
        {
            stream.Write(asset[..(int)offset]);
        }
        stream.Write(framed);
        stream.Write(asset[(int)offset..]);
    }

    /// <summary>The asset without its manifest store and the store's framing (a WAV's RIFF size shrunk).</summary>
    public static byte[] Strip(ReadOnlyMemory<byte> asset, LocatedStore located, string? source)
    {
        var span = asset.Span;
        var ranges = new List<(int Start, int Length)>();
        switch (located.Format)
        {
            case AssetFormat.Jpeg:
                foreach (var segment in JpegManifestReader.FindStoreSegments(span, source, out _))
                    ranges.Add((segment.SegmentOffset, segment.SegmentLength));
                ranges.Sort((a, b) => a.Start.CompareTo(b.Start));
                break;
            case AssetFormat.Png:
                ranges.Add(((int)located.StoreOffset - 8, located.Store!.Value.Length + 12));
                break;
            case AssetFormat.Bmff:
                return BmffEmbedder.Strip(span, source);
            case AssetFormat.Wav or AssetFormat.WebP:
                var size = located.Store!.Value.Length;
                ranges.Add(((int)located.StoreOffset - 8, Math.Min(8 + size + (size & 1), span.Length - ((int)located.StoreOffset - 8))));
                break;
            default:
                throw new UnsupportedFormatException("unsupported container");
        }
        var removed = 0;
        foreach (var (_, length) in ranges)
            removed += length;
        var output = GC.AllocateUninitializedArray<byte>(span.Length - removed);
        int from = 0, to = 0;
        foreach (var (start, length) in ranges)
        {
            span[from..start].CopyTo(output.AsSpan(to));
            to += start - from;
            from = start + length;
        }
        span[from..].CopyTo(output.AsSpan(to));
        if (IsRiff(located.Format))
            BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(4), BinaryPrimitives.ReadUInt32LittleEndian(span.Slice(4, 4)) - (uint)removed);
        return output;
    }

    /// <summary>WAV and WebP: RIFF files whose size field grows with the chunk.</summary>
    private static bool IsRiff(AssetFormat format) => format is AssetFormat.Wav or AssetFormat.WebP;

    private static long JpegInsertionOffset(ReadOnlySpan<byte> jpeg, string? source)
    {
        // After SOI and any APP0 (JFIF) / APP1 (Exif, XMP) segments, which readers expect first.
        var position = 2;
        while (position + 4 <= jpeg.Length && jpeg[position] == 0xFF && jpeg[position + 1] is 0xE0 or 0xE1)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.Slice(position + 2, 2));
            if (length < 2 || position + 2 + length > jpeg.Length)
                throw new InvalidMediaException(source, position, "JPEG segment runs beyond the file");
            position += 2 + length;
        }
        return position;
    }

    private static long JpegFramedLength(int storeLength)
    {
        var firstCapacity = MaxSegmentPayload - SegmentHeader;
        if (storeLength <= firstCapacity)
            return 4L + SegmentHeader + storeLength;
        var continuationCapacity = MaxSegmentPayload - SegmentHeader - 8;
        var rest = storeLength - firstCapacity;
        var continuations = (rest + continuationCapacity - 1) / continuationCapacity;
        return 4L + MaxSegmentPayload + continuations * (4L + SegmentHeader + 8) + rest;
    }

    /// <summary>
    /// A JUMBF box instance number (En) that no other APP11 "JP" segment of the JPEG uses: readers group segments by
    /// instance, so a leftover or foreign JUMBF segment with our number would be read as part of our store.
    /// </summary>
    private static ushort FreeJpegInstance(ReadOnlySpan<byte> jpeg)
    {
        var taken = new HashSet<ushort>();
        var position = 2;
        while (position + 4 <= jpeg.Length && jpeg[position] == 0xFF && jpeg[position + 1] is not (0xDA or 0xD9))
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.Slice(position + 2, 2));
            if (length < 2 || position + 2 + length > jpeg.Length)
                break;
            if (jpeg[position + 1] == 0xEB && length >= 6 && jpeg[position + 4] == (byte)'J' && jpeg[position + 5] == (byte)'P')
                taken.Add(BinaryPrimitives.ReadUInt16BigEndian(jpeg.Slice(position + 6, 2)));
            position += 2 + length;
        }
        var instance = BoxInstance;
        for (var tries = 0; taken.Contains(instance); tries++)
        {
            if (tries > ushort.MaxValue)
                throw new InvalidMediaException("every JUMBF box instance number is taken by the JPEG's APP11 segments");
            instance = (ushort)(instance == ushort.MaxValue ? 1 : instance + 1);
        }
        return instance;
    }

    private static byte[] FrameJpeg(ReadOnlySpan<byte> store, ushort instance)
    {
        var output = new byte[JpegFramedLength(store.Length)];
        var at = 0;
        var position = 0;
        uint sequence = 1;
        while (position < store.Length)
        {
            var repeat = sequence == 1 ? 0 : 8; // continuations repeat LBox/TBox (ISO/IEC 18477-3)
            var take = Math.Min(store.Length - position, MaxSegmentPayload - SegmentHeader - repeat);
            output[at] = 0xFF;
            output[at + 1] = 0xEB;
            BinaryPrimitives.WriteUInt16BigEndian(output.AsSpan(at + 2), (ushort)(2 + SegmentHeader + repeat + take));
            output[at + 4] = (byte)'J';
            output[at + 5] = (byte)'P';
            BinaryPrimitives.WriteUInt16BigEndian(output.AsSpan(at + 6), instance);
            BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(at + 8), sequence);
            at += 12;
            if (repeat > 0)
            {
                store[..8].CopyTo(output.AsSpan(at));
                at += 8;
            }
            store.Slice(position, take).CopyTo(output.AsSpan(at));
            at += take;
            position += take;
            sequence++;
        }
        return output;
    }

    private static byte[] FramePng(ReadOnlySpan<byte> store)
    {
        var output = new byte[12 + store.Length];
        BinaryPrimitives.WriteUInt32BigEndian(output, (uint)store.Length);
        "caBX"u8.CopyTo(output.AsSpan(4));
        store.CopyTo(output.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(8 + store.Length), Crc32.Compute(output.AsSpan(4, 4 + store.Length)));
        return output;
    }

    private static byte[] FrameWav(ReadOnlySpan<byte> store)
    {
        var output = new byte[8 + store.Length + (store.Length & 1)];
        "C2PA"u8.CopyTo(output);
        BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(4), (uint)store.Length);
        store.CopyTo(output.AsSpan(8));
        return output;
    }
}
