using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Augment.Splat;

/// <summary>
/// Decodes PLY element rows into cloud planes, a block of rows at a time so memory stays bounded whatever the
/// file size. Little-endian all-float rows (the 3DGS norm) take a span-cast fast path; anything else is decoded
/// property by property.
/// </summary>
internal static class PlyVertexDecoder
{
    /// <summary>Target bytes a block: large enough to amortise the stream calls, small enough to stay in L2.</summary>
    private const int BlockBytes = 1 << 20;

    /// <summary>Block size when the gather runs on several cores.</summary>
    private const int ParallelBlockBytes = 8 << 20;

    /// <summary>Rows a core gathers at a time (about 0.5 MB of SH3 rows, so it stays in L2).</summary>
    private const int ChunkRows = 2048;

    /// <summary>Reads <paramref name="count"/> binary rows of <paramref name="vertex"/> into <paramref name="planes"/>.</summary>
    public static void ReadBinary(PlyStreamReader reader, PlyElement vertex, bool bigEndian, int[] targets, float[][] planes, int count, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var props = vertex.Properties;
        var rowBytes = vertex.FixedRowBytes;
        var allFloat = true;
        var offsets = new int[props.Count];
        var types = new PlyScalarType[props.Count];
        var offset = 0;
        for (var i = 0; i < props.Count; i++)
        {
            offsets[i] = offset;
            types[i] = props[i].Type;
            offset += PlyTypes.SizeOf(types[i]);
            allFloat &= types[i] == PlyScalarType.Float32;
        }
        var fast = allFloat && !bigEndian && BitConverter.IsLittleEndian;
        var parallel = budget.MaxThreads > 1 && count >= 2 * ChunkRows;
        // Parallel blocks are larger so that each has work for every core.
        var blockRows = Math.Max(1, (parallel ? ParallelBlockBytes : BlockBytes) / Math.Max(1, rowBytes));
        var block = ArrayPool<byte>.Shared.Rent(blockRows * rowBytes);
        var parallelOptions = budget.ToParallelOptions(cancellationToken);
        try
        {
            for (var start = 0; start < count; start += blockRows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rows = Math.Min(blockRows, count - start);
                var bytes = block.AsSpan(0, rows * rowBytes);
                reader.ReadExactly(bytes, $"vertex {start + rows - 1} of {count}");
                if (fast && parallel)
                {
                    // Row chunks split over cores, each chunk (~0.5 MB) gathered column by column while it sits in L2.
                    var blockStart = start;
                    var chunks = (rows + ChunkRows - 1) / ChunkRows;
                    Parallel.For(0, chunks, parallelOptions, chunk =>
                    {
                        var first = chunk * ChunkRows;
                        var n = Math.Min(ChunkRows, rows - first);
                        var stride = rowBytes / sizeof(float);
                        var floats = MemoryMarshal.Cast<byte, float>(block.AsSpan(first * rowBytes, n * rowBytes));
                        Transpose(floats, stride, targets, planes, blockStart + first, n);
                    });
                }
                else if (fast)
                {
                    var floats = MemoryMarshal.Cast<byte, float>(bytes);
                    var stride = rowBytes / sizeof(float);
                    Transpose(floats, stride, targets, planes, start, rows);
                }
                else
                {
                    for (var p = 0; p < targets.Length; p++)
                        DecodeColumn(bytes, rowBytes, offsets[p], types[p], bigEndian, planes[targets[p]].AsSpan(start, rows));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }
    }

    /// <summary>
    /// Row-major float rows into planes: column c goes to planes[targets[c]] from index <paramref name="first"/>. Blocks of
    /// 8 rows x 8 columns are transposed in registers (twice the speed of one strided pass per column, which walks the
    /// whole block once per property); the ragged edges and machines without AVX take <see cref="GatherColumn"/>.
    /// </summary>
    internal static void Transpose(ReadOnlySpan<float> rows, int stride, int[] targets, float[][] planes, int first, int count)
    {
        var columns = targets.Length;
        var fullRows = Avx.IsSupported ? count & ~7 : 0;
        var fullColumns = columns & ~7;
        if (fullRows > 0 && fullColumns > 0)
        {
            ref var source = ref MemoryMarshal.GetReference(rows);
            for (var r = 0; r < fullRows; r += 8)
            {
                var at = first + r;
                for (var c = 0; c < fullColumns; c += 8)
                {
                    var o = (nuint)((r * stride) + c);
                    var s = (nuint)stride;
                    var r0 = Vector256.LoadUnsafe(ref source, o);
                    var r1 = Vector256.LoadUnsafe(ref source, o + s);
                    var r2 = Vector256.LoadUnsafe(ref source, o + (2 * s));
                    var r3 = Vector256.LoadUnsafe(ref source, o + (3 * s));
                    var r4 = Vector256.LoadUnsafe(ref source, o + (4 * s));
                    var r5 = Vector256.LoadUnsafe(ref source, o + (5 * s));
                    var r6 = Vector256.LoadUnsafe(ref source, o + (6 * s));
                    var r7 = Vector256.LoadUnsafe(ref source, o + (7 * s));
                    var t0 = Avx.UnpackLow(r0, r1);
                    var t1 = Avx.UnpackHigh(r0, r1);
                    var t2 = Avx.UnpackLow(r2, r3);
                    var t3 = Avx.UnpackHigh(r2, r3);
                    var t4 = Avx.UnpackLow(r4, r5);
                    var t5 = Avx.UnpackHigh(r4, r5);
                    var t6 = Avx.UnpackLow(r6, r7);
                    var t7 = Avx.UnpackHigh(r6, r7);
                    var u0 = Avx.Shuffle(t0, t2, 0x44);
                    var u1 = Avx.Shuffle(t0, t2, 0xEE);
                    var u2 = Avx.Shuffle(t1, t3, 0x44);
                    var u3 = Avx.Shuffle(t1, t3, 0xEE);
                    var u4 = Avx.Shuffle(t4, t6, 0x44);
                    var u5 = Avx.Shuffle(t4, t6, 0xEE);
                    var u6 = Avx.Shuffle(t5, t7, 0x44);
                    var u7 = Avx.Shuffle(t5, t7, 0xEE);
                    Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref planes[targets[c]][at]);
                    Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref planes[targets[c + 1]][at]);
                    Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref planes[targets[c + 2]][at]);
                    Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref planes[targets[c + 3]][at]);
                    Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref planes[targets[c + 4]][at]);
                    Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref planes[targets[c + 5]][at]);
                    Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref planes[targets[c + 6]][at]);
                    Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref planes[targets[c + 7]][at]);
                }
            }
        }
        // Columns left over at the right of the full rows, then every column of the rows left at the bottom.
        for (var c = fullRows > 0 ? fullColumns : 0; c < columns; c++)
            GatherColumn(rows, stride, c, planes[targets[c]].AsSpan(first, fullRows));
        if (fullRows < count)
        {
            var tail = rows[(fullRows * stride)..];
            for (var c = 0; c < columns; c++)
                GatherColumn(tail, stride, c, planes[targets[c]].AsSpan(first + fullRows, count - fullRows));
        }
    }

    /// <summary>Copies column <paramref name="column"/> of row-major <paramref name="rows"/> into <paramref name="destination"/>.</summary>
    internal static void GatherColumn(ReadOnlySpan<float> rows, int stride, int column, Span<float> destination)
    {
        var index = column;
        for (var r = 0; r < destination.Length; r++, index += stride)
            destination[r] = rows[index];
    }

    private static void DecodeColumn(ReadOnlySpan<byte> rows, int rowBytes, int offset, PlyScalarType type, bool bigEndian, Span<float> destination)
    {
        for (var r = 0; r < destination.Length; r++)
            destination[r] = ReadScalar(rows.Slice((r * rowBytes) + offset), type, bigEndian);
    }

    /// <summary>Reads one binary scalar as a float (doubles round to nearest, integers convert exactly up to 2^24).</summary>
    internal static float ReadScalar(ReadOnlySpan<byte> bytes, PlyScalarType type, bool bigEndian) => type switch
    {
        PlyScalarType.Int8 => (sbyte)bytes[0],
        PlyScalarType.UInt8 => bytes[0],
        PlyScalarType.Int16 => bigEndian ? BinaryPrimitives.ReadInt16BigEndian(bytes) : BinaryPrimitives.ReadInt16LittleEndian(bytes),
        PlyScalarType.UInt16 => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes),
        PlyScalarType.Int32 => bigEndian ? BinaryPrimitives.ReadInt32BigEndian(bytes) : BinaryPrimitives.ReadInt32LittleEndian(bytes),
        PlyScalarType.UInt32 => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes),
        PlyScalarType.Float32 => bigEndian ? BinaryPrimitives.ReadSingleBigEndian(bytes) : BinaryPrimitives.ReadSingleLittleEndian(bytes),
        _ => (float)(bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(bytes) : BinaryPrimitives.ReadDoubleLittleEndian(bytes)),
    };

    /// <summary>Reads <paramref name="count"/> ASCII rows (one value per property, whitespace separated).</summary>
    public static void ReadAscii(PlyStreamReader reader, PlyElement vertex, int[] targets, float[][] planes, int count, CancellationToken cancellationToken)
    {
        var props = vertex.Properties;
        for (var i = 0; i < count; i++)
        {
            if ((i & 0xFFFF) == 0)
                cancellationToken.ThrowIfCancellationRequested();
            for (var p = 0; p < props.Count; p++)
                planes[targets[p]][i] = ReadAsciiValue(reader, props[p].Type, i, count);
        }
    }

    private static float ReadAsciiValue(PlyStreamReader reader, PlyScalarType type, int row, int count)
    {
        if (!reader.TryReadToken(out var token, out var offset))
            throw new InvalidMediaException(reader.Source, offset, $"the file ends inside vertex {row} of {count}");
        if (type == PlyScalarType.Float32)
        {
            // Parse floats as floats: going through double could round twice and break bit-exact round trips.
            if (float.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var f))
                return f;
        }
        else if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return (float)d;
        }
        throw new InvalidMediaException(reader.Source, offset, $"vertex {row}: '{System.Text.Encoding.ASCII.GetString(token[..Math.Min(token.Length, 40)])}' is not a number");
    }

    /// <summary>Skips every row of an element that is not the vertex element (lists included).</summary>
    public static void SkipElement(PlyStreamReader reader, PlyElement element, PlyEncoding encoding, CancellationToken cancellationToken)
    {
        var what = $"element '{element.Name}'";
        if (encoding != PlyEncoding.Ascii && !element.HasLists)
        {
            reader.Skip(checked(element.Count * element.FixedRowBytes), what);
            return;
        }
        var bigEndian = encoding == PlyEncoding.BinaryBigEndian;
        Span<byte> scalar = stackalloc byte[8];
        for (long row = 0; row < element.Count; row++)
        {
            if ((row & 0xFFFF) == 0)
                cancellationToken.ThrowIfCancellationRequested();
            foreach (var p in element.Properties)
            {
                if (encoding == PlyEncoding.Ascii)
                {
                    var items = 1L;
                    if (p.IsList)
                    {
                        if (!reader.TryReadToken(out var countToken, out var offset))
                            throw new InvalidMediaException(reader.Source, offset, $"the file ends inside {what}");
                        if (!long.TryParse(countToken, NumberStyles.None, CultureInfo.InvariantCulture, out items))
                            throw new InvalidMediaException(reader.Source, offset, $"{what}: invalid list count");
                    }
                    for (var k = 0L; k < items; k++)
                    {
                        if (!reader.TryReadToken(out _, out var offset))
                            throw new InvalidMediaException(reader.Source, offset, $"the file ends inside {what}");
                    }
                }
                else if (p.IsList)
                {
                    var countSize = PlyTypes.SizeOf(p.CountType);
                    var offset = reader.Position;
                    reader.ReadExactly(scalar[..countSize], what);
                    var items = ReadScalar(scalar, p.CountType, bigEndian);
                    if (items < 0)
                        throw new InvalidMediaException(reader.Source, offset, $"{what}: negative list count");
                    reader.Skip((long)items * PlyTypes.SizeOf(p.Type), what);
                }
                else
                {
                    reader.ReadExactly(scalar[..PlyTypes.SizeOf(p.Type)], what);
                }
            }
        }
    }
}
