using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Augment.Splat.Tests.Formats.Ply;

/// <summary>An independent, test-side PLY builder and reader (BinaryReader over the raw bytes) to check the codec against.</summary>
internal static class PlyTestFiles
{
    public static string DataPath(string relative) => Path.Combine(AppContext.BaseDirectory, "Data", relative);

    /// <summary>Builds a PLY with one vertex element; <paramref name="value"/>(row, property) gives each value.</summary>
    public static byte[] Build(string format, IReadOnlyList<(string Type, string Name)> properties, int rows, Func<int, int, double> value, string preamble = "", byte[]? preBody = null)
    {
        var header = new StringBuilder();
        header.Append("ply\nformat ").Append(format).Append(" 1.0\ncomment test\n").Append(preamble);
        header.Append(CultureInfo.InvariantCulture, $"element vertex {rows}\n");
        foreach (var (type, name) in properties)
            header.Append(CultureInfo.InvariantCulture, $"property {type} {name}\n");
        header.Append("end_header\n");
        using var body = new MemoryStream();
        body.Write(Encoding.ASCII.GetBytes(header.ToString()));
        if (preBody is not null)
            body.Write(preBody);
        var big = format == "binary_big_endian";
        var b = new byte[8];
        for (var r = 0; r < rows; r++)
        {
            for (var p = 0; p < properties.Count; p++)
            {
                var v = value(r, p);
                if (format == "ascii")
                {
                    body.Write(Encoding.ASCII.GetBytes((p > 0 ? " " : "") + Format(properties[p].Type, v)));
                    continue;
                }
                var size = 0;
                switch (properties[p].Type)
                {
                    case "uchar": b[0] = (byte)v; size = 1; break;
                    case "char": b[0] = (byte)(sbyte)v; size = 1; break;
                    case "short": size = 2; if (big) BinaryPrimitives.WriteInt16BigEndian(b, (short)v); else BinaryPrimitives.WriteInt16LittleEndian(b, (short)v); break;
                    case "ushort": size = 2; if (big) BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)v); else BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)v); break;
                    case "int": size = 4; if (big) BinaryPrimitives.WriteInt32BigEndian(b, (int)v); else BinaryPrimitives.WriteInt32LittleEndian(b, (int)v); break;
                    case "uint": size = 4; if (big) BinaryPrimitives.WriteUInt32BigEndian(b, (uint)v); else BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)v); break;
                    case "float": size = 4; if (big) BinaryPrimitives.WriteSingleBigEndian(b, (float)v); else BinaryPrimitives.WriteSingleLittleEndian(b, (float)v); break;
                    case "double": size = 8; if (big) BinaryPrimitives.WriteDoubleBigEndian(b, v); else BinaryPrimitives.WriteDoubleLittleEndian(b, v); break;
                    default: throw new ArgumentException(properties[p].Type);
                }
                body.Write(b, 0, size);
            }
            if (format == "ascii")
                body.WriteByte((byte)'\n');
        }
        return body.ToArray();
    }

    private static string Format(string type, double v) => type switch
    {
        "float" => ((float)v).ToString("R", CultureInfo.InvariantCulture),
        "double" => v.ToString("R", CultureInfo.InvariantCulture),
        _ => ((long)v).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Reads an all-float little-endian PLY by hand: property names and a [row][property] table.</summary>
    public static (string[] Names, float[][] Rows) ReadFloatPlyByHand(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        var names = new List<string>();
        var count = 0;
        while (true)
        {
            var line = ReadLine(reader);
            if (line == "end_header")
                break;
            var words = line.Split(' ');
            if (words[0] == "element")
                count = int.Parse(words[2], CultureInfo.InvariantCulture);
            else if (words[0] == "property")
                names.Add(words[2]);
        }
        var rows = new float[count][];
        for (var r = 0; r < count; r++)
        {
            rows[r] = new float[names.Count];
            for (var p = 0; p < names.Count; p++)
                rows[r][p] = reader.ReadSingle();
        }
        return ([.. names], rows);
    }

    private static string ReadLine(BinaryReader reader)
    {
        var text = new StringBuilder();
        char c;
        while ((c = (char)reader.ReadByte()) != '\n')
            text.Append(c);
        return text.ToString();
    }

    /// <summary>A random cloud with every attribute set (and the given extras).</summary>
    public static GaussianCloud RandomCloud(int count, int shDegree, string[] extras, int seed)
    {
        var random = new Random(seed);
        var cloud = GaussianCloud.Create(count, shDegree, extras);
        foreach (var plane in cloud.Planes)
        {
            for (var i = 0; i < plane.Length; i++)
                plane[i] = (float)((random.NextDouble() * 20) - 10) * MathF.Pow(10, random.Next(-6, 4));
        }
        return cloud;
    }

    /// <summary>Asserts two clouds hold the same bits in every plane (NaN payloads aside).</summary>
    public static void AssertBitEqual(GaussianCloud expected, GaussianCloud actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.ShDegree, actual.ShDegree);
        Assert.Equal(expected.ExtraNames, actual.ExtraNames);
        for (var p = 0; p < expected.Planes.Length; p++)
        {
            for (var i = 0; i < expected.Count; i++)
            {
                var e = expected.Planes[p][i];
                var a = actual.Planes[p][i];
                if (float.IsNaN(e) && float.IsNaN(a))
                    continue;
                Assert.True(BitConverter.SingleToInt32Bits(e) == BitConverter.SingleToInt32Bits(a), $"plane {p} splat {i}: expected {e:R}, got {a:R}");
            }
        }
    }
}
