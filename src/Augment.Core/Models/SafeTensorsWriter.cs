using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Augment;

/// <summary>
/// Builds a small <c>.safetensors</c> file in memory (weights for tests, adapters the SDK saves) and
/// writes it atomically. Tensors are stored in the order they were added, back to back, and the JSON
/// header is padded with spaces to a multiple of 8 bytes so that the data starts aligned, as the
/// reference implementation does.
/// </summary>
public sealed class SafeTensorsWriter
{
    private readonly List<Entry> _tensors = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _metadata = new(StringComparer.Ordinal);

    /// <summary>Number of tensors added so far.</summary>
    public int Count => _tensors.Count;

    /// <summary>Adds (or replaces) one <c>__metadata__</c> string.</summary>
    public SafeTensorsWriter AddMetadata(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        _metadata[key] = value;
        return this;
    }

    /// <summary>Adds a tensor from its raw little-endian bytes; the bytes are copied.</summary>
    /// <param name="name">Unique tensor name; not <c>__metadata__</c>.</param>
    /// <param name="dtype">Element type.</param>
    /// <param name="shape">Dimensions, outermost first; empty for a scalar.</param>
    /// <param name="data">Exactly element count times element size bytes.</param>
    public SafeTensorsWriter Add(string name, SafeTensorsDType dtype, ReadOnlySpan<long> shape, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name == SafeTensorsHeader.MetadataKey)
            throw new ArgumentException($"'{SafeTensorsHeader.MetadataKey}' is reserved and cannot name a tensor.", nameof(name));
        if (_names.Contains(name))
            throw new ArgumentException($"A tensor named '{name}' was already added.", nameof(name));
        if (shape.Length > SafeTensorsHeader.MaxRank)
            throw new ArgumentException($"Shape has {shape.Length} dimensions; at most {SafeTensorsHeader.MaxRank} are allowed.", nameof(shape));
        long count = 1;
        foreach (var dim in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dim, nameof(shape));
            count = checked(count * dim);
        }
        var byteLength = checked(count * SafeTensorsDTypes.SizeBytes(dtype));
        if (data.Length != byteLength)
        {
            throw new ArgumentException(
                $"Tensor '{name}' is {SafeTensorsDTypes.SpecName(dtype)} [{string.Join(", ", shape.ToArray())}] and needs {byteLength} bytes, not {data.Length}.",
                nameof(data));
        }
        _tensors.Add(new Entry(name, dtype, shape.ToArray(), data.ToArray()));
        _names.Add(name);
        return this;
    }

    /// <summary>
    /// Adds a tensor of <typeparamref name="T"/> values; the dtype follows from the type (<see cref="float"/> F32,
    /// <see cref="Half"/> F16, <see cref="ushort"/> U16, <see cref="byte"/> U8, <see cref="bool"/> BOOL, ...).
    /// Use <see cref="Add(string, SafeTensorsDType, ReadOnlySpan{long}, ReadOnlySpan{byte})"/> for BF16 and the F8 types.
    /// </summary>
    public SafeTensorsWriter Add<T>(string name, ReadOnlySpan<long> shape, ReadOnlySpan<T> values) where T : unmanaged
    {
        var dtype = SafeTensorsDTypes.ForType<T>()
            ?? throw new ArgumentException($"{typeof(T).Name} has no safetensors dtype.", nameof(values));
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Writing typed values needs a little-endian machine; pass little-endian bytes instead.");
        return Add(name, dtype, shape, MemoryMarshal.AsBytes(values));
    }

    /// <summary>Writes the file to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    public void Save(string path) => AtomicFile.Write(path, WriteTo);

    /// <summary>Writes the file to <paramref name="stream"/>.</summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = BuildHeader();
        Span<byte> prefix = stackalloc byte[SafeTensorsHeader.PrefixBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        stream.Write(prefix);
        stream.Write(header);
        foreach (var tensor in _tensors)
            stream.Write(tensor.Data);
    }

    /// <summary>The whole file as a new array.</summary>
    public byte[] ToArray()
    {
        using var memory = new MemoryStream();
        WriteTo(memory);
        return memory.ToArray();
    }

    private byte[] BuildHeader()
    {
        var buffer = new ArrayBufferWriter<byte>();
        // Relaxed escaping keeps names readable ('+', '<'); the header is never embedded in HTML.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (_metadata.Count > 0)
            {
                json.WriteStartObject(SafeTensorsHeader.MetadataKey);
                foreach (var (key, value) in _metadata)
                    json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var tensor in _tensors)
            {
                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", SafeTensorsDTypes.SpecName(tensor.DType));
                json.WriteStartArray("shape");
                foreach (var dim in tensor.Shape)
                    json.WriteNumberValue(dim);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + tensor.Data.Length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += tensor.Data.Length;
            }
            json.WriteEndObject();
        }
        var padded = (buffer.WrittenCount + 7) & ~7;
        var header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }

    private sealed record Entry(string Name, SafeTensorsDType DType, long[] Shape, byte[] Data);
}
