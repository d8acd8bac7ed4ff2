using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Augment.Vision;

/// <summary>
/// The <c>.aughnsw</c> layout, all little-endian:
/// <code>
/// offset 0  8 bytes  magic "AUGHNS\r\n" (the CR LF catches text-mode transfers)
/// offset 8  uint32   version = 1
/// offset 12 uint32   dimension (1..65536)
/// offset 16 uint32   metric (0 = cosine, 1 = dot product)
/// offset 20 uint32   M (2..256)
/// offset 24 uint32   efConstruction (1..65536)
/// offset 28 uint32   efSearch (1..65536)
/// offset 32 int32    seed
/// offset 36 uint32   reserved = 0
/// offset 40 int64    node count n, removed nodes included
/// offset 48 int32    entry-point node (-1 when n = 0)
/// offset 52 int32    top layer (-1 when n = 0)
/// offset 56 int64[n]   ids (unique among live nodes)
/// then      uint8[n]   layer of each node (0..31)
/// then      uint8[n]   flags: 0 = live, 1 = removed
/// then      float32[n*dimension] vectors, node by node (cosine: already unit length)
/// then      per node, per layer 0..its layer: uint32 count (at most 2M on layer 0, M above), int32[count] neighbours
/// </code>
/// Header fields and the minimum size are checked before anything is allocated; neighbours must be other
/// nodes that live on that layer. Every fault names its byte offset.
/// </summary>
internal static class HnswIndexFile
{
    public const int HeaderBytes = 56;
    public const uint Version = 1;
    private static ReadOnlySpan<byte> Magic => "AUGHNS\r\n"u8;

    public static void Write(HnswIndex index, Stream stream)
    {
        var n = index.NodeCount;
        Span<byte> header = stackalloc byte[HeaderBytes];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], (uint)index.Dimension);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], (uint)index.Metric);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], (uint)index.Options.M);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], (uint)index.Options.EfConstruction);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], (uint)index.Options.EfSearch);
        BinaryPrimitives.WriteInt32LittleEndian(header[32..], index.Options.Seed);
        BinaryPrimitives.WriteUInt32LittleEndian(header[36..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(header[40..], n);
        BinaryPrimitives.WriteInt32LittleEndian(header[48..], index.EntryPoint);
        BinaryPrimitives.WriteInt32LittleEndian(header[52..], index.TopLevel);
        stream.Write(header);

        var writer = new BufferedWriter(stream);
        for (var node = 0; node < n; node++)
            writer.Int64(index.IdAt(node));
        for (var node = 0; node < n; node++)
            writer.Byte((byte)index.LevelOf(node));
        for (var node = 0; node < n; node++)
            writer.Byte(index.IsRemoved(node) ? (byte)1 : (byte)0);
        for (var node = 0; node < n; node++)
        {
            writer.Singles(index.VectorOf(node));
        }
        for (var node = 0; node < n; node++)
        {
            for (var layer = 0; layer <= index.LevelOf(node); layer++)
            {
                var links = index.Links(node, layer);
                var count = links[0];
                writer.Int32(count);
                for (var i = 1; i <= count; i++)
                    writer.Int32(links[i]);
            }
        }
        writer.Flush();
    }

    public static HnswIndex Read(Stream stream, string? source, ComputeBudget budget)
    {
        var reader = new Reader(stream, source);
        Span<byte> header = stackalloc byte[HeaderBytes];
        reader.Exactly(header, "the 56-byte header");
        if (!header[..8].SequenceEqual(Magic))
            throw new InvalidMediaException(source, 0, "not an HNSW index (the magic 'AUGHNS\\r\\n' is missing).");
        var version = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        if (version != Version)
            throw new InvalidMediaException(source, 8, $"HNSW index version {version} is not supported (expected {Version}).");
        var dimension = BinaryPrimitives.ReadUInt32LittleEndian(header[12..]);
        if (dimension is < 1 or > VectorIndex.MaxDimension)
            throw new InvalidMediaException(source, 12, $"dimension {dimension} is outside 1..{VectorIndex.MaxDimension}.");
        var metric = BinaryPrimitives.ReadUInt32LittleEndian(header[16..]);
        if (metric > (uint)VectorMetric.DotProduct)
            throw new InvalidMediaException(source, 16, $"metric code {metric} is unknown (0 = cosine, 1 = dot product).");
        var m = BinaryPrimitives.ReadUInt32LittleEndian(header[20..]);
        if (m is < 2 or > HnswOptions.MaxM)
            throw new InvalidMediaException(source, 20, $"M = {m} is outside 2..{HnswOptions.MaxM}.");
        var efConstruction = BinaryPrimitives.ReadUInt32LittleEndian(header[24..]);
        if (efConstruction is < 1 or > HnswOptions.MaxEf)
            throw new InvalidMediaException(source, 24, $"efConstruction = {efConstruction} is outside 1..{HnswOptions.MaxEf}.");
        var efSearch = BinaryPrimitives.ReadUInt32LittleEndian(header[28..]);
        if (efSearch is < 1 or > HnswOptions.MaxEf)
            throw new InvalidMediaException(source, 28, $"efSearch = {efSearch} is outside 1..{HnswOptions.MaxEf}.");
        var seed = BinaryPrimitives.ReadInt32LittleEndian(header[32..]);
        var reserved = BinaryPrimitives.ReadUInt32LittleEndian(header[36..]);
        if (reserved != 0)
            throw new InvalidMediaException(source, 36, $"the reserved field is {reserved}, not 0.");
        var count = BinaryPrimitives.ReadInt64LittleEndian(header[40..]);
        if (count is < 0 or >= int.MaxValue)
            throw new InvalidMediaException(source, 40, $"node count {count} is outside 0..{int.MaxValue - 1}.");
        var entry = BinaryPrimitives.ReadInt32LittleEndian(header[48..]);
        var top = BinaryPrimitives.ReadInt32LittleEndian(header[52..]);
        if (count == 0 ? entry != -1 : entry < 0 || entry >= count)
            throw new InvalidMediaException(source, 48, $"entry point {entry} is not a node of {count} (-1 only when empty).");
        if (count == 0 ? top != -1 : top < 0 || top > HnswLevels.MaxLevel)
            throw new InvalidMediaException(source, 52, $"top layer {top} is outside 0..{HnswLevels.MaxLevel} (-1 only when empty).");
        // Every node needs its id, level, flags, vector and at least one (layer-0) count.
        var minimumBytes = HeaderBytes + (count * (sizeof(long) + 2 + sizeof(uint))) + (count * dimension * sizeof(float));
        if (stream.CanSeek && stream.Length - stream.Position + HeaderBytes < minimumBytes)
            throw new InvalidMediaException(source, stream.Length - stream.Position + HeaderBytes,
                $"the file ends early: {count} nodes of dimension {dimension} need at least {minimumBytes} bytes.");

        var options = new HnswOptions
        {
            M = (int)m,
            EfConstruction = (int)efConstruction,
            EfSearch = (int)efSearch,
            Seed = seed,
            Metric = (VectorMetric)metric,
        };
        var index = new HnswIndex((int)dimension, options, budget);
        var n = (int)count;
        index.EnsureCapacity(n);

        var idsStart = reader.Offset;
        var ids = new long[n];
        reader.Exactly(MemoryMarshal.AsBytes(ids.AsSpan()), $"{n} ids");
        if (!BitConverter.IsLittleEndian)
        {
            for (var i = 0; i < n; i++)
                ids[i] = BinaryPrimitives.ReverseEndianness(ids[i]);
        }
        var levelsStart = reader.Offset;
        var levels = new byte[n];
        reader.Exactly(levels, $"{n} node layers");
        var flagsStart = reader.Offset;
        var flags = new byte[n];
        reader.Exactly(flags, $"{n} node flags");
        var highest = -1;
        for (var i = 0; i < n; i++)
        {
            if (levels[i] > HnswLevels.MaxLevel)
                throw new InvalidMediaException(source, levelsStart + i, $"node {i} has layer {levels[i]}, above {HnswLevels.MaxLevel}.");
            if (flags[i] > 1)
                throw new InvalidMediaException(source, flagsStart + i, $"node {i} has flags {flags[i]} (0 = live, 1 = removed).");
            highest = Math.Max(highest, levels[i]);
        }
        if (n > 0 && (levels[entry] != top || highest != top))
            throw new InvalidMediaException(source, 52, $"top layer {top} does not match the entry point's layer {levels[entry]} and the highest layer {highest}.");
        var live = new HashSet<long>();
        for (var i = 0; i < n; i++)
        {
            if (flags[i] == 0 && !live.Add(ids[i]))
                throw new InvalidMediaException(source, idsStart + (i * sizeof(long)), $"id {ids[i]} belongs to two live nodes.");
        }

        for (var node = 0; node < n; node++)
        {
            var rowStart = reader.Offset;
            var values = index.AppendRaw(ids[node], levels[node], flags[node] == 1);
            reader.Exactly(MemoryMarshal.AsBytes(values), $"vector {node}");
            if (!BitConverter.IsLittleEndian)
            {
                var bits = MemoryMarshal.Cast<float, int>(values);
                for (var i = 0; i < bits.Length; i++)
                    bits[i] = BinaryPrimitives.ReverseEndianness(bits[i]);
            }
            for (var i = 0; i < values.Length; i++)
            {
                if (!float.IsFinite(values[i]))
                    throw new InvalidMediaException(source, rowStart + (i * sizeof(float)), $"vector {node} holds a NaN or infinite value.");
            }
        }

        Span<byte> four = stackalloc byte[4];
        for (var node = 0; node < n; node++)
        {
            for (var layer = 0; layer <= levels[node]; layer++)
            {
                var countStart = reader.Offset;
                reader.Exactly(four, $"the layer-{layer} link count of node {node}");
                var links = index.Links(node, layer);
                var linkCount = BinaryPrimitives.ReadUInt32LittleEndian(four);
                if (linkCount > (uint)(links.Length - 1))
                    throw new InvalidMediaException(source, countStart, $"node {node} has {linkCount} links on layer {layer}, more than {links.Length - 1}.");
                var listStart = reader.Offset;
                var list = links.Slice(1, (int)linkCount);
                reader.Exactly(MemoryMarshal.AsBytes(list), $"the layer-{layer} links of node {node}");
                for (var i = 0; i < list.Length; i++)
                {
                    var neighbour = BitConverter.IsLittleEndian ? list[i] : BinaryPrimitives.ReverseEndianness(list[i]);
                    if (neighbour < 0 || neighbour >= n || neighbour == node || levels[neighbour] < layer)
                        throw new InvalidMediaException(source, listStart + (i * sizeof(int)), $"node {node} links to {neighbour} on layer {layer}, which is not another node of that layer.");
                    list[i] = neighbour;
                }
                links[0] = (int)linkCount;
            }
        }
        index.EntryPoint = entry;
        index.TopLevel = top;
        return index;
    }

    /// <summary>Little-endian writes through a 64 KiB buffer.</summary>
    private sealed class BufferedWriter(Stream stream)
    {
        private readonly byte[] _buffer = new byte[1 << 16];
        private int _used;

        public void Byte(byte value)
        {
            Reserve(1);
            _buffer[_used++] = value;
        }

        public void Int32(int value)
        {
            Reserve(4);
            BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_used), value);
            _used += 4;
        }

        public void Int64(long value)
        {
            Reserve(8);
            BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_used), value);
            _used += 8;
        }

        public void Singles(ReadOnlySpan<float> values)
        {
            if (BitConverter.IsLittleEndian)
            {
                Flush();
                stream.Write(MemoryMarshal.AsBytes(values));
                return;
            }
            foreach (var value in values)
            {
                Reserve(4);
                BinaryPrimitives.WriteSingleLittleEndian(_buffer.AsSpan(_used), value);
                _used += 4;
            }
        }

        public void Flush()
        {
            stream.Write(_buffer, 0, _used);
            _used = 0;
        }

        private void Reserve(int bytes)
        {
            if (_used + bytes > _buffer.Length)
                Flush();
        }
    }

    /// <summary>Exact reads that know their byte offset and name it when the stream ends early.</summary>
    private sealed class Reader(Stream stream, string? source)
    {
        public long Offset { get; private set; }

        public void Exactly(Span<byte> destination, string what)
        {
            var read = stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
            if (read < destination.Length)
                throw new InvalidMediaException(source, Offset + read, $"the file ends inside {what} ({read} of {destination.Length} bytes).");
            Offset += read;
        }
    }
}
