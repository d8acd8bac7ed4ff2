using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Augment.Splat.Training;

/// <summary>
/// Reads a point-cloud PLY (Turk 1994 / the Stanford PLY format): the <c>vertex</c> element's x, y, z (float or double)
/// and, when present, red, green, blue (uchar); ASCII and binary little-endian. Other elements after the vertices are
/// ignored; unknown vertex properties are skipped by their declared size.
/// </summary>
internal static class PointPly
{
    public static (List<Vector3> Points, List<Vector3>? Colours) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var headerEnd = IndexOf(bytes, "end_header"u8);
        if (!bytes.AsSpan().StartsWith("ply"u8) || headerEnd < 0)
            throw new InvalidMediaException(path, 0, "not a PLY file (no 'ply' magic or end_header)");
        var newline = Array.IndexOf(bytes, (byte)'\n', headerEnd);
        if (newline < 0)
            throw new InvalidMediaException(path, headerEnd, "the PLY header does not end with a newline");
        var bodyStart = newline + 1;
        var header = Encoding.ASCII.GetString(bytes, 0, headerEnd).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        string format = "";
        var vertexCount = -1;
        var inVertex = false;
        var properties = new List<(string Name, string Type)>();
        foreach (var line in header)
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields[0] == "format" && fields.Length > 1)
                format = fields[1];
            else if (fields[0] == "element" && fields.Length > 2)
            {
                inVertex = fields[1] == "vertex";
                if (inVertex)
                    vertexCount = int.Parse(fields[2], CultureInfo.InvariantCulture);
                else if (vertexCount >= 0)
                    break;
            }
            else if (fields[0] == "property" && inVertex)
            {
                if (fields.Length != 3)
                    throw new InvalidMediaException(path, 0, $"vertex property '{line}' is not 'property <type> <name>' (lists are not supported)");
                properties.Add((fields[2], fields[1]));
            }
        }
        if (vertexCount < 0)
            throw new InvalidMediaException(path, 0, "the PLY has no vertex element");
        int ix = properties.FindIndex(p => p.Name == "x"), iy = properties.FindIndex(p => p.Name == "y"), iz = properties.FindIndex(p => p.Name == "z");
        if (ix < 0 || iy < 0 || iz < 0)
            throw new InvalidMediaException(path, 0, "the PLY's vertices have no x, y, z");
        int ir = properties.FindIndex(p => p.Name is "red" or "r"), ig = properties.FindIndex(p => p.Name is "green" or "g"), ib = properties.FindIndex(p => p.Name is "blue" or "b");
        var hasColour = ir >= 0 && ig >= 0 && ib >= 0;
        var points = new List<Vector3>(vertexCount);
        var colours = hasColour ? new List<Vector3>(vertexCount) : null;
        var values = new double[properties.Count];
        if (format == "ascii")
        {
            var lines = Encoding.ASCII.GetString(bytes, bodyStart, bytes.Length - bodyStart).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (lines.Length < vertexCount)
                throw new InvalidMediaException(path, bodyStart, $"the PLY declares {vertexCount} vertices but holds {lines.Length} lines");
            for (var v = 0; v < vertexCount; v++)
            {
                var fields = lines[v].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < properties.Count)
                    throw new InvalidMediaException(path, bodyStart, $"vertex {v} has {fields.Length} values for {properties.Count} properties");
                for (var p = 0; p < properties.Count; p++)
                    values[p] = double.Parse(fields[p], NumberStyles.Float, CultureInfo.InvariantCulture);
                Add(values);
            }
        }
        else if (format == "binary_little_endian")
        {
            var offset = bodyStart;
            for (var v = 0; v < vertexCount; v++)
            {
                for (var p = 0; p < properties.Count; p++)
                {
                    var size = SizeOf(properties[p].Type, path);
                    if (offset + size > bytes.Length)
                        throw new InvalidMediaException(path, offset, $"the PLY ends inside vertex {v} of {vertexCount}");
                    values[p] = ReadValue(bytes.AsSpan(offset, size), properties[p].Type);
                    offset += size;
                }
                Add(values);
            }
        }
        else
        {
            throw new InvalidMediaException(path, 0, $"PLY format '{format}' is not supported (ascii or binary_little_endian)");
        }
        return (points, colours);

        void Add(double[] row)
        {
            points.Add(new Vector3((float)row[ix], (float)row[iy], (float)row[iz]));
            colours?.Add(new Vector3((float)row[ir], (float)row[ig], (float)row[ib]) / 255f);
        }
    }

    private static int SizeOf(string type, string path) => type switch
    {
        "char" or "uchar" or "int8" or "uint8" => 1,
        "short" or "ushort" or "int16" or "uint16" => 2,
        "int" or "uint" or "float" or "int32" or "uint32" or "float32" => 4,
        "double" or "float64" => 8,
        _ => throw new InvalidMediaException(path, 0, $"PLY property type '{type}' is unknown"),
    };

    private static double ReadValue(ReadOnlySpan<byte> data, string type) => type switch
    {
        "char" or "int8" => (sbyte)data[0],
        "uchar" or "uint8" => data[0],
        "short" or "int16" => BinaryPrimitives.ReadInt16LittleEndian(data),
        "ushort" or "uint16" => BinaryPrimitives.ReadUInt16LittleEndian(data),
        "int" or "int32" => BinaryPrimitives.ReadInt32LittleEndian(data),
        "uint" or "uint32" => BinaryPrimitives.ReadUInt32LittleEndian(data),
        "float" or "float32" => BinaryPrimitives.ReadSingleLittleEndian(data),
        _ => BinaryPrimitives.ReadDoubleLittleEndian(data),
    };

    private static int IndexOf(byte[] bytes, ReadOnlySpan<byte> needle)
    {
        var limit = Math.Min(bytes.Length, 1 << 16);
        return bytes.AsSpan(0, limit).IndexOf(needle);
    }
}
