using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Augment.Audio;

/// <summary>
/// The target speaker's content features that <see cref="VoiceConverter"/> retrieves from: <see cref="Count"/> rows of
/// <see cref="Dimensions"/> floats (RVC's <c>big_npy</c>), row-major. Stored as a NumPy <c>.npy</c> file, float32
/// little-endian, C order, shape <c>(N, D)</c> (format versions 1.0 to 3.0 read, 1.0 written; float64 files are read
/// and narrowed), so a bank saved by <c>numpy.save</c> loads here and one saved here loads in NumPy. An RVC
/// <c>.index</c> (faiss) file is exported to this form in Python with
/// <c>numpy.save("bank.npy", index.reconstruct_n(0, index.ntotal).astype("float32"))</c>.
/// </summary>
public sealed class FeatureBank
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    private readonly float[] _rows;

    /// <summary>Wraps rows of features (copied).</summary>
    /// <param name="rows">Row-major values, <paramref name="count"/> x <paramref name="dimensions"/>, all finite.</param>
    /// <param name="count">Number of feature vectors, at least 1.</param>
    /// <param name="dimensions">Length of each vector, at least 1.</param>
    /// <exception cref="ArgumentException">The sizes disagree or a value is not finite.</exception>
    public FeatureBank(ReadOnlySpan<float> rows, int count, int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        if ((long)count * dimensions != rows.Length)
            throw new ArgumentException($"{rows.Length} values do not make {count} rows of {dimensions}.", nameof(rows));
        for (var i = 0; i < rows.Length; i++)
        {
            if (!float.IsFinite(rows[i]))
                throw new ArgumentException($"Value {i} (row {i / dimensions}) is {rows[i]}; a feature bank holds finite values only.", nameof(rows));
        }
        _rows = rows.ToArray();
        Count = count;
        Dimensions = dimensions;
    }

    /// <summary>Number of feature vectors (N).</summary>
    public int Count { get; }

    /// <summary>Length of each vector (D: 256 for RVC v1 models, 768 for v2).</summary>
    public int Dimensions { get; }

    /// <summary>The values, row-major [Count, Dimensions].</summary>
    public ReadOnlySpan<float> Rows => _rows;

    /// <summary>One vector.</summary>
    /// <param name="index">Row, 0 to Count - 1.</param>
    public ReadOnlySpan<float> Row(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _rows.AsSpan(index * Dimensions, Dimensions);
    }

    /// <summary>Reads a <c>.npy</c> file of shape (N, D), float32 or float64.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidMediaException">It is not a 2-D float <c>.npy</c> array in C order, or is truncated.</exception>
    public static FeatureBank Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Feature bank '{path}' does not exist.", path);
        return Read(File.ReadAllBytes(path), path);
    }

    /// <summary>Writes the bank as a NumPy <c>.npy</c> file (version 1.0, <c>&lt;f4</c>, C order), atomically.</summary>
    /// <param name="path">Destination file.</param>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.WriteAllBytes(path, ToNpy());
    }

    /// <summary>The bank as <c>.npy</c> bytes.</summary>
    public byte[] ToNpy()
    {
        var header = string.Create(CultureInfo.InvariantCulture, $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({Count}, {Dimensions}), }}");
        // NumPy pads the header with spaces and a newline so that the data starts on a 64-byte boundary.
        var unpadded = Magic.Length + 2 + 2 + header.Length + 1;
        var padding = (64 - (unpadded % 64)) % 64;
        header = header + new string(' ', padding) + "\n";
        var bytes = new byte[Magic.Length + 4 + header.Length + (_rows.Length * sizeof(float))];
        Magic.CopyTo(bytes, 0);
        bytes[6] = 1;
        bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        Encoding.ASCII.GetBytes(header, bytes.AsSpan(10));
        var data = bytes.AsSpan(10 + header.Length);
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(_rows.AsSpan()).CopyTo(data);
        }
        else
        {
            for (var i = 0; i < _rows.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(data[(i * 4)..], _rows[i]);
        }
        return bytes;
    }

    /// <summary>Parses <c>.npy</c> bytes.</summary>
    /// <param name="bytes">The file's contents.</param>
    /// <param name="source">A name for messages.</param>
    /// <exception cref="InvalidMediaException">Not a 2-D float array in C order, or truncated.</exception>
    public static FeatureBank Read(ReadOnlySpan<byte> bytes, string source = "feature bank")
    {
        if (bytes.Length < 10 || !bytes[..6].SequenceEqual(Magic))
            throw new InvalidMediaException(source, 0, "it is not a NumPy .npy file (no \\x93NUMPY magic)");
        var major = bytes[6];
        int headerLength, headerStart;
        switch (major)
        {
            case 1:
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]);
                headerStart = 10;
                break;
            case 2 or 3:
                if (bytes.Length < 12) throw Truncated(source, 8);
                var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
                if (length > int.MaxValue - 12) throw Truncated(source, 8);
                headerLength = (int)length;
                headerStart = 12;
                break;
            default:
                throw new InvalidMediaException(source, 6, $".npy format version {major}.{bytes[7]} is not one this reader knows (1.0 to 3.0)");
        }
        if (bytes.Length < headerStart + headerLength) throw Truncated(source, headerStart);
        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(bytes.Slice(headerStart, headerLength));
        var descr = Field(header, "descr", source, headerStart);
        var fortran = Field(header, "fortran_order", source, headerStart);
        var shape = Field(header, "shape", source, headerStart);
        var width = descr switch
        {
            "'<f4'" or "'f4'" or "'float32'" => 4,
            "'<f8'" or "'f8'" or "'float64'" => 8,
            _ => throw new InvalidMediaException(source, headerStart, $"element type {descr} is not little-endian float32 or float64 ('<f4', '<f8')"),
        };
        if (fortran != "False")
            throw new InvalidMediaException(source, headerStart, "the array is in Fortran order; save it in C order (numpy.ascontiguousarray)");
        var dims = ParseShape(shape, source, headerStart);
        var dataStart = headerStart + headerLength;
        var expected = (long)dims.Rows * dims.Columns * width;
        if (bytes.Length - dataStart < expected)
            throw new InvalidMediaException(source, dataStart, $"shape ({dims.Rows}, {dims.Columns}) needs {expected} bytes of data but {bytes.Length - dataStart} follow the header");
        var values = new float[dims.Rows * dims.Columns];
        var data = bytes[dataStart..];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = width == 4
                ? BinaryPrimitives.ReadSingleLittleEndian(data[(i * 4)..])
                : (float)BinaryPrimitives.ReadDoubleLittleEndian(data[(i * 8)..]);
            if (!float.IsFinite(values[i]))
                throw new InvalidMediaException(source, dataStart + ((long)i * width), $"value {i} (row {i / dims.Columns}) is {values[i]}; a feature bank holds finite values only");
        }
        return new FeatureBank(values, dims.Rows, dims.Columns);
    }

    private static InvalidMediaException Truncated(string source, long offset) =>
        new(source, offset, "the .npy header is truncated");

    /// <summary>The text of a header dictionary's value, such as <c>'&lt;f4'</c>, <c>False</c> or <c>(3, 4)</c>.</summary>
    private static string Field(string header, string key, string source, long offset)
    {
        var at = header.IndexOf($"'{key}'", StringComparison.Ordinal);
        if (at < 0) at = header.IndexOf($"\"{key}\"", StringComparison.Ordinal);
        if (at < 0)
            throw new InvalidMediaException(source, offset, $"the .npy header has no '{key}' ({header.Trim()})");
        var colon = header.IndexOf(':', at + key.Length + 2);
        if (colon < 0)
            throw new InvalidMediaException(source, offset, $"the .npy header's '{key}' has no value");
        var start = colon + 1;
        while (start < header.Length && header[start] == ' ') start++;
        int end;
        if (start < header.Length && header[start] == '(')
        {
            end = header.IndexOf(')', start);
            if (end < 0) throw new InvalidMediaException(source, offset, "the .npy header's shape is not closed");
            end++;
        }
        else
        {
            end = start;
            while (end < header.Length && header[end] != ',' && header[end] != '}') end++;
        }
        return header[start..end].Trim();
    }

    private static (int Rows, int Columns) ParseShape(string shape, string source, long offset)
    {
        var inner = shape.Trim('(', ')');
        var parts = inner.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var rows)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var columns))
            throw new InvalidMediaException(source, offset, $"shape {shape} is not two dimensions (N, D)");
        if (rows < 1 || columns < 1 || (long)rows * columns > Array.MaxLength)
            throw new InvalidMediaException(source, offset, $"shape ({rows}, {columns}) is empty or too large");
        return (rows, columns);
    }
}
