using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Augment;

/// <summary>
/// The parsed and checked header of a safetensors file. Layout (huggingface/safetensors README):
/// an 8-byte little-endian unsigned header length N, N bytes of UTF-8 JSON that begin with <c>{</c>
/// and may be padded with spaces, then the data buffer. The JSON object maps each tensor name to
/// <c>{"dtype", "shape", "data_offsets": [begin, end]}</c> with offsets relative to the data buffer,
/// plus an optional <c>"__metadata__"</c> object of strings. The tensors must tile the data buffer
/// exactly: no overlap, no hole, no trailing byte.
/// </summary>
/// <remarks>
/// Every number is checked before it is used, so a hostile header can neither read outside the file
/// nor make the parser allocate more than a small multiple of the header's own size.
/// </remarks>
internal sealed class SafeTensorsHeader
{
    /// <summary>Largest header accepted, the same limit as the reference implementation.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>Most dimensions a tensor may have (NumPy's limit); bounds the memory a shape can take.</summary>
    public const int MaxRank = 64;

    /// <summary>Bytes before the JSON: the header length.</summary>
    public const int PrefixBytes = 8;

    public const string MetadataKey = "__metadata__";

    private SafeTensorsHeader(
        List<SafeTensorsTensorInfo> tensors,
        Dictionary<string, SafeTensorsTensorInfo> byName,
        Dictionary<string, string> metadata,
        long dataStart,
        long dataLength)
    {
        // Read-only wrappers: callers get the lists through public properties of SafeTensorsFile.
        Tensors = tensors.AsReadOnly();
        ByName = byName;
        Metadata = metadata.AsReadOnly();
        DataStart = dataStart;
        DataLength = dataLength;
    }

    /// <summary>Tensors in header order.</summary>
    public IReadOnlyList<SafeTensorsTensorInfo> Tensors { get; }

    public IReadOnlyDictionary<string, SafeTensorsTensorInfo> ByName { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>File offset of the data buffer: 8 + N.</summary>
    public long DataStart { get; }

    /// <summary>Length of the data buffer in bytes.</summary>
    public long DataLength { get; }

    /// <summary>Parses the header of a file of <paramref name="fileLength"/> bytes.</summary>
    /// <param name="prefix">The file's first bytes: all of them, or at least the first
    /// <c>min(fileLength, int.MaxValue)</c>, which always covers a header within the limit.</param>
    /// <param name="fileLength">Length of the whole file in bytes.</param>
    /// <param name="source">File name or description for error messages.</param>
    public static SafeTensorsHeader Parse(ReadOnlySpan<byte> prefix, long fileLength, string source)
    {
        if (fileLength < PrefixBytes)
            throw Invalid(source, 0, $"the file is {fileLength} bytes, shorter than the 8-byte header length");
        var declared = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (declared > MaxHeaderBytes)
            throw Invalid(source, 0, $"header length {declared} exceeds the limit of {MaxHeaderBytes} bytes");
        if (declared > (ulong)(fileLength - PrefixBytes))
            throw Invalid(source, 0, $"header length {declared} runs past the end of the {fileLength}-byte file");
        var headerLength = (int)declared;
        var dataStart = PrefixBytes + headerLength;
        return ParseJson(prefix.Slice(PrefixBytes, headerLength), dataStart, fileLength - dataStart, source);
    }

    private static SafeTensorsHeader ParseJson(ReadOnlySpan<byte> json, long dataStart, long dataLength, string source)
    {
        // The format requires '{' first; this also rules out a BOM and leading whitespace.
        if (json.IsEmpty || json[0] != (byte)'{')
            throw Invalid(source, PrefixBytes, "the header does not start with '{' (a JSON object)");
        if (!Utf8.IsValid(json))
            throw Invalid(source, PrefixBytes + FirstInvalidUtf8(json), "the header is not valid UTF-8");

        var tensors = new List<SafeTensorsTensorInfo>();
        var byName = new Dictionary<string, SafeTensorsTensorInfo>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var ranges = new List<(long Begin, long End, long KeyOffset)>();
        var parser = new Parser(source, dataStart, dataLength);
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 8, CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            parser.ParseRoot(ref reader, tensors, byName, metadata, ranges);
        }
        catch (JsonException ex)
        {
            throw Invalid(source, PrefixBytes + reader.BytesConsumed, $"the header is not valid JSON ({ex.Message})", ex);
        }
        catch (InvalidOperationException ex)
        {
            // Utf8JsonReader.GetString throws this for escapes that decode to invalid UTF-16 (lone surrogates).
            throw Invalid(source, PrefixBytes + reader.TokenStartIndex, $"the header holds an invalid string ({ex.Message})", ex);
        }

        CheckTiling(tensors, ranges, dataStart, dataLength, source);
        return new SafeTensorsHeader(tensors, byName, metadata, dataStart, dataLength);
    }

    /// <summary>The spec requires the tensors to cover the data buffer exactly once.</summary>
    private static void CheckTiling(List<SafeTensorsTensorInfo> tensors, List<(long Begin, long End, long KeyOffset)> ranges, long dataStart, long dataLength, string source)
    {
        var order = new int[ranges.Count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) =>
        {
            var byBegin = ranges[a].Begin.CompareTo(ranges[b].Begin);
            return byBegin != 0 ? byBegin : ranges[a].End.CompareTo(ranges[b].End);
        });

        long covered = 0;
        var previous = -1;
        foreach (var index in order)
        {
            var (begin, end, _) = ranges[index];
            if (begin < covered)
            {
                throw Invalid(source, dataStart + begin,
                    $"tensor '{tensors[index].Name}' (data bytes {begin}..{end}) overlaps tensor '{tensors[previous].Name}' (ends at {covered})");
            }
            if (begin > covered)
            {
                throw Invalid(source, dataStart + covered,
                    $"data bytes {covered}..{begin} belong to no tensor (a hole before tensor '{tensors[index].Name}')");
            }
            covered = end;
            previous = index;
        }
        if (covered != dataLength)
            throw Invalid(source, dataStart + covered, $"the last {dataLength - covered} bytes of the {dataLength}-byte data buffer belong to no tensor");
    }

    private static long FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
                return offset;
            offset += consumed;
        }
        return offset;
    }

    internal static InvalidModelException Invalid(string source, long offset, string reason, Exception? inner = null)
    {
        var message = "Not a valid safetensors file: " + InvalidMediaException.Describe(source, offset, reason) + ".";
        return inner is null ? new InvalidModelException(message) : new InvalidModelException(message, inner);
    }

    /// <summary>Walks the JSON with a forward-only reader; every error names the byte where it was found.</summary>
    private readonly struct Parser(string source, long dataStart, long dataLength)
    {
        public void ParseRoot(
            ref Utf8JsonReader reader,
            List<SafeTensorsTensorInfo> tensors,
            Dictionary<string, SafeTensorsTensorInfo> byName,
            Dictionary<string, string> metadata,
            List<(long Begin, long End, long KeyOffset)> ranges)
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw Invalid(source, PrefixBytes, "the header is not a JSON object");
            var sawMetadata = false;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var keyOffset = PrefixBytes + reader.TokenStartIndex;
                var key = reader.GetString()!;
                if (key == MetadataKey)
                {
                    if (sawMetadata) throw Invalid(source, keyOffset, "'__metadata__' appears twice");
                    sawMetadata = true;
                    ParseMetadata(ref reader, metadata);
                    continue;
                }
                if (byName.ContainsKey(key))
                    throw Invalid(source, keyOffset, $"tensor '{key}' appears twice");
                var (info, begin, end) = ParseTensor(ref reader, key, keyOffset);
                tensors.Add(info);
                byName.Add(key, info);
                ranges.Add((begin, end, keyOffset));
            }
            // Anything but whitespace after the object makes Read throw; reaching the end returns false.
            while (reader.Read()) { }
        }

        private void ParseMetadata(ref Utf8JsonReader reader, Dictionary<string, string> metadata)
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null) return;
            if (reader.TokenType != JsonTokenType.StartObject)
                throw Invalid(source, PrefixBytes + reader.TokenStartIndex, "'__metadata__' is not an object");
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var keyOffset = PrefixBytes + reader.TokenStartIndex;
                var key = reader.GetString()!;
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                    throw Invalid(source, PrefixBytes + reader.TokenStartIndex, $"metadata value of '{key}' is not a string");
                if (!metadata.TryAdd(key, reader.GetString()!))
                    throw Invalid(source, keyOffset, $"metadata key '{key}' appears twice");
            }
        }

        private (SafeTensorsTensorInfo Info, long Begin, long End) ParseTensor(ref Utf8JsonReader reader, string name, long keyOffset)
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
                throw Invalid(source, PrefixBytes + reader.TokenStartIndex, $"tensor '{name}' is not an object");

            string? dtypeName = null;
            long[]? shape = null;
            long[]? offsets = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var fieldOffset = PrefixBytes + reader.TokenStartIndex;
                var field = reader.GetString()!;
                switch (field)
                {
                    case "dtype":
                        if (dtypeName is not null) throw Invalid(source, fieldOffset, $"tensor '{name}' has two dtypes");
                        reader.Read();
                        if (reader.TokenType != JsonTokenType.String)
                            throw Invalid(source, PrefixBytes + reader.TokenStartIndex, $"dtype of tensor '{name}' is not a string");
                        dtypeName = reader.GetString()!;
                        break;
                    case "shape":
                        if (shape is not null) throw Invalid(source, fieldOffset, $"tensor '{name}' has two shapes");
                        shape = ReadIntegers(ref reader, name, "shape", MaxRank);
                        break;
                    case "data_offsets":
                        if (offsets is not null) throw Invalid(source, fieldOffset, $"tensor '{name}' has two data_offsets");
                        offsets = ReadIntegers(ref reader, name, "data_offsets", 2);
                        if (offsets.Length != 2)
                            throw Invalid(source, fieldOffset, $"data_offsets of tensor '{name}' has {offsets.Length} values, not 2");
                        break;
                    default:
                        // Strict on purpose: an unknown field may change how the bytes must be read (a quantisation scheme).
                        throw Invalid(source, fieldOffset, $"tensor '{name}' has an unknown field '{field}'");
                }
            }

            if (dtypeName is null) throw Invalid(source, keyOffset, $"tensor '{name}' has no dtype");
            if (shape is null) throw Invalid(source, keyOffset, $"tensor '{name}' has no shape");
            if (offsets is null) throw Invalid(source, keyOffset, $"tensor '{name}' has no data_offsets");
            if (!SafeTensorsDTypes.TryParse(dtypeName, out var dtype))
                throw Invalid(source, keyOffset, $"tensor '{name}' has an unknown or unsupported dtype '{dtypeName}'");

            // Same order of checks as the reference: element count (with overflow), then bytes.
            long count = 1;
            foreach (var dim in shape)
            {
                if (dim != 0 && count > long.MaxValue / dim)
                    throw Invalid(source, keyOffset, $"the element count of tensor '{name}' (shape [{string.Join(", ", shape)}]) overflows");
                count *= dim;
            }
            var size = SafeTensorsDTypes.SizeBytes(dtype);
            if (count > long.MaxValue / size)
                throw Invalid(source, keyOffset, $"the byte length of tensor '{name}' (shape [{string.Join(", ", shape)}]) overflows");
            var byteLength = count * size;

            var (begin, end) = (offsets[0], offsets[1]);
            if (begin > end)
                throw Invalid(source, keyOffset, $"data_offsets [{begin}, {end}] of tensor '{name}' are not ascending");
            if (end > dataLength)
            {
                throw Invalid(source, keyOffset,
                    $"tensor '{name}' ends at data byte {end}, past the end of the {dataLength}-byte data buffer (file byte {dataStart + dataLength})");
            }
            if (end - begin != byteLength)
            {
                throw Invalid(source, keyOffset,
                    $"tensor '{name}' holds {end - begin} bytes but {SafeTensorsDTypes.SpecName(dtype)} [{string.Join(", ", shape)}] needs {byteLength}");
            }

            return (new SafeTensorsTensorInfo(name, dtype, ImmutableArray.Create(shape), count, begin, byteLength), begin, end);
        }

        /// <summary>Reads an array of non-negative integers that fit a <see cref="long"/>, at most <paramref name="max"/> of them.</summary>
        private long[] ReadIntegers(ref Utf8JsonReader reader, string name, string field, int max)
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray)
                throw Invalid(source, PrefixBytes + reader.TokenStartIndex, $"{field} of tensor '{name}' is not an array");
            Span<long> values = stackalloc long[MaxRank];
            var count = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var offset = PrefixBytes + reader.TokenStartIndex;
                if (count == max)
                    throw Invalid(source, offset, $"{field} of tensor '{name}' has more than {max} values");
                if (reader.TokenType != JsonTokenType.Number)
                    throw Invalid(source, offset, $"{field} of tensor '{name}' holds a {reader.TokenType}, not an integer");
                if (!reader.TryGetUInt64(out var value) || value > long.MaxValue)
                {
                    var negative = !reader.ValueSpan.IsEmpty && reader.ValueSpan[0] == (byte)'-';
                    throw Invalid(source, offset,
                        negative
                            ? $"{field} of tensor '{name}' holds a negative value"
                            : $"{field} of tensor '{name}' holds a value that is not an integer in 0..{long.MaxValue}");
                }
                values[count++] = (long)value;
            }
            return values[..count].ToArray();
        }
    }
}
