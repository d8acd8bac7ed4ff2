using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Augment.Vision;

/// <summary>
/// The <c>.augvec</c> layout, all little-endian:
/// <code>
/// offset 0  8 bytes  magic "AUGVEC\r\n" (the CR LF catches text-mode transfers)
/// offset 8  uint32   version = 1
/// offset 12 uint32   dimension (1..65536)
/// offset 16 uint32   metric (0 = cosine, 1 = dot product)
/// offset 20 uint32   reserved = 0
/// offset 24 int64    count (number of vectors)
/// offset 32 int64[count]            ids, unique
/// then      float32[count*dimension] vectors, row by row (cosine: already unit length)
/// </code>
/// The header is checked before anything is allocated; every fault names its byte offset.
/// </summary>
internal static class VectorIndexFile
{
    public const int HeaderBytes = 32;
    public const uint Version = 1;
    private static ReadOnlySpan<byte> Magic => "AUGVEC\r\n"u8;

    public static void Write(VectorIndex index, Stream stream)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], (uint)index.Dimension);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], (uint)index.Metric);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(header[24..], index.Count);
        stream.Write(header);

        var buffer = new byte[1 << 16];
        var used = 0;
        for (var row = 0; row < index.Count; row++)
        {
            if (used + sizeof(long) > buffer.Length)
            {
                stream.Write(buffer, 0, used);
                used = 0;
            }
            BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(used), index.IdAt(row));
            used += sizeof(long);
        }
        stream.Write(buffer, 0, used);
        for (var row = 0; row < index.Count; row++)
            WriteFloats(stream, index.RowSpan(row));
    }

    public static VectorIndex Read(Stream stream, string? source, ComputeBudget budget)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        long offset = 0;
        ReadExactly(stream, header, source, ref offset, "the 32-byte header");
        if (!header[..8].SequenceEqual(Magic))
            throw new InvalidMediaException(source, 0, "not a vector index (the magic 'AUGVEC\\r\\n' is missing).");
        var version = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        if (version != Version)
            throw new InvalidMediaException(source, 8, $"vector index version {version} is not supported (expected {Version}).");
        var dimension = BinaryPrimitives.ReadUInt32LittleEndian(header[12..]);
        if (dimension is < 1 or > VectorIndex.MaxDimension)
            throw new InvalidMediaException(source, 12, $"dimension {dimension} is outside 1..{VectorIndex.MaxDimension}.");
        var metric = BinaryPrimitives.ReadUInt32LittleEndian(header[16..]);
        if (metric > (uint)VectorMetric.DotProduct)
            throw new InvalidMediaException(source, 16, $"metric code {metric} is unknown (0 = cosine, 1 = dot product).");
        var reserved = BinaryPrimitives.ReadUInt32LittleEndian(header[20..]);
        if (reserved != 0)
            throw new InvalidMediaException(source, 20, $"the reserved field is {reserved}, not 0.");
        var count = BinaryPrimitives.ReadInt64LittleEndian(header[24..]);
        if (count is < 0 or > int.MaxValue)
            throw new InvalidMediaException(source, 24, $"vector count {count} is outside 0..{int.MaxValue}.");
        var expectedBytes = HeaderBytes + (count * sizeof(long)) + (count * dimension * sizeof(float));
        if (stream.CanSeek && stream.Length - stream.Position + HeaderBytes < expectedBytes)
            throw new InvalidMediaException(source, stream.Length - stream.Position + HeaderBytes,
                $"the file ends early: {count} vectors of dimension {dimension} need {expectedBytes} bytes.");

        var index = new VectorIndex((int)dimension, (VectorMetric)metric, budget);
        index.EnsureCapacity((int)count);
        var ids = new long[count];
        var idBytes = MemoryMarshal.AsBytes(ids.AsSpan());
        var idsStart = offset;
        ReadExactly(stream, idBytes, source, ref offset, $"{count} ids");
        if (!BitConverter.IsLittleEndian)
        {
            for (var i = 0; i < ids.Length; i++)
                ids[i] = BinaryPrimitives.ReverseEndianness(ids[i]);
        }
        var seen = new HashSet<long>((int)count);
        for (var i = 0; i < ids.Length; i++)
        {
            if (!seen.Add(ids[i]))
                throw new InvalidMediaException(source, idsStart + (i * sizeof(long)), $"id {ids[i]} appears twice.");
        }
        for (var row = 0; row < count; row++)
        {
            var rowStart = offset;
            var values = index.AppendRaw(ids[row]);
            ReadExactly(stream, MemoryMarshal.AsBytes(values), source, ref offset, $"vector {row}");
            if (!BitConverter.IsLittleEndian)
            {
                var bits = MemoryMarshal.Cast<float, int>(values);
                for (var i = 0; i < bits.Length; i++)
                    bits[i] = BinaryPrimitives.ReverseEndianness(bits[i]);
            }
            for (var i = 0; i < values.Length; i++)
            {
                if (!float.IsFinite(values[i]))
                    throw new InvalidMediaException(source, rowStart + (i * sizeof(float)), $"vector {row} holds a NaN or infinite value.");
            }
        }
        return index;
    }

    private static void WriteFloats(Stream stream, ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values));
            return;
        }
        Span<byte> four = stackalloc byte[4];
        foreach (var v in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(four, v);
            stream.Write(four);
        }
    }

    private static void ReadExactly(Stream stream, Span<byte> destination, string? source, ref long offset, string what)
    {
        var read = stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
        if (read < destination.Length)
            throw new InvalidMediaException(source, offset + read, $"the file ends inside {what} ({read} of {destination.Length} bytes).");
        offset += read;
    }
}
