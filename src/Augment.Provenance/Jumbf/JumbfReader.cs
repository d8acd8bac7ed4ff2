using System.Buffers.Binary;
using System.Text;

namespace Augment.Provenance.Jumbf;

/// <summary>
/// Parses JUMBF (ISO/IEC 19566-5) into a <see cref="JumbfBox"/> tree. Every length is checked against its parent
/// before use, so a lying length, a zero length in the middle of a parent, too deep nesting or too many boxes end in
/// <see cref="InvalidMediaException"/> with the offset, never in an index or overflow exception.
/// </summary>
internal static class JumbfReader
{
    /// <summary>Parses the single top-level superbox that starts at offset 0 of <paramref name="data"/>.</summary>
    /// <param name="data">The JUMBF bytes (for C2PA: the manifest store).</param>
    /// <param name="source">File name for error messages.</param>
    /// <param name="limits">Bounds; <see cref="JumbfLimits.Default"/> when null.</param>
    /// <param name="baseOffset">Added to offsets in error messages (where the JUMBF sits in its file).</param>
    public static JumbfBox ParseSuperbox(ReadOnlyMemory<byte> data, string? source, JumbfLimits? limits = null, long baseOffset = 0)
    {
        var bounds = limits ?? JumbfLimits.Default;
        if (data.Length > bounds.MaxStoreBytes)
            throw new InvalidMediaException(source, baseOffset, $"JUMBF of {data.Length} bytes exceeds the limit of {bounds.MaxStoreBytes} bytes");
        var state = new ParseState(source, bounds, baseOffset);
        var box = ReadBox(data, 0, data.Length, 0, state, out var end);
        if (!box.IsSuperbox)
            throw new InvalidMediaException(source, baseOffset, $"JUMBF starts with a '{box.TypeName}' box, not a 'jumb' superbox");
        _ = end;
        return box;
    }

    /// <summary>Reads one box header at <paramref name="offset"/>: its total length and type, bounded by <paramref name="limit"/>.</summary>
    /// <returns>False when fewer than 8 bytes remain.</returns>
    public static bool TryReadHeader(ReadOnlySpan<byte> data, int offset, int limit, string? source, long baseOffset,
        out int boxLength, out int headerLength, out uint type)
    {
        boxLength = 0;
        headerLength = 0;
        type = 0;
        if (limit - offset < 8)
            return false;
        var lbox = BinaryPrimitives.ReadUInt32BigEndian(data.Slice(offset, 4));
        type = BinaryPrimitives.ReadUInt32BigEndian(data.Slice(offset + 4, 4));
        long length;
        if (lbox == 1)
        {
            if (limit - offset < 16)
                throw new InvalidMediaException(source, baseOffset + offset, "box declares an XLBox but fewer than 16 bytes remain");
            var xl = BinaryPrimitives.ReadUInt64BigEndian(data.Slice(offset + 8, 8));
            length = xl > long.MaxValue ? long.MaxValue : (long)xl;
            headerLength = 16;
        }
        else if (lbox == 0)
        {
            // LBox 0: the box runs to the end of its parent (ISO/IEC 15444-1 I.4).
            length = limit - offset;
            headerLength = 8;
        }
        else
        {
            length = lbox;
            headerLength = 8;
        }
        if (length < headerLength)
            throw new InvalidMediaException(source, baseOffset + offset, $"box '{JumbfTypes.ToText(type)}' declares {length} bytes, less than its {headerLength}-byte header");
        if (length > limit - offset)
            throw new InvalidMediaException(source, baseOffset + offset, $"box '{JumbfTypes.ToText(type)}' declares {length} bytes but only {limit - offset} remain in its parent");
        boxLength = (int)length;
        return true;
    }

    private static JumbfBox ReadBox(ReadOnlyMemory<byte> data, int offset, int limit, int depth, ParseState state, out int end)
    {
        if (!TryReadHeader(data.Span, offset, limit, state.Source, state.BaseOffset, out var length, out var header, out var type))
            throw new InvalidMediaException(state.Source, state.BaseOffset + offset, $"truncated box header ({limit - offset} bytes left)");
        if (++state.Boxes > state.Limits.MaxBoxes)
            throw new InvalidMediaException(state.Source, state.BaseOffset + offset, $"more than {state.Limits.MaxBoxes} JUMBF boxes");
        end = offset + length;
        var payload = data.Slice(offset + header, length - header);
        if (type != JumbfTypes.Superbox)
            return new JumbfBox(type, offset, header, payload, null, []);

        if (depth >= state.Limits.MaxDepth)
            throw new InvalidMediaException(state.Source, state.BaseOffset + offset, $"JUMBF superboxes nested deeper than {state.Limits.MaxDepth}");
        var position = offset + header;
        if (!TryReadHeader(data.Span, position, end, state.Source, state.BaseOffset, out var descLength, out var descHeader, out var descType)
            || descType != JumbfTypes.Description)
            throw new InvalidMediaException(state.Source, state.BaseOffset + position, "superbox does not start with a 'jumd' description box");
        var description = ReadDescription(data.Slice(position + descHeader, descLength - descHeader), position + descHeader, state);
        position += descLength;
        var children = new List<JumbfBox>();
        while (position < end)
        {
            // Trailing bytes shorter than a header are padding, not a box.
            if (end - position < 8)
                throw new InvalidMediaException(state.Source, state.BaseOffset + position, $"{end - position} stray bytes after the last box of superbox '{description.Label}'");
            children.Add(ReadBox(data, position, end, depth + 1, state, out var childEnd));
            position = childEnd;
        }
        return new JumbfBox(type, offset, header, payload, description, children);
    }

    private static JumbfDescription ReadDescription(ReadOnlyMemory<byte> memory, int offset, ParseState state)
    {
        var span = memory.Span;
        if (span.Length < 17)
            throw new InvalidMediaException(state.Source, state.BaseOffset + offset, $"description box of {span.Length} bytes is shorter than UUID + toggles (17)");
        var uuid = span[..16].ToArray();
        var toggles = span[16];
        var position = 17;
        string? label = null;
        if ((toggles & 0x02) != 0)
        {
            var terminator = span[position..].IndexOf((byte)0);
            if (terminator < 0)
                throw new InvalidMediaException(state.Source, state.BaseOffset + offset + position, "description label is not null-terminated");
            try
            {
                label = new UTF8Encoding(false, true).GetString(span.Slice(position, terminator));
            }
            catch (DecoderFallbackException)
            {
                throw new InvalidMediaException(state.Source, state.BaseOffset + offset + position, "description label is not valid UTF-8");
            }
            position += terminator + 1;
        }
        uint? id = null;
        if ((toggles & 0x04) != 0)
        {
            if (span.Length - position < 4)
                throw new InvalidMediaException(state.Source, state.BaseOffset + offset + position, "description id is truncated");
            id = BinaryPrimitives.ReadUInt32BigEndian(span.Slice(position, 4));
            position += 4;
        }
        byte[]? hash = null;
        if ((toggles & 0x08) != 0)
        {
            if (span.Length - position < 32)
                throw new InvalidMediaException(state.Source, state.BaseOffset + offset + position, "description SHA-256 is truncated");
            hash = span.Slice(position, 32).ToArray();
            position += 32;
        }
        ReadOnlyMemory<byte>? privateBox = null;
        if ((toggles & 0x10) != 0)
        {
            if (!TryReadHeader(span, position, span.Length, state.Source, state.BaseOffset + offset, out var privateLength, out _, out _))
                throw new InvalidMediaException(state.Source, state.BaseOffset + offset + position, "description private box is truncated");
            privateBox = memory.Slice(position, privateLength);
        }
        return new JumbfDescription(uuid, toggles, label, id, hash, privateBox);
    }

    private sealed class ParseState(string? source, JumbfLimits limits, long baseOffset)
    {
        public string? Source { get; } = source;
        public JumbfLimits Limits { get; } = limits;
        public long BaseOffset { get; } = baseOffset;
        public int Boxes { get; set; }
    }
}
