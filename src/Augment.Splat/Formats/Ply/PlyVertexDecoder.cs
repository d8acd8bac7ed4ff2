using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Microsoft.Win32.SafeHandles;

namespace Augment.Splat;

/// <summary>
/// Decodes PLY element rows into cloud planes. Binary rows go in chunks of about 0.5 MB that each worker reads into
/// its own buffer and decodes while the chunk is still in L2: from a file by positioned reads in parallel, from any
/// other stream one chunk at a time under a lock while the other workers decode. Memory stays bounded (a chunk a
/// worker) whatever the file size. Little-endian all-float rows (the 3DGS norm) take a register transpose;
/// anything else is decoded property by property.
/// </summary>
internal static class PlyVertexDecoder
{
    /// <summary>Target bytes a chunk: enough to amortise a read call, small enough to stay in L2 while it is decoded.</summary>
    private const int ChunkBytes = 512 << 10;

    /// <summary>Rows a transpose band holds (120 KB of SH3 rows), so they stay in L2 while each column block streams through them.</summary>
    private const int BandRows = 512;

    /// <summary>Rows in a chunk of <paramref name="rowBytes"/>-byte rows: a multiple of 8 (whole transpose blocks), at least 8.</summary>
    internal static int ChunkRows(int rowBytes) => Math.Max(8, (ChunkBytes / Math.Max(1, rowBytes)) & ~7);

    /// <summary>
    /// Reads <paramref name="count"/> binary rows from <paramref name="reader"/> into <paramref name="planes"/>. The
    /// stream is read in order, one chunk at a time under a lock; decoding runs on up to
    /// <see cref="ComputeBudget.MaxThreads"/> workers, so reading the next chunk overlaps decoding the previous ones.
    /// </summary>
    public static void ReadBinary(PlyStreamReader reader, PlyBinaryRows rows, float[][] planes, int count, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var chunkRows = ChunkRows(rows.RowBytes);
        var chunks = (int)(((long)count + chunkRows - 1) / chunkRows);
        var workers = Math.Min(budget.MaxThreads, chunks);
        var queue = new StreamQueue(reader, rows, planes, count, chunkRows);
        if (workers <= 1)
        {
            queue.Work(cancellationToken);
            return;
        }
        RunParallel(() => Parallel.For(0, workers, budget.ToParallelOptions(cancellationToken), _ => queue.Work(cancellationToken)));
    }

    /// <summary>
    /// Reads <paramref name="count"/> binary rows that start at <paramref name="fileOffset"/> of <paramref name="file"/>
    /// into <paramref name="planes"/>: workers take chunks in file order (so the reads stay near-sequential for the
    /// kernel's read-ahead) and each reads its chunk with a positioned read and decodes it, so both the copy out of the
    /// page cache and the first touch of the freshly allocated planes are spread over the cores.
    /// </summary>
    /// <param name="file">An open, readable, seekable file; its position is neither used nor moved.</param>
    /// <param name="fileOffset">Offset of the first row in the file.</param>
    /// <param name="source">File name for errors.</param>
    /// <param name="sourceOffset">Offset of the first row as errors report it (from where the caller began reading).</param>
    /// <param name="rows">Row layout.</param>
    /// <param name="planes">Destination planes.</param>
    /// <param name="count">Rows to read.</param>
    /// <param name="budget">Threads to use.</param>
    /// <param name="cancellationToken">Checked between chunks.</param>
    /// <exception cref="InvalidMediaException">The file ends before the last row.</exception>
    public static void ReadBinary(SafeFileHandle file, long fileOffset, string source, long sourceOffset, PlyBinaryRows rows, float[][] planes, int count, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var rowBytes = rows.RowBytes;
        var chunkRows = ChunkRows(rowBytes);
        var chunks = (int)(((long)count + chunkRows - 1) / chunkRows);
        var workers = Math.Min(budget.MaxThreads, chunks);
        var next = -1;
        var failed = false;
        void Work()
        {
            var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(count, chunkRows) * rowBytes);
            try
            {
                int chunk;
                while (!Volatile.Read(ref failed) && (chunk = Interlocked.Increment(ref next)) < chunks)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var first = chunk * chunkRows;
                    var n = Math.Min(chunkRows, count - first);
                    var at = (long)first * rowBytes;
                    var bytes = buffer.AsSpan(0, n * rowBytes);
                    var read = ReadAt(file, bytes, fileOffset + at);
                    if (read < bytes.Length)
                    {
                        Volatile.Write(ref failed, true);
                        throw new InvalidMediaException(source, sourceOffset + at + read, $"the file ends inside vertex {first + (read / rowBytes)} of {count} ({((long)count * rowBytes) - at - read} bytes missing)");
                    }
                    rows.Decode(bytes, planes, first, n);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        if (workers <= 1)
            Work();
        else
            RunParallel(() => Parallel.For(0, workers, budget.ToParallelOptions(cancellationToken), _ => Work()));
    }

    /// <summary>Fills <paramref name="destination"/> from <paramref name="offset"/>; fewer bytes only at the end of the file.</summary>
    private static int ReadAt(SafeFileHandle file, Span<byte> destination, long offset)
    {
        var done = 0;
        while (done < destination.Length)
        {
            var read = RandomAccess.Read(file, destination[done..], offset + done);
            if (read == 0)
                break;
            done += read;
        }
        return done;
    }

    /// <summary>
    /// Runs a parallel loop and rethrows what its workers threw as the caller would see it from a serial loop: the
    /// media error at the lowest offset (the first a serial read meets), else the first exception, not an
    /// <see cref="AggregateException"/>.
    /// </summary>
    private static void RunParallel(Action loop)
    {
        try
        {
            loop();
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            var first = e.InnerExceptions[0];
            foreach (var inner in e.InnerExceptions)
            {
                if (inner is InvalidMediaException media && (first is not InvalidMediaException best || media.Offset < best.Offset))
                    first = media;
            }
            ExceptionDispatchInfo.Throw(first);
        }
    }

    /// <summary>The chunks of one stream handed out in order: a worker reads under the lock and decodes outside it.</summary>
    private sealed class StreamQueue(PlyStreamReader reader, PlyBinaryRows rows, float[][] planes, int count, int chunkRows)
    {
        private readonly Lock _gate = new();
        private int _next;
        private bool _failed;

        /// <summary>Takes, reads and decodes chunks until none is left or a worker failed.</summary>
        public void Work(CancellationToken cancellationToken)
        {
            var rowBytes = rows.RowBytes;
            var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(count, chunkRows) * rowBytes);
            try
            {
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int first;
                    int n;
                    lock (_gate)
                    {
                        if (_next >= count || _failed)
                            return;
                        first = _next;
                        n = Math.Min(chunkRows, count - first);
                        try
                        {
                            reader.ReadExactly(buffer.AsSpan(0, n * rowBytes), $"vertex {first + n - 1} of {count}");
                        }
                        catch
                        {
                            _failed = true;
                            throw;
                        }
                        _next = first + n;
                    }
                    rows.Decode(buffer, planes, first, n);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>
    /// Row-major float rows into planes: column c goes to planes[targets[c]] from index <paramref name="first"/>. Blocks of
    /// 8 rows x 8 columns are transposed in registers; within a band of <see cref="BandRows"/> rows, one block of 8
    /// columns runs down all the rows before the next, so each plane is written in long runs of whole cache lines
    /// (about twice the speed of going across a row of blocks first, which leaves 8 x 8 planes half-written lines
    /// apart). The ragged edges and machines without AVX take <see cref="GatherColumn"/>.
    /// </summary>
    internal static void Transpose(ReadOnlySpan<float> rows, int stride, int[] targets, float[][] planes, int first, int count)
    {
        var columns = targets.Length;
        var fullRows = Avx.IsSupported ? count & ~7 : 0;
        var fullColumns = columns & ~7;
        ref var source = ref MemoryMarshal.GetReference(rows);
        for (var band = 0; band < fullRows && fullColumns > 0; band += BandRows)
        {
            var end = Math.Min(fullRows, band + BandRows);
            for (var c = 0; c < fullColumns; c += 8)
            {
                for (var r = band; r < end; r += 8)
                {
                    var at = first + r;
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
