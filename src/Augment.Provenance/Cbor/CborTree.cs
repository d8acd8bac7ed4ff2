using System.Formats.Cbor;
using System.Globalization;

namespace Augment.Provenance.Cbor;

/// <summary>
/// Decodes untrusted CBOR into a plain tree: <see cref="CborMap"/>, <see cref="List{T}"/> of object, string, byte[],
/// long, ulong (above <see cref="long.MaxValue"/>), double, bool and null; tags are unwrapped (their content kept).
/// Depth and item count are bounded; every malformation ends in <see cref="InvalidMediaException"/>.
/// </summary>
internal static class CborTree
{
    /// <summary>Deepest nesting of arrays and maps accepted.</summary>
    public const int DefaultMaxDepth = 64;

    /// <summary>Most data items in one document.</summary>
    public const int DefaultMaxItems = 1_000_000;

    /// <summary>Decodes one CBOR data item that must fill <paramref name="data"/> exactly.</summary>
    /// <param name="data">The encoded item.</param>
    /// <param name="source">What is being decoded, for the error message (e.g. the JUMBF URI).</param>
    /// <param name="maxDepth">Deepest nesting accepted.</param>
    /// <param name="maxItems">Most items accepted.</param>
    public static object? Decode(ReadOnlyMemory<byte> data, string? source, int maxDepth = DefaultMaxDepth, int maxItems = DefaultMaxItems)
    {
        var reader = new CborReader(data, CborConformanceMode.Lax);
        var budget = new Budget(maxItems);
        try
        {
            var value = Read(reader, 0, maxDepth, budget);
            if (reader.BytesRemaining != 0)
                throw new InvalidMediaException(source, data.Length - reader.BytesRemaining, $"{reader.BytesRemaining} bytes after the CBOR item");
            return value;
        }
        catch (CborContentException ex)
        {
            throw new InvalidMediaException(source, data.Length - reader.BytesRemaining, $"malformed CBOR: {ex.Message}");
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidMediaException(source, data.Length - reader.BytesRemaining, $"malformed CBOR: {ex.Message}");
        }
        catch (OverflowException ex)
        {
            throw new InvalidMediaException(source, data.Length - reader.BytesRemaining, $"CBOR value out of range: {ex.Message}");
        }
        catch (FormatException ex)
        {
            throw new InvalidMediaException(source, data.Length - reader.BytesRemaining, $"malformed CBOR: {ex.Message}");
        }
        catch (ArgumentException ex)
        {
            throw new InvalidMediaException(source, data.Length - reader.BytesRemaining, $"malformed CBOR: {ex.Message}");
        }
    }

    private static object? Read(CborReader reader, int depth, int maxDepth, Budget budget)
    {
        if (++budget.Items > budget.MaxItems)
            throw new InvalidMediaException(null, -1, $"more than {budget.MaxItems} CBOR items");
        switch (reader.PeekState())
        {
            case CborReaderState.UnsignedInteger:
                {
                    var value = reader.ReadUInt64();
                    return value <= long.MaxValue ? (long)value : value;
                }
            case CborReaderState.NegativeInteger:
                {
                    // -1 - n; values below long.MinValue are rare enough to keep as text.
                    var encoded = reader.ReadCborNegativeIntegerRepresentation();
                    return encoded <= long.MaxValue ? -1L - (long)encoded : "-" + (encoded + 1UL).ToString(CultureInfo.InvariantCulture) ;
                }
            case CborReaderState.ByteString:
            case CborReaderState.StartIndefiniteLengthByteString:
                return reader.ReadByteString();
            case CborReaderState.TextString:
            case CborReaderState.StartIndefiniteLengthTextString:
                return reader.ReadTextString();
            case CborReaderState.StartArray:
                {
                    if (depth >= maxDepth)
                        throw new InvalidMediaException(null, -1, $"CBOR nested deeper than {maxDepth}");
                    var declared = reader.ReadStartArray();
                    // Never trust a declared length for allocation: grow as items arrive.
                    var list = new List<object?>(Math.Min(declared ?? 4, 64));
                    while (reader.PeekState() != CborReaderState.EndArray)
                        list.Add(Read(reader, depth + 1, maxDepth, budget));
                    reader.ReadEndArray();
                    return list;
                }
            case CborReaderState.StartMap:
                {
                    if (depth >= maxDepth)
                        throw new InvalidMediaException(null, -1, $"CBOR nested deeper than {maxDepth}");
                    reader.ReadStartMap();
                    var map = new CborMap();
                    while (reader.PeekState() != CborReaderState.EndMap)
                    {
                        var key = Read(reader, depth + 1, maxDepth, budget);
                        var value = Read(reader, depth + 1, maxDepth, budget);
                        map.Add(NormalizeKey(key), value);
                    }
                    reader.ReadEndMap();
                    return map;
                }
            case CborReaderState.Tag:
                reader.ReadTag();
                if (depth >= maxDepth)
                    throw new InvalidMediaException(null, -1, $"CBOR nested deeper than {maxDepth}");
                return Read(reader, depth + 1, maxDepth, budget);
            case CborReaderState.HalfPrecisionFloat:
                return (double)reader.ReadHalf();
            case CborReaderState.SinglePrecisionFloat:
                return (double)reader.ReadSingle();
            case CborReaderState.DoublePrecisionFloat:
                return reader.ReadDouble();
            case CborReaderState.Boolean:
                return reader.ReadBoolean();
            case CborReaderState.Null:
                reader.ReadNull();
                return null;
            case CborReaderState.SimpleValue:
                reader.ReadSimpleValue();
                return null;
            default:
                throw new InvalidMediaException(null, -1, $"unexpected CBOR state {reader.PeekState()}");
        }
    }

    private static object NormalizeKey(object? key) => key switch
    {
        string s => s,
        long l => l,
        null => "null",
        byte[] b => Convert.ToHexString(b),
        _ => Convert.ToString(key, CultureInfo.InvariantCulture) ?? "?",
    };

    private sealed class Budget(int maxItems)
    {
        public int MaxItems { get; } = maxItems;
        public int Items { get; set; }
    }
}
