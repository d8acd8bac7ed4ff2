using System.Globalization;
using System.Text;

namespace Augment.Splat;

/// <summary>
/// The parsed header of a PlayCanvas compressed PLY: binary little-endian elements of fixed-size scalar properties,
/// laid out one after another in header order straight after <c>end_header</c>.
/// </summary>
internal sealed class CompressedPlyHeader
{
    private const int MaxHeaderBytes = 1 << 16;

    private CompressedPlyHeader(List<Element> elements, long headerBytes)
    {
        Elements = elements;
        HeaderBytes = headerBytes;
    }

    /// <summary>The elements, in file order.</summary>
    public IReadOnlyList<Element> Elements { get; }

    /// <summary>Bytes up to and including the <c>end_header</c> line.</summary>
    public long HeaderBytes { get; }

    /// <summary>The element called <paramref name="name"/>, or null.</summary>
    public Element? Find(string name)
    {
        foreach (var e in Elements)
        {
            if (e.Name == name)
                return e;
        }
        return null;
    }

    /// <summary>Byte offset of <paramref name="element"/>'s first row from the start of the file.</summary>
    public long OffsetOf(Element element)
    {
        var offset = HeaderBytes;
        foreach (var e in Elements)
        {
            if (ReferenceEquals(e, element))
                return offset;
            offset += e.Count * e.RowBytes;
        }
        throw new ArgumentException("The element is not part of this header.", nameof(element));
    }

    /// <summary>Whether the first <c>element</c> line visible in <paramref name="head"/> declares <c>chunk</c>.</summary>
    public static bool FirstElementIsChunk(ReadOnlySpan<byte> head)
    {
        if (!head.StartsWith("ply\n"u8) && !head.StartsWith("ply\r\n"u8))
            return false;
        var rest = head;
        while (true)
        {
            var newline = rest.IndexOf((byte)'\n');
            if (newline < 0)
                return false;
            rest = rest[(newline + 1)..];
            if (rest.StartsWith("element "u8))
                return rest[8..].StartsWith("chunk "u8);
            if (rest.StartsWith("end_header"u8))
                return false;
        }
    }

    /// <summary>Reads and parses the header; the stream is left at the first data byte.</summary>
    /// <exception cref="InvalidMediaException">The header is malformed, truncated or not a compressed PLY.</exception>
    /// <exception cref="UnsupportedFormatException">A PLY variant this reader does not handle (ASCII, big endian, list properties).</exception>
    public static CompressedPlyHeader Read(Stream stream, string source)
    {
        var bytes = new List<byte>(1024);
        var line = new StringBuilder();
        var lines = new List<(string Text, long Offset)>();
        long lineStart = 0;
        while (true)
        {
            var b = stream.ReadByte();
            if (b < 0)
                throw new InvalidMediaException(source, bytes.Count, "the PLY header ends before 'end_header'");
            bytes.Add((byte)b);
            if (bytes.Count > MaxHeaderBytes)
                throw new InvalidMediaException(source, bytes.Count, $"the PLY header is longer than {MaxHeaderBytes} bytes");
            if (b == '\n')
            {
                var text = line.ToString().TrimEnd('\r');
                lines.Add((text, lineStart));
                line.Clear();
                lineStart = bytes.Count;
                if (text == "end_header")
                    break;
                continue;
            }
            if (b < 0x20 && b != '\r' && b != '\t')
                throw new InvalidMediaException(source, bytes.Count - 1, "the PLY header contains a control byte");
            line.Append((char)b);
        }
        if (lines.Count == 0 || lines[0].Text != "ply")
            throw new InvalidMediaException(source, 0, "the file does not start with 'ply'");

        var elements = new List<Element>();
        var sawFormat = false;
        for (var i = 1; i < lines.Count - 1; i++)
        {
            var (text, offset) = lines[i];
            var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || parts[0] is "comment" or "obj_info")
                continue;
            switch (parts[0])
            {
                case "format":
                    if (parts.Length != 3)
                        throw new InvalidMediaException(source, offset, $"malformed format line '{text}'");
                    if (parts[1] != "binary_little_endian")
                        throw new UnsupportedFormatException($"{source}: compressed PLY must be binary_little_endian, not '{parts[1]}'.");
                    sawFormat = true;
                    break;
                case "element":
                    if (parts.Length != 3 || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > int.MaxValue)
                        throw new InvalidMediaException(source, offset, $"malformed element line '{text}'");
                    elements.Add(new Element(parts[1], (int)count));
                    break;
                case "property":
                    if (elements.Count == 0)
                        throw new InvalidMediaException(source, offset, "a property comes before any element");
                    if (parts.Length >= 2 && parts[1] == "list")
                        throw new UnsupportedFormatException($"{source}: list property '{text}' is not part of a compressed PLY.");
                    if (parts.Length != 3)
                        throw new InvalidMediaException(source, offset, $"malformed property line '{text}'");
                    var size = SizeOf(parts[1]);
                    if (size == 0)
                        throw new InvalidMediaException(source, offset, $"unknown property type '{parts[1]}'");
                    elements[^1].Add(parts[2], parts[1], size);
                    break;
                default:
                    throw new InvalidMediaException(source, offset, $"unknown header line '{text}'");
            }
        }
        if (!sawFormat)
            throw new InvalidMediaException(source, 0, "the PLY header has no format line");
        return new CompressedPlyHeader(elements, bytes.Count);
    }

    private static int SizeOf(string type) => type switch
    {
        "char" or "int8" or "uchar" or "uint8" => 1,
        "short" or "int16" or "ushort" or "uint16" => 2,
        "int" or "int32" or "uint" or "uint32" or "float" or "float32" => 4,
        "double" or "float64" => 8,
        _ => 0,
    };

    /// <summary>One element: a name, a row count and fixed-size scalar properties.</summary>
    internal sealed class Element(string name, int count)
    {
        private readonly List<Property> _properties = [];

        /// <summary>The element's name.</summary>
        public string Name { get; } = name;

        /// <summary>Rows declared.</summary>
        public int Count { get; } = count;

        /// <summary>Bytes per row.</summary>
        public int RowBytes { get; private set; }

        /// <summary>The properties in row order.</summary>
        public IReadOnlyList<Property> Properties => _properties;

        /// <summary>The property called <paramref name="name"/>, or null.</summary>
        public Property? Find(string name)
        {
            foreach (var p in _properties)
            {
                if (p.Name == name)
                    return p;
            }
            return null;
        }

        internal void Add(string name, string type, int size)
        {
            _properties.Add(new Property(name, type, size, RowBytes));
            RowBytes += size;
        }
    }

    /// <summary>One scalar property and its byte offset inside a row.</summary>
    internal sealed record Property(string Name, string Type, int Size, int Offset)
    {
        /// <summary>True for 32-bit float.</summary>
        public bool IsFloat32 => Type is "float" or "float32";

        /// <summary>True for 32-bit integers (signed or not).</summary>
        public bool IsInt32 => Type is "int" or "int32" or "uint" or "uint32";

        /// <summary>True for unsigned bytes.</summary>
        public bool IsUInt8 => Type is "uchar" or "uint8";
    }
}
