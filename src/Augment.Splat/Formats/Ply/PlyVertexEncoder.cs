using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Augment.Splat;

/// <summary>Writes cloud planes as PLY vertex rows (all float), a block of rows at a time.</summary>
internal static class PlyVertexEncoder
{
    private const int BlockBytes = 1 << 20;

    /// <summary>
    /// The plane order of a written file: the 3DGS reference order (x y z, f_dc, f_rest, opacity, scale, rot)
    /// without the reference's zero normals, then the extras in cloud order.
    /// </summary>
    public static (string[] Names, int[] Planes) StandardOrder(GaussianCloud cloud)
    {
        var rest = 3 * cloud.ShRestCount;
        var extras = cloud.ExtraNames;
        var names = new List<string>(14 + rest + extras.Count);
        var planes = new List<int>(names.Capacity);
        void Add(string name, int plane)
        {
            names.Add(name);
            planes.Add(plane);
        }
        Add("x", 0);
        Add("y", 1);
        Add("z", 2);
        for (var c = 0; c < 3; c++)
            Add($"f_dc_{c}", 11 + c);
        for (var k = 0; k < rest; k++)
            Add(string.Create(CultureInfo.InvariantCulture, $"f_rest_{k}"), 14 + k);
        Add("opacity", 10);
        for (var s = 0; s < 3; s++)
            Add($"scale_{s}", 3 + s);
        for (var q = 0; q < 4; q++)
            Add($"rot_{q}", 6 + q);
        for (var e = 0; e < extras.Count; e++)
        {
            var name = extras[e];
            if (names.Contains(name) || name.StartsWith("f_rest_", StringComparison.Ordinal))
                throw new ArgumentException($"Extra property '{name}' collides with a 3DGS property name and cannot be written to PLY.", nameof(cloud));
            foreach (var ch in name)
            {
                if (ch <= ' ' || ch > '~')
                    throw new ArgumentException($"Extra property '{name}' has a character PLY headers cannot hold.", nameof(cloud));
            }
            Add(name, 14 + rest + e);
        }
        return ([.. names], [.. planes]);
    }

    /// <summary>Writes binary rows, little endian unless <paramref name="bigEndian"/>.</summary>
    public static void WriteBinary(Stream stream, float[][] cloudPlanes, int[] order, int count, bool bigEndian, CancellationToken cancellationToken)
    {
        var stride = order.Length;
        var blockRows = Math.Max(1, BlockBytes / (stride * sizeof(float)));
        var block = ArrayPool<float>.Shared.Rent(blockRows * stride);
        try
        {
            for (var start = 0; start < count; start += blockRows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rows = Math.Min(blockRows, count - start);
                var floats = block.AsSpan(0, rows * stride);
                for (var p = 0; p < stride; p++)
                    ScatterColumn(cloudPlanes[order[p]].AsSpan(start, rows), floats, stride, p);
                if (bigEndian == BitConverter.IsLittleEndian)
                {
                    var ints = MemoryMarshal.Cast<float, int>(floats);
                    BinaryPrimitives.ReverseEndianness(ints, ints);
                }
                stream.Write(MemoryMarshal.AsBytes(floats));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(block);
        }
    }

    /// <summary>Writes <paramref name="source"/> into column <paramref name="column"/> of row-major <paramref name="rows"/>.</summary>
    internal static void ScatterColumn(ReadOnlySpan<float> source, Span<float> rows, int stride, int column)
    {
        var index = column;
        for (var r = 0; r < source.Length; r++, index += stride)
            rows[index] = source[r];
    }

    /// <summary>Writes ASCII rows; each float is its shortest round-trip form, so reading it back is bit exact (NaN payloads aside).</summary>
    public static void WriteAscii(Stream stream, float[][] cloudPlanes, int[] order, int count, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BlockBytes);
        try
        {
            var used = 0;
            for (var i = 0; i < count; i++)
            {
                if ((i & 0xFFFF) == 0)
                    cancellationToken.ThrowIfCancellationRequested();
                // A float takes at most ~16 characters; flush while a whole row surely fits.
                if (buffer.Length - used < order.Length * 24)
                {
                    stream.Write(buffer, 0, used);
                    used = 0;
                }
                for (var p = 0; p < order.Length; p++)
                {
                    if (p > 0)
                        buffer[used++] = (byte)' ';
                    cloudPlanes[order[p]][i].TryFormat(buffer.AsSpan(used), out var written, "R", CultureInfo.InvariantCulture);
                    used += written;
                }
                buffer[used++] = (byte)'\n';
            }
            stream.Write(buffer, 0, used);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
