using System.Globalization;
using System.Text;

namespace Augment.Splat;

/// <summary>A parsed PLY header: the body encoding and the elements in file order.</summary>
internal sealed class PlyHeader
{
    private const int MaxLineBytes = 4096;
    private const int MaxHeaderBytes = 1 << 20;
    private const int MaxProperties = 4096;

    private PlyHeader(PlyEncoding encoding, List<PlyElement> elements, long bodyOffset)
    {
        Encoding = encoding;
        Elements = elements;
        BodyOffset = bodyOffset;
    }

    /// <summary>Binary little/big endian or ASCII.</summary>
    public PlyEncoding Encoding { get; }

    /// <summary>The elements in file order.</summary>
    public IReadOnlyList<PlyElement> Elements { get; }

    /// <summary>Offset of the first body byte (just after <c>end_header</c>).</summary>
    public long BodyOffset { get; }

    /// <summary>The element called <paramref name="name"/>, or null.</summary>
    public PlyElement? Find(string name)
    {
        foreach (var element in Elements)
        {
            if (element.Name == name)
                return element;
        }
        return null;
    }

    /// <summary>Whether <paramref name="head"/> starts like a PLY file (<c>ply</c> then a line break).</summary>
    public static bool LooksLikePly(ReadOnlySpan<byte> head) =>
        head.StartsWith("ply\n"u8) || head.StartsWith("ply\r\n"u8);

    /// <summary>Reads the header through <c>end_header</c>; the reader is left at the first body byte.</summary>
    /// <exception cref="InvalidMediaException">The header is malformed or lies.</exception>
    public static PlyHeader Read(PlyStreamReader reader)
    {
        var source = reader.Source;
        if (!reader.TryReadLine(MaxLineBytes, out var magic, out _) || !magic.SequenceEqual("ply"u8))
            throw new InvalidMediaException(source, 0, "not a PLY file (the first line is not 'ply')");
        PlyEncoding? encoding = null;
        var elements = new List<PlyElement>();
        var propertyCount = 0;
        while (true)
        {
            if (!reader.TryReadLine(MaxLineBytes, out var lineBytes, out var offset))
                throw new InvalidMediaException(source, reader.Position, "the file ends inside the header (no 'end_header')");
            if (offset > MaxHeaderBytes)
                throw new InvalidMediaException(source, offset, $"the header is longer than {MaxHeaderBytes} bytes");
            var line = System.Text.Encoding.ASCII.GetString(lineBytes);
            var words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
                continue;
            switch (words[0])
            {
                case "end_header":
                    if (encoding is null)
                        throw new InvalidMediaException(source, offset, "the header has no 'format' line");
                    return new PlyHeader(encoding.Value, elements, reader.Position);
                case "comment" or "obj_info":
                    break;
                case "format":
                    if (encoding is not null)
                        throw new InvalidMediaException(source, offset, "the header has two 'format' lines");
                    if (words.Length != 3 || words[2] != "1.0")
                        throw new InvalidMediaException(source, offset, $"unsupported format line '{line}' (expected version 1.0)");
                    encoding = words[1] switch
                    {
                        "binary_little_endian" => PlyEncoding.BinaryLittleEndian,
                        "binary_big_endian" => PlyEncoding.BinaryBigEndian,
                        "ascii" => PlyEncoding.Ascii,
                        _ => throw new InvalidMediaException(source, offset, $"unknown PLY encoding '{words[1]}'"),
                    };
                    break;
                case "element":
                    if (words.Length != 3)
                        throw new InvalidMediaException(source, offset, $"malformed element line '{line}'");
                    if (!long.TryParse(words[2], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                        throw new InvalidMediaException(source, offset, $"element '{words[1]}' has an invalid count '{words[2]}'");
                    foreach (var e in elements)
                    {
                        if (e.Name == words[1])
                            throw new InvalidMediaException(source, offset, $"element '{words[1]}' is declared twice");
                    }
                    elements.Add(new PlyElement(words[1], count, offset));
                    break;
                case "property":
                    if (elements.Count == 0)
                        throw new InvalidMediaException(source, offset, "a property line comes before any element");
                    if (++propertyCount > MaxProperties)
                        throw new InvalidMediaException(source, offset, $"the header declares more than {MaxProperties} properties");
                    elements[^1].Properties.Add(ParseProperty(source, offset, line, words, elements[^1]));
                    break;
                default:
                    throw new InvalidMediaException(source, offset, $"unknown header line '{Shorten(line)}'");
            }
        }
    }

    private static PlyProperty ParseProperty(string source, long offset, string line, string[] words, PlyElement element)
    {
        PlyProperty property;
        if (words.Length == 5 && words[1] == "list")
        {
            if (!PlyTypes.TryParse(words[2], out var countType) || !PlyTypes.TryParse(words[3], out var itemType))
                throw new InvalidMediaException(source, offset, $"unknown type in '{line}'");
            if (countType is PlyScalarType.Float32 or PlyScalarType.Float64)
                throw new InvalidMediaException(source, offset, $"a list count cannot be a floating-point type ('{line}')");
            property = new PlyProperty(words[4], itemType, true, countType, offset);
        }
        else if (words.Length == 3)
        {
            if (!PlyTypes.TryParse(words[1], out var type))
                throw new InvalidMediaException(source, offset, $"unknown property type '{words[1]}'");
            property = new PlyProperty(words[2], type, false, default, offset);
        }
        else
        {
            throw new InvalidMediaException(source, offset, $"malformed property line '{Shorten(line)}'");
        }
        foreach (var p in element.Properties)
        {
            if (p.Name == property.Name)
                throw new InvalidMediaException(source, offset, $"property '{property.Name}' of element '{element.Name}' is declared twice");
        }
        return property;
    }

    private static string Shorten(string line) => line.Length <= 80 ? line : string.Concat(line.AsSpan(0, 80), "...");

    /// <summary>Writes a header for one vertex element of float properties.</summary>
    public static byte[] Format(PlyEncoding encoding, int count, IReadOnlyList<string> propertyNames)
    {
        var text = new StringBuilder();
        text.Append("ply\nformat ").Append(encoding switch
        {
            PlyEncoding.BinaryLittleEndian => "binary_little_endian",
            PlyEncoding.BinaryBigEndian => "binary_big_endian",
            _ => "ascii",
        }).Append(" 1.0\n");
        text.Append("comment written by Augment\n");
        text.Append(CultureInfo.InvariantCulture, $"element vertex {count}\n");
        foreach (var name in propertyNames)
            text.Append("property float ").Append(name).Append('\n');
        text.Append("end_header\n");
        return System.Text.Encoding.ASCII.GetBytes(text.ToString());
    }
}
