using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Augment.Splat;

/// <summary>
/// PlayCanvas' compressed PLY (<c>.compressed.ply</c>, as written by SuperSplat and splat-transform): an element
/// <c>chunk</c> with the min/max of position, log-scale and colour per 256 splats, an element <c>vertex</c> of four
/// packed uint32 per splat (see <see cref="CompressedPlyPacking"/>) and an optional element <c>sh</c> of one byte per
/// f_rest coefficient. The writer orders splats along a Morton curve first, as splat-transform does, so that each
/// chunk's ranges are tight; extra properties are not carried.
/// </summary>
internal sealed class CompressedPlyCodec : ISplatCodec
{
    private const int BlockRows = 16384;

    private static readonly string[] ChunkBoundNames =
    [
        "min_x", "min_y", "min_z", "max_x", "max_y", "max_z",
        "min_scale_x", "min_scale_y", "min_scale_z", "max_scale_x", "max_scale_y", "max_scale_z",
        "min_r", "min_g", "min_b", "max_r", "max_g", "max_b",
    ];

    private static readonly string[] PackedNames = ["packed_position", "packed_rotation", "packed_scale", "packed_color"];

    /// <inheritdoc/>
    public SplatFormat Format => SplatFormat.CompressedPly;

    /// <inheritdoc/>
    public bool CanWrite => true;

    /// <inheritdoc/>
    public bool Sniff(ReadOnlySpan<byte> head) => CompressedPlyHeader.FirstElementIsChunk(head);

    /// <inheritdoc/>
    public GaussianCloud Read(Stream stream, string source, SplatReadOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        var start = stream.CanSeek ? stream.Position : 0;
        var header = CompressedPlyHeader.Read(stream, source);
        var chunk = header.Find("chunk") ?? throw new InvalidMediaException(source, 0, "a compressed PLY needs an element 'chunk'");
        var vertex = header.Find("vertex") ?? throw new InvalidMediaException(source, 0, "a compressed PLY needs an element 'vertex'");
        var sh = header.Find("sh");
        var count = vertex.Count;
        if (count > options.MaxSplats)
            throw new InvalidMediaException(source, 0, $"the file declares {count:N0} splats, more than the limit of {options.MaxSplats:N0}");
        var chunkCount = (count + CompressedPlyPacking.ChunkSize - 1) / CompressedPlyPacking.ChunkSize;
        if (chunk.Count != chunkCount)
            throw new InvalidMediaException(source, 0, $"{count:N0} splats need {chunkCount:N0} chunks, the header declares {chunk.Count:N0}");

        // Bound columns by name (any order); colour bounds are optional (older files store colour directly).
        var boundOffsets = new int[ChunkBoundNames.Length];
        var hasColourBounds = chunk.Find("min_r") is not null;
        for (var i = 0; i < ChunkBoundNames.Length; i++)
        {
            var p = chunk.Find(ChunkBoundNames[i]);
            if (p is null && (i < 12 || hasColourBounds))
                throw new InvalidMediaException(source, 0, $"element 'chunk' lacks float property '{ChunkBoundNames[i]}'");
            if (p is not null && !p.IsFloat32)
                throw new InvalidMediaException(source, 0, $"chunk property '{p.Name}' must be float, not {p.Type}");
            boundOffsets[i] = p?.Offset ?? -1;
        }
        var packedOffsets = new int[4];
        for (var i = 0; i < 4; i++)
        {
            var p = vertex.Find(PackedNames[i]) ?? throw new InvalidMediaException(source, 0, $"element 'vertex' lacks property '{PackedNames[i]}'");
            if (!p.IsInt32)
                throw new InvalidMediaException(source, 0, $"vertex property '{p.Name}' must be a 32-bit integer, not {p.Type}");
            packedOffsets[i] = p.Offset;
        }

        var shDegree = 0;
        int[] shOffsets = [];
        if (sh is not null && sh.Properties.Count > 0)
        {
            if (sh.Count != count)
                throw new InvalidMediaException(source, 0, $"element 'sh' has {sh.Count:N0} rows for {count:N0} splats");
            shDegree = sh.Properties.Count switch
            {
                9 => 1,
                24 => 2,
                45 => 3,
                _ => throw new InvalidMediaException(source, 0, $"element 'sh' has {sh.Properties.Count} coefficients; 9, 24 or 45 are valid (SH degree 1 to 3)"),
            };
            shOffsets = new int[sh.Properties.Count];
            for (var k = 0; k < shOffsets.Length; k++)
            {
                var name = "f_rest_" + k.ToString(CultureInfo.InvariantCulture);
                var p = sh.Find(name) ?? throw new InvalidMediaException(source, 0, $"element 'sh' lacks property '{name}'");
                if (!p.IsUInt8)
                    throw new InvalidMediaException(source, 0, $"sh property '{name}' must be uchar, not {p.Type}");
                shOffsets[k] = p.Offset;
            }
        }

        var last = header.Elements[^1];
        var dataEnd = header.OffsetOf(last) + ((long)last.Count * last.RowBytes);
        if (stream.CanSeek && stream.Length - start < dataEnd)
            throw new InvalidMediaException(source, stream.Length - start, $"the header declares {dataEnd:N0} bytes, the file has {stream.Length - start:N0}");

        var cloud = GaussianCloud.Create(count, shDegree, null, options.Budget);
        var bounds = new float[chunkCount * CompressedPlyPacking.ChunkFloats];
        var boundsRead = false;
        var position = header.HeaderBytes;
        foreach (var element in header.Elements)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ReferenceEquals(element, chunk))
            {
                ReadChunks(stream, source, position, chunk, boundOffsets, bounds);
                boundsRead = true;
            }
            else if (ReferenceEquals(element, vertex))
            {
                if (!boundsRead)
                    throw new UnsupportedFormatException($"{source}: element 'vertex' comes before element 'chunk'; this reader needs the bounds first.");
                ReadVertices(stream, source, position, vertex, packedOffsets, bounds, cloud, cancellationToken);
            }
            else if (ReferenceEquals(element, sh) && shDegree > 0)
            {
                ReadSh(stream, source, position, sh, shOffsets, cloud, cancellationToken);
            }
            else
            {
                Skip(stream, source, position, (long)element.Count * element.RowBytes);
            }
            position += (long)element.Count * element.RowBytes;
        }
        return cloud;
    }

    private static void ReadChunks(Stream stream, string source, long offset, CompressedPlyHeader.Element chunk, int[] boundOffsets, float[] bounds)
    {
        var rows = new byte[(long)chunk.Count * chunk.RowBytes];
        ReadExactly(stream, source, offset, rows);
        for (var c = 0; c < chunk.Count; c++)
        {
            var row = rows.AsSpan(c * chunk.RowBytes, chunk.RowBytes);
            for (var i = 0; i < CompressedPlyPacking.ChunkFloats; i++)
            {
                // Without colour bounds the packed colour is the colour itself: bounds 0..1.
                bounds[(c * CompressedPlyPacking.ChunkFloats) + i] = boundOffsets[i] < 0
                    ? (i >= 15 ? 1 : 0)
                    : BinaryPrimitives.ReadSingleLittleEndian(row[boundOffsets[i]..]);
            }
        }
    }

    private static void ReadVertices(Stream stream, string source, long offset, CompressedPlyHeader.Element vertex, int[] packedOffsets, float[] bounds, GaussianCloud cloud, CancellationToken cancellationToken)
    {
        var rowBytes = vertex.RowBytes;
        var buffer = ArrayPool<byte>.Shared.Rent(BlockRows * rowBytes);
        try
        {
            Span<float> q = stackalloc float[4];
            for (var first = 0; first < vertex.Count; first += BlockRows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rows = Math.Min(BlockRows, vertex.Count - first);
                var block = buffer.AsSpan(0, rows * rowBytes);
                ReadExactly(stream, source, offset + ((long)first * rowBytes), block);
                for (var r = 0; r < rows; r++)
                {
                    var i = first + r;
                    var row = block.Slice(r * rowBytes, rowBytes);
                    var b = bounds.AsSpan((i / CompressedPlyPacking.ChunkSize) * CompressedPlyPacking.ChunkFloats, CompressedPlyPacking.ChunkFloats);
                    var pp = BinaryPrimitives.ReadUInt32LittleEndian(row[packedOffsets[0]..]);
                    var pr = BinaryPrimitives.ReadUInt32LittleEndian(row[packedOffsets[1]..]);
                    var ps = BinaryPrimitives.ReadUInt32LittleEndian(row[packedOffsets[2]..]);
                    var pc = BinaryPrimitives.ReadUInt32LittleEndian(row[packedOffsets[3]..]);
                    cloud.X[i] = CompressedPlyPacking.Lerp(b[0], b[3], CompressedPlyPacking.UnpackUnorm(pp >> 21, 11));
                    cloud.Y[i] = CompressedPlyPacking.Lerp(b[1], b[4], CompressedPlyPacking.UnpackUnorm(pp >> 11, 10));
                    cloud.Z[i] = CompressedPlyPacking.Lerp(b[2], b[5], CompressedPlyPacking.UnpackUnorm(pp, 11));
                    CompressedPlyPacking.UnpackRotation(pr, q);
                    cloud.RotationW[i] = q[0];
                    cloud.RotationX[i] = q[1];
                    cloud.RotationY[i] = q[2];
                    cloud.RotationZ[i] = q[3];
                    cloud.ScaleX[i] = CompressedPlyPacking.Lerp(b[6], b[9], CompressedPlyPacking.UnpackUnorm(ps >> 21, 11));
                    cloud.ScaleY[i] = CompressedPlyPacking.Lerp(b[7], b[10], CompressedPlyPacking.UnpackUnorm(ps >> 11, 10));
                    cloud.ScaleZ[i] = CompressedPlyPacking.Lerp(b[8], b[11], CompressedPlyPacking.UnpackUnorm(ps, 11));
                    for (var c = 0; c < 3; c++)
                    {
                        var colour = CompressedPlyPacking.Lerp(b[12 + c], b[15 + c], CompressedPlyPacking.UnpackUnorm(pc >> (24 - (8 * c)), 8));
                        cloud.ShDc(c)[i] = (colour - 0.5f) / GaussianCloud.ShC0;
                    }
                    cloud.Opacity[i] = CompressedPlyPacking.AlphaToLogit(CompressedPlyPacking.UnpackUnorm(pc, 8));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void ReadSh(Stream stream, string source, long offset, CompressedPlyHeader.Element sh, int[] shOffsets, GaussianCloud cloud, CancellationToken cancellationToken)
    {
        var rowBytes = sh.RowBytes;
        var planes = cloud.Planes;
        var firstPlane = 14;
        var buffer = ArrayPool<byte>.Shared.Rent(BlockRows * rowBytes);
        try
        {
            for (var first = 0; first < sh.Count; first += BlockRows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rows = Math.Min(BlockRows, sh.Count - first);
                var block = buffer.AsSpan(0, rows * rowBytes);
                ReadExactly(stream, source, offset + ((long)first * rowBytes), block);
                // f_rest_k is channel-major (k = channel x rest + coefficient), the cloud's plane order.
                for (var k = 0; k < shOffsets.Length; k++)
                {
                    var plane = planes[firstPlane + k];
                    var column = shOffsets[k];
                    for (var r = 0; r < rows; r++)
                        plane[first + r] = CompressedPlyPacking.UnpackSh(block[(r * rowBytes) + column]);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Skip(Stream stream, string source, long offset, long bytes)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            while (bytes > 0)
            {
                var n = (int)Math.Min(bytes, scratch.Length);
                ReadExactly(stream, source, offset, scratch.AsSpan(0, n));
                offset += n;
                bytes -= n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static void ReadExactly(Stream stream, string source, long offset, Span<byte> target)
    {
        var done = 0;
        while (done < target.Length)
        {
            var n = stream.Read(target[done..]);
            if (n == 0)
                throw new InvalidMediaException(source, offset + done, $"the file ends {target.Length - done:N0} bytes early");
            done += n;
        }
    }

    /// <inheritdoc/>
    public void Write(GaussianCloud cloud, Stream stream, SplatWriteOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        var budget = options.Budget ?? ComputeBudget.Default;
        var count = cloud.Count;
        var restTotal = 3 * cloud.ShRestCount;
        var chunkCount = (count + CompressedPlyPacking.ChunkSize - 1) / CompressedPlyPacking.ChunkSize;
        budget.EnsureAllocation(((long)count * (16 + restTotal + 8)) + ((long)chunkCount * CompressedPlyPacking.ChunkFloats * 4), "compressed PLY output buffers");

        var order = PlayCanvasMortonOrder.Compute(cloud);
        var chunkBytes = new byte[chunkCount * CompressedPlyPacking.ChunkFloats * 4];
        var vertexBytes = new byte[(long)count * 16];
        var shBytes = new byte[(long)count * restTotal];
        Parallel.For(0, chunkCount, budget.ToParallelOptions(cancellationToken), c =>
        {
            var first = c * CompressedPlyPacking.ChunkSize;
            var indices = order.AsSpan(first, Math.Min(CompressedPlyPacking.ChunkSize, count - first));
            PackChunk(cloud, indices, chunkBytes.AsSpan(c * CompressedPlyPacking.ChunkFloats * 4, CompressedPlyPacking.ChunkFloats * 4), vertexBytes.AsSpan(first * 16, indices.Length * 16));
            if (restTotal > 0)
            {
                var planes = cloud.Planes;
                var sh = shBytes.AsSpan(first * restTotal, indices.Length * restTotal);
                for (var j = 0; j < indices.Length; j++)
                {
                    for (var k = 0; k < restTotal; k++)
                        sh[(j * restTotal) + k] = CompressedPlyPacking.PackSh(planes[14 + k][indices[j]]);
                }
            }
        });

        var header = new StringBuilder();
        header.Append("ply\nformat binary_little_endian 1.0\ncomment Generated by Augment.Splat\n");
        header.Append(CultureInfo.InvariantCulture, $"element chunk {chunkCount}\n");
        foreach (var name in ChunkBoundNames)
            header.Append("property float ").Append(name).Append('\n');
        header.Append(CultureInfo.InvariantCulture, $"element vertex {count}\n");
        foreach (var name in PackedNames)
            header.Append("property uint ").Append(name).Append('\n');
        if (restTotal > 0)
        {
            header.Append(CultureInfo.InvariantCulture, $"element sh {count}\n");
            for (var k = 0; k < restTotal; k++)
                header.Append(CultureInfo.InvariantCulture, $"property uchar f_rest_{k}\n");
        }
        header.Append("end_header\n");
        stream.Write(Encoding.ASCII.GetBytes(header.ToString()));
        stream.Write(chunkBytes);
        stream.Write(vertexBytes);
        stream.Write(shBytes);
    }

    private static void PackChunk(GaussianCloud cloud, ReadOnlySpan<int> indices, Span<byte> chunkRow, Span<byte> vertexRows)
    {
        Span<float> colour = stackalloc float[CompressedPlyPacking.ChunkSize * 3];
        for (var j = 0; j < indices.Length; j++)
        {
            for (var c = 0; c < 3; c++)
                colour[(c * CompressedPlyPacking.ChunkSize) + j] = 0.5f + (GaussianCloud.ShC0 * cloud.ShDc(c)[indices[j]]);
        }
        Span<float> b = stackalloc float[CompressedPlyPacking.ChunkFloats];
        MinMax(cloud.X, indices, out b[0], out b[3]);
        MinMax(cloud.Y, indices, out b[1], out b[4]);
        MinMax(cloud.Z, indices, out b[2], out b[5]);
        MinMax(cloud.ScaleX, indices, out b[6], out b[9]);
        MinMax(cloud.ScaleY, indices, out b[7], out b[10]);
        MinMax(cloud.ScaleZ, indices, out b[8], out b[11]);
        // Scales can be +-infinity in the wild; splat-transform clamps the chunk's scale range to [-20, 20].
        for (var i = 6; i < 12; i++)
            b[i] = Math.Clamp(b[i], -20f, 20f);
        for (var c = 0; c < 3; c++)
            MinMaxDirect(colour.Slice(c * CompressedPlyPacking.ChunkSize, indices.Length), out b[12 + c], out b[15 + c]);
        for (var i = 0; i < CompressedPlyPacking.ChunkFloats; i++)
            BinaryPrimitives.WriteSingleLittleEndian(chunkRow[(i * 4)..], b[i]);

        for (var j = 0; j < indices.Length; j++)
        {
            var s = indices[j];
            var position = CompressedPlyPacking.Pack111011(
                CompressedPlyPacking.Normalise(cloud.X[s], b[0], b[3]),
                CompressedPlyPacking.Normalise(cloud.Y[s], b[1], b[4]),
                CompressedPlyPacking.Normalise(cloud.Z[s], b[2], b[5]));
            var rotation = CompressedPlyPacking.PackRotation(cloud.RotationW[s], cloud.RotationX[s], cloud.RotationY[s], cloud.RotationZ[s]);
            var scale = CompressedPlyPacking.Pack111011(
                CompressedPlyPacking.Normalise(cloud.ScaleX[s], b[6], b[9]),
                CompressedPlyPacking.Normalise(cloud.ScaleY[s], b[7], b[10]),
                CompressedPlyPacking.Normalise(cloud.ScaleZ[s], b[8], b[11]));
            var packedColour = CompressedPlyPacking.Pack8888(
                CompressedPlyPacking.Normalise(colour[j], b[12], b[15]),
                CompressedPlyPacking.Normalise(colour[CompressedPlyPacking.ChunkSize + j], b[13], b[16]),
                CompressedPlyPacking.Normalise(colour[(2 * CompressedPlyPacking.ChunkSize) + j], b[14], b[17]),
                CompressedPlyPacking.Sigmoid(cloud.Opacity[s]));
            var row = vertexRows.Slice(j * 16, 16);
            BinaryPrimitives.WriteUInt32LittleEndian(row, position);
            BinaryPrimitives.WriteUInt32LittleEndian(row[4..], rotation);
            BinaryPrimitives.WriteUInt32LittleEndian(row[8..], scale);
            BinaryPrimitives.WriteUInt32LittleEndian(row[12..], packedColour);
        }
    }

    /// <summary>Min and max over the chunk's splats, ignoring non-finite values (0, 0 when none is finite).</summary>
    private static void MinMax(ReadOnlySpan<float> plane, ReadOnlySpan<int> indices, out float min, out float max)
    {
        min = float.PositiveInfinity;
        max = float.NegativeInfinity;
        foreach (var i in indices)
        {
            var v = plane[i];
            if (!float.IsFinite(v))
                continue;
            min = MathF.Min(min, v);
            max = MathF.Max(max, v);
        }
        if (min > max)
            (min, max) = (0, 0);
    }

    private static void MinMaxDirect(ReadOnlySpan<float> values, out float min, out float max)
    {
        min = float.PositiveInfinity;
        max = float.NegativeInfinity;
        foreach (var v in values)
        {
            if (!float.IsFinite(v))
                continue;
            min = MathF.Min(min, v);
            max = MathF.Max(max, v);
        }
        if (min > max)
            (min, max) = (0, 0);
    }
}
