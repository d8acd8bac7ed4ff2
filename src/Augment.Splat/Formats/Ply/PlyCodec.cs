namespace Augment.Splat;

/// <summary>
/// The 3DGS reference PLY: a <c>vertex</c> element whose float properties are named <c>x y z</c>,
/// <c>scale_0..2</c> (log), <c>rot_0..3</c> (w first), <c>opacity</c> (logit), <c>f_dc_0..2</c> and
/// <c>f_rest_*</c> (0, 9, 24 or 45 of them for SH degree 0 to 3). Any property order, any PLY encoding and
/// scalar type; other properties become extras; other elements are skipped. A file with a <c>chunk</c>
/// element is PlayCanvas's compressed PLY and belongs to that codec. Binary rows from a <see cref="FileStream"/> are
/// read with positioned reads and decoded on every core the budget allows; other streams are read in order while
/// the decoding runs in parallel.
/// </summary>
internal sealed class PlyCodec : ISplatCodec
{
    /// <inheritdoc/>
    public SplatFormat Format => SplatFormat.Ply;

    /// <inheritdoc/>
    public bool CanWrite => true;

    /// <inheritdoc/>
    public bool Sniff(ReadOnlySpan<byte> head) =>
        PlyHeader.LooksLikePly(head) && head.IndexOf("element chunk"u8) < 0;

    /// <inheritdoc/>
    public GaussianCloud Read(Stream stream, string source, SplatReadOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        long? available = null;
        long start = 0;
        if (stream.CanSeek)
        {
            start = stream.Position;
            available = stream.Length - start;
        }
        using var reader = new PlyStreamReader(stream, source);
        var header = PlyHeader.Read(reader);
        var vertex = header.Find("vertex") ?? throw new InvalidMediaException(source, header.BodyOffset, "the PLY has no 'vertex' element");
        var layout = PlyVertexLayout.Create(vertex, source);
        if (vertex.Count > options.MaxSplats)
            throw new InvalidMediaException(source, vertex.HeaderOffset, $"the vertex element declares {vertex.Count:N0} splats, more than the limit of {options.MaxSplats:N0} (SplatReadOptions.MaxSplats)");
        CheckDeclaredSizes(header, vertex, available, source);
        var count = (int)vertex.Count;
        foreach (var element in header.Elements)
        {
            if (ReferenceEquals(element, vertex))
                break;
            PlyVertexDecoder.SkipElement(reader, element, header.Encoding, cancellationToken);
        }
        // Every plane is written below (by the rows or the defaults), so the first write is the decode itself.
        var cloud = GaussianCloud.CreateUninitialized(count, layout.ShDegree, layout.ExtraNames, options.Budget);
        var budget = options.Budget ?? ComputeBudget.Default;
        if (header.Encoding == PlyEncoding.Ascii)
        {
            PlyVertexDecoder.ReadAscii(reader, vertex, layout.Targets, cloud.Planes, count, cancellationToken);
        }
        else
        {
            var rows = new PlyBinaryRows(vertex, header.Encoding == PlyEncoding.BinaryBigEndian, layout.Targets);
            // A plain file (not a subclass that may transform what Read returns): positioned reads in parallel, past
            // the stream's buffer. The stream is left after the rows, where a stream read leaves it.
            if (stream.GetType() == typeof(FileStream) && stream is FileStream { CanSeek: true, CanRead: true } file)
            {
                var body = reader.Position;
                PlyVertexDecoder.ReadBinary(file.SafeFileHandle, start + body, source, body, rows, cloud.Planes, count, budget, cancellationToken);
                file.Position = start + body + ((long)count * rows.RowBytes);
            }
            else
            {
                PlyVertexDecoder.ReadBinary(reader, rows, cloud.Planes, count, budget, cancellationToken);
            }
        }
        layout.FillDefaults(cloud.Planes);
        return cloud;
    }

    /// <inheritdoc/>
    public void Write(GaussianCloud cloud, Stream stream, SplatWriteOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        Write(cloud, stream, options.PlyAscii ? PlyEncoding.Ascii : PlyEncoding.BinaryLittleEndian, cancellationToken);
    }

    /// <summary>Writes <paramref name="cloud"/> in any PLY encoding (big endian is for tests and old tools).</summary>
    internal static void Write(GaussianCloud cloud, Stream stream, PlyEncoding encoding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        ArgumentNullException.ThrowIfNull(stream);
        var (names, order) = PlyVertexEncoder.StandardOrder(cloud);
        stream.Write(PlyHeader.Format(encoding, cloud.Count, names));
        if (encoding == PlyEncoding.Ascii)
            PlyVertexEncoder.WriteAscii(stream, cloud.Planes, order, cloud.Count, cancellationToken);
        else
            PlyVertexEncoder.WriteBinary(stream, cloud.Planes, order, cloud.Count, encoding == PlyEncoding.BinaryBigEndian, cancellationToken);
    }

    /// <summary>
    /// Refuses counts the stream cannot hold before anything is allocated: binary rows have a fixed minimum size,
    /// an ASCII value takes at least two bytes (a digit and a separator).
    /// </summary>
    private static void CheckDeclaredSizes(PlyHeader header, PlyElement vertex, long? available, string source)
    {
        if (vertex.Count > int.MaxValue)
            throw new InvalidMediaException(source, vertex.HeaderOffset, $"the vertex element declares {vertex.Count:N0} splats, more than a cloud can hold");
        // Decimal cannot overflow for these magnitudes (counts < 2^63, row sizes < 2^17).
        decimal needed = 0;
        foreach (var element in header.Elements)
        {
            decimal rowBytes = header.Encoding == PlyEncoding.Ascii ? 2 * element.Properties.Count : element.FixedRowBytes;
            var bytes = element.Count * rowBytes;
            if (bytes > long.MaxValue)
                throw new InvalidMediaException(source, element.HeaderOffset, $"element '{element.Name}' declares {element.Count:N0} rows, more than any file can hold");
            needed += bytes;
            if (ReferenceEquals(element, vertex))
                break;
        }
        if (header.Encoding == PlyEncoding.Ascii && needed > 0)
            needed--; // the last value needs no separator
        if (available is { } total && needed > total - header.BodyOffset)
        {
            throw new InvalidMediaException(source, vertex.HeaderOffset,
                $"the header declares {vertex.Count:N0} vertices needing at least {needed:N0} bytes, but only {Math.Max(0, total - header.BodyOffset):N0} bytes follow the header");
        }
    }
}
