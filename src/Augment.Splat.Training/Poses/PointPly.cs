using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Augment.Splat.Training;

/// <summary>
/// The plain point-cloud PLY that nerfstudio writes beside transforms.json (<c>ply_file_path</c>): a vertex element with
/// x, y, z and optional red, green, blue (PLY format, Turk 1994; ascii or binary_little_endian). Writes binary
/// little-endian float x y z and uchar colours.
/// </summary>
internal static class PointPly
{
    private const int MaxPoints = 50_000_000;
    private const int MaxHeaderLines = 1000;

    public static List<SparsePoint> Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var header = new List<string>();
        var line = new StringBuilder();
        while (true)
        {
            var b = stream.ReadByte();
            if (b < 0)
                throw new InvalidMediaException(path, stream.Position, "truncated: the PLY header has no end_header.");
            if (b == '\n')
            {
                var headerLine = line.ToString().TrimEnd('\r').Trim();
                line.Clear();
                header.Add(headerLine);
                if (headerLine == "end_header")
                    break;
                if (header.Count > MaxHeaderLines)
                    throw new InvalidMediaException(path, stream.Position, $"the PLY header is longer than {MaxHeaderLines} lines.");
                continue;
            }
            if (line.Length > 4096)
                throw new InvalidMediaException(path, stream.Position, "a PLY header line is longer than 4096 bytes.");
            line.Append((char)b);
        }
        if (header[0] != "ply")
            throw new InvalidMediaException(path, 0, "not a PLY file (no 'ply' magic).");
        var binary = false;
        var vertices = -1L;
        var properties = new List<(string Type, string Name)>();
        var inVertex = false;
        foreach (var h in header)
        {
            var t = h.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (t.Length == 0)
                continue;
            switch (t[0])
            {
                case "format":
                    binary = t.Length > 1 && t[1] switch
                    {
                        "ascii" => false,
                        "binary_little_endian" => true,
                        _ => throw new InvalidMediaException(path, 0, $"PLY format '{t[1]}' is not supported (ascii or binary_little_endian)."),
                    };
                    break;
                case "element":
                    inVertex = t.Length == 3 && t[1] == "vertex";
                    if (inVertex && (!long.TryParse(t[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out vertices) || vertices < 0 || vertices > MaxPoints))
                        throw new InvalidMediaException(path, 0, $"PLY vertex count '{t[2]}' is not 0..{MaxPoints}.");
                    else if (!inVertex && vertices < 0)
                        throw new InvalidMediaException(path, 0, $"PLY element '{t[1]}' comes before the vertices, which is not supported.");
                    break;
                case "property" when inVertex:
                    if (t.Length != 3 || SizeOf(t[1]) == 0)
                        throw new InvalidMediaException(path, 0, $"PLY vertex property '{h}' is not a scalar of a known type.");
                    properties.Add((t[1], t[2]));
                    break;
            }
        }
        int ix = properties.FindIndex(p => p.Name == "x"), iy = properties.FindIndex(p => p.Name == "y"), iz = properties.FindIndex(p => p.Name == "z");
        if (vertices < 0 || ix < 0 || iy < 0 || iz < 0)
            throw new InvalidMediaException(path, 0, "the PLY file has no vertex element with x, y and z.");
        int ir = properties.FindIndex(p => p.Name is "red" or "r"), ig = properties.FindIndex(p => p.Name is "green" or "g"), ib = properties.FindIndex(p => p.Name is "blue" or "b");
        var stride = 0;
        foreach (var p in properties)
            stride += SizeOf(p.Type);
        if (binary && vertices * stride > stream.Length - stream.Position)
            throw new InvalidMediaException(path, stream.Position, $"truncated: {vertices} vertices of {stride} bytes need {vertices * stride} bytes, {stream.Length - stream.Position} are left.");
        var points = new List<SparsePoint>((int)vertices);
        var values = new double[properties.Count];
        var record = new byte[stride];
        using var text = binary ? null : new StreamReader(stream, Encoding.ASCII);
        for (var v = 0L; v < vertices; v++)
        {
            if (binary)
            {
                stream.ReadExactly(record);
                var o = 0;
                for (var p = 0; p < properties.Count; p++)
                {
                    values[p] = Decode(properties[p].Type, record.AsSpan(o));
                    o += SizeOf(properties[p].Type);
                }
            }
            else
            {
                var fields = (text!.ReadLine() ?? throw new InvalidMediaException(path, -1, $"truncated: the PLY file ends at vertex {v} of {vertices}."))
                    .Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < properties.Count)
                    throw new InvalidMediaException(path, -1, $"PLY vertex {v} has {fields.Length} values, not {properties.Count}.");
                for (var p = 0; p < properties.Count; p++)
                {
                    if (!double.TryParse(fields[p], NumberStyles.Float, CultureInfo.InvariantCulture, out values[p]))
                        throw new InvalidMediaException(path, -1, $"PLY vertex {v} value '{fields[p]}' is not a number.");
                }
            }
            var colour = ir >= 0 && ig >= 0 && ib >= 0
                ? new Vector3(Channel(values[ir], properties[ir].Type), Channel(values[ig], properties[ig].Type), Channel(values[ib], properties[ib].Type))
                : new Vector3(0.5f);
            var position = new Vector3((float)values[ix], (float)values[iy], (float)values[iz]);
            if (!float.IsFinite(position.X) || !float.IsFinite(position.Y) || !float.IsFinite(position.Z))
                throw new InvalidMediaException(path, -1, $"PLY vertex {v} is not finite.");
            points.Add(new SparsePoint(position, colour, -1));
        }
        return points;
    }

    public static void Write(string path, IReadOnlyList<SparsePoint> points)
    {
        AtomicFile.Write(path, stream =>
        {
            var header = "ply\nformat binary_little_endian 1.0\ncomment written by Augment.Splat.Training\n"
                + $"element vertex {points.Count}\nproperty float x\nproperty float y\nproperty float z\n"
                + "property uchar red\nproperty uchar green\nproperty uchar blue\nend_header\n";
            stream.Write(Encoding.ASCII.GetBytes(header));
            Span<byte> record = stackalloc byte[15];
            foreach (var p in points)
            {
                BinaryPrimitives.WriteSingleLittleEndian(record, p.Position.X);
                BinaryPrimitives.WriteSingleLittleEndian(record[4..], p.Position.Y);
                BinaryPrimitives.WriteSingleLittleEndian(record[8..], p.Position.Z);
                record[12] = (byte)Math.Clamp((int)MathF.Round(p.Colour.X * 255), 0, 255);
                record[13] = (byte)Math.Clamp((int)MathF.Round(p.Colour.Y * 255), 0, 255);
                record[14] = (byte)Math.Clamp((int)MathF.Round(p.Colour.Z * 255), 0, 255);
                stream.Write(record);
            }
        });
    }

    private static float Channel(double value, string type) => type is "float" or "float32" or "double" or "float64" ? (float)value : (float)(value / 255.0);

    private static int SizeOf(string type) => type switch
    {
        "char" or "uchar" or "int8" or "uint8" => 1,
        "short" or "ushort" or "int16" or "uint16" => 2,
        "int" or "uint" or "int32" or "uint32" or "float" or "float32" => 4,
        "double" or "float64" => 8,
        _ => 0,
    };

    private static double Decode(string type, ReadOnlySpan<byte> b) => type switch
    {
        "char" or "int8" => (sbyte)b[0],
        "uchar" or "uint8" => b[0],
        "short" or "int16" => BinaryPrimitives.ReadInt16LittleEndian(b),
        "ushort" or "uint16" => BinaryPrimitives.ReadUInt16LittleEndian(b),
        "int" or "int32" => BinaryPrimitives.ReadInt32LittleEndian(b),
        "uint" or "uint32" => BinaryPrimitives.ReadUInt32LittleEndian(b),
        "float" or "float32" => BinaryPrimitives.ReadSingleLittleEndian(b),
        _ => BinaryPrimitives.ReadDoubleLittleEndian(b),
    };
}
