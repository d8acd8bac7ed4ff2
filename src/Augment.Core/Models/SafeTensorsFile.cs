using System.Diagnostics.CodeAnalysis;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace Augment;

/// <summary>
/// A <c>.safetensors</c> weights file, opened read-only. <see cref="Open"/> memory-maps the file, so
/// tensors are read in place without copying; <see cref="FromBytes"/> and <see cref="FromStream"/>
/// serve small files held in memory. The header is checked strictly when the file is opened (header
/// length, UTF-8 JSON, dtypes, shapes, offsets, and that the tensors tile the data buffer exactly), and
/// any fault raises an <see cref="InvalidModelException"/> that names the file, byte offset and reason.
/// </summary>
/// <remarks>
/// Spans returned by this class point into the mapping or the buffer: do not use them after
/// <see cref="Dispose"/>. Typed views assume a little-endian machine and, like the reference
/// implementation, a platform that tolerates unaligned loads (x64, Arm64).
/// </remarks>
public sealed unsafe class SafeTensorsFile : IDisposable
{
    /// <summary>Largest JSON header accepted, in bytes (the reference implementation's limit).</summary>
    public const long MaxHeaderBytes = SafeTensorsHeader.MaxHeaderBytes;

    // Conversions run in blocks so that tensors larger than one span (2 GiB) still convert.
    private const int ConvertBlockElements = 1 << 20;

    private readonly SafeTensorsHeader _header;
    private readonly ReadOnlyMemory<byte> _memory;
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private byte* _pointer;
    private bool _disposed;

    private SafeTensorsFile(string source, SafeTensorsHeader header, ReadOnlyMemory<byte> memory, MemoryMappedFile? map, MemoryMappedViewAccessor? view, byte* pointer)
    {
        SourceName = source;
        _header = header;
        _memory = memory;
        _map = map;
        _view = view;
        _pointer = pointer;
    }

    /// <summary>File path or description of the source, as used in error messages.</summary>
    public string SourceName { get; }

    /// <summary>The tensors in header order.</summary>
    public IReadOnlyList<SafeTensorsTensorInfo> Tensors => _header.Tensors;

    /// <summary>The <c>__metadata__</c> strings; empty when the file has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata => _header.Metadata;

    /// <summary>File offset in bytes where the data buffer starts (8 plus the header length).</summary>
    public long DataStart => _header.DataStart;

    /// <summary>Memory-maps a safetensors file read-only and checks its header.</summary>
    /// <param name="path">Path of the file; it is never written.</param>
    /// <exception cref="InvalidModelException">The file is not a valid safetensors file.</exception>
    public static SafeTensorsFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.RandomAccess);
        MemoryMappedFile? map = null;
        MemoryMappedViewAccessor? view = null;
        var acquired = false;
        try
        {
            var length = stream.Length;
            // An empty file cannot be mapped; a short one fails the header check either way.
            if (length < SafeTensorsHeader.PrefixBytes)
                throw SafeTensorsHeader.Invalid(path, 0, $"the file is {length} bytes, shorter than the 8-byte header length");
            map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            acquired = true;
            pointer += view.PointerOffset;
            var prefix = new ReadOnlySpan<byte>(pointer, (int)Math.Min(length, int.MaxValue));
            var header = SafeTensorsHeader.Parse(prefix, length, path);
            return new SafeTensorsFile(path, header, ReadOnlyMemory<byte>.Empty, map, view, pointer);
        }
        catch
        {
            if (acquired) view!.SafeMemoryMappedViewHandle.ReleasePointer();
            view?.Dispose();
            map?.Dispose();
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads a safetensors file held in memory. The bytes are not copied: leave them unchanged while the file is open.</summary>
    /// <param name="bytes">The whole file.</param>
    /// <param name="sourceName">Name for error messages; "bytes" when omitted.</param>
    /// <exception cref="InvalidModelException">The bytes are not a valid safetensors file.</exception>
    public static SafeTensorsFile FromBytes(ReadOnlyMemory<byte> bytes, string? sourceName = null)
    {
        var source = sourceName ?? "bytes";
        var header = SafeTensorsHeader.Parse(bytes.Span, bytes.Length, source);
        return new SafeTensorsFile(source, header, bytes, null, null, null);
    }

    /// <summary>
    /// Reads a small safetensors file from the current position of <paramref name="stream"/> to its end
    /// into memory. For large files prefer <see cref="Open"/>, which maps instead of copying.
    /// </summary>
    /// <param name="stream">The stream; it is read to the end and not disposed.</param>
    /// <param name="sourceName">Name for error messages; the file name of a <see cref="FileStream"/>, else "stream".</param>
    /// <param name="budget">Memory limit for the copy; <see cref="ComputeBudget.Default"/> when omitted.</param>
    /// <exception cref="InvalidModelException">The content is not a valid safetensors file.</exception>
    /// <exception cref="ResourceLimitException">The content is larger than the budget or one array.</exception>
    public static SafeTensorsFile FromStream(Stream stream, string? sourceName = null, ComputeBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        budget ??= ComputeBudget.Default;
        var source = sourceName ?? (stream as FileStream)?.Name ?? "stream";
        const string What = "Reading a safetensors stream";
        if (stream.CanSeek)
        {
            var remaining = Math.Max(0, stream.Length - stream.Position);
            EnsureArray(remaining, source);
            budget.EnsureAllocation(remaining, What);
            var buffer = new byte[remaining];
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return FromBytes(buffer.AsMemory(0, read), source);
        }

        // Unknown length: grow with the data actually read, never with what a header claims.
        using var copy = new MemoryStream();
        var chunk = new byte[1 << 16];
        int n;
        while ((n = stream.Read(chunk)) > 0)
        {
            EnsureArray(copy.Length + n, source);
            budget.EnsureAllocation(copy.Length + n, What);
            copy.Write(chunk, 0, n);
        }
        return FromBytes(copy.GetBuffer().AsMemory(0, (int)copy.Length), source);
    }

    /// <summary>Whether the file holds a tensor named <paramref name="name"/>.</summary>
    public bool Contains(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _header.ByName.ContainsKey(name);
    }

    /// <summary>Looks up a tensor by name.</summary>
    public bool TryGetTensor(string name, [NotNullWhen(true)] out SafeTensorsTensorInfo? tensor)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _header.ByName.TryGetValue(name, out tensor);
    }

    /// <summary>The tensor named <paramref name="name"/>.</summary>
    /// <exception cref="ModelSignatureException">The file has no such tensor.</exception>
    public SafeTensorsTensorInfo GetTensor(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _header.ByName.TryGetValue(name, out var tensor)
            ? tensor
            : throw new ModelSignatureException($"'{SourceName}' has no tensor '{name}' ({Tensors.Count} tensors in the file).");
    }

    /// <summary>
    /// Checks that the tensor <paramref name="name"/> exists with the given dtype and shape, and returns it.
    /// A dimension of <c>-1</c> in <paramref name="shape"/> matches any size.
    /// </summary>
    /// <exception cref="ModelSignatureException">The tensor is missing or its dtype, rank or a dimension differ; the message names which.</exception>
    public SafeTensorsTensorInfo Expect(string name, SafeTensorsDType dtype, params ReadOnlySpan<long> shape)
    {
        foreach (var dim in shape)
            ArgumentOutOfRangeException.ThrowIfLessThan(dim, -1L, nameof(shape));
        var expected = $"{SafeTensorsDTypes.SpecName(dtype)} [{string.Join(", ", shape.ToArray())}]";
        if (!TryGetTensor(name, out var tensor))
            throw new ModelSignatureException($"'{SourceName}' has no tensor '{name}' (expected {expected}).");
        var actualShape = $"[{string.Join(", ", tensor.Shape)}]";
        if (tensor.DType != dtype)
        {
            throw new ModelSignatureException(
                $"Tensor '{name}' in '{SourceName}' has dtype {SafeTensorsDTypes.SpecName(tensor.DType)}, expected {SafeTensorsDTypes.SpecName(dtype)}.");
        }
        if (tensor.Shape.Length != shape.Length)
        {
            throw new ModelSignatureException(
                $"Tensor '{name}' in '{SourceName}' has rank {tensor.Shape.Length} (shape {actualShape}), expected rank {shape.Length} ({expected}).");
        }
        for (var i = 0; i < shape.Length; i++)
        {
            if (shape[i] != -1 && shape[i] != tensor.Shape[i])
            {
                throw new ModelSignatureException(
                    $"Tensor '{name}' in '{SourceName}' has dimension {i} of size {tensor.Shape[i]}, expected {shape[i]} (shape {actualShape}, expected {expected}).");
            }
        }
        return tensor;
    }

    /// <summary>The raw little-endian bytes of a tensor, read in place (no copy).</summary>
    /// <exception cref="ModelSignatureException">The file has no such tensor.</exception>
    /// <exception cref="ResourceLimitException">The tensor is larger than one span can address (2 GiB).</exception>
    public ReadOnlySpan<byte> GetBytes(string name) => GetBytes(GetTensor(name));

    /// <summary>The raw little-endian bytes of a tensor of this file, read in place (no copy).</summary>
    public ReadOnlySpan<byte> GetBytes(SafeTensorsTensorInfo tensor)
    {
        CheckOwned(tensor);
        if (tensor.ByteLength > int.MaxValue)
            throw new ResourceLimitException($"Tensor '{tensor.Name}' in '{SourceName}' holds {tensor.ByteLength} bytes, more than one span can address.");
        return Slice(tensor.DataOffset, (int)tensor.ByteLength);
    }

    /// <summary>
    /// A tensor's elements viewed in place as <typeparamref name="T"/>, which must match the dtype:
    /// F32 <see cref="float"/>, F64 <see cref="double"/>, F16 <see cref="Half"/>, BF16 or U16 <see cref="ushort"/>,
    /// I64 <see cref="long"/>, U64 <see cref="ulong"/>, I32 <see cref="int"/>, U32 <see cref="uint"/>, I16 <see cref="short"/>,
    /// I8 <see cref="sbyte"/>, U8, BOOL and the F8 types <see cref="byte"/>.
    /// </summary>
    /// <exception cref="ModelSignatureException">The tensor is missing or its dtype does not match <typeparamref name="T"/>.</exception>
    public ReadOnlySpan<T> GetSpan<T>(string name) where T : unmanaged
    {
        var tensor = GetTensor(name);
        if (!SafeTensorsDTypes.IsViewableAs<T>(tensor.DType))
        {
            throw new ModelSignatureException(
                $"Tensor '{name}' in '{SourceName}' has dtype {SafeTensorsDTypes.SpecName(tensor.DType)}, which cannot be viewed as {typeof(T).Name}.");
        }
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Typed safetensors views need a little-endian machine; use ReadSingles or GetBytes.");
        if (tensor.ElementCount > int.MaxValue)
            throw new ResourceLimitException($"Tensor '{name}' in '{SourceName}' has {tensor.ElementCount} elements, more than one span can address.");
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_pointer is not null)
            return new ReadOnlySpan<T>(_pointer + _header.DataStart + tensor.DataOffset, (int)tensor.ElementCount);
        return MemoryMarshal.Cast<byte, T>(Slice(tensor.DataOffset, (int)tensor.ByteLength));
    }

    /// <summary>Reads a F16, BF16, F32 or F64 tensor as a new float32 array.</summary>
    /// <param name="name">Tensor name.</param>
    /// <param name="budget">Memory limit for the array; <see cref="ComputeBudget.Default"/> when omitted.</param>
    /// <exception cref="ModelSignatureException">The tensor is missing or not a floating-point dtype.</exception>
    /// <exception cref="ResourceLimitException">The array would exceed the budget.</exception>
    public float[] ReadSingles(string name, ComputeBudget? budget = null)
    {
        var tensor = GetTensor(name);
        CheckConvertible(tensor);
        if (tensor.ElementCount > Array.MaxLength)
            throw new ResourceLimitException($"Tensor '{name}' in '{SourceName}' has {tensor.ElementCount} elements, more than one array can hold.");
        (budget ?? ComputeBudget.Default).EnsureAllocation(tensor.ElementCount * sizeof(float), $"Tensor '{name}' as float32");
        var result = new float[tensor.ElementCount];
        ReadSingles(name, result);
        return result;
    }

    /// <summary>Converts a F16, BF16, F32 or F64 tensor to float32 into the start of <paramref name="destination"/>.</summary>
    /// <param name="name">Tensor name.</param>
    /// <param name="destination">Receives <see cref="SafeTensorsTensorInfo.ElementCount"/> values; may be longer.</param>
    /// <exception cref="ModelSignatureException">The tensor is missing or not a floating-point dtype.</exception>
    public void ReadSingles(string name, Span<float> destination)
    {
        var tensor = GetTensor(name);
        CheckConvertible(tensor);
        if (destination.Length < tensor.ElementCount)
        {
            throw new ArgumentException(
                $"Destination holds {destination.Length} values but tensor '{name}' has {tensor.ElementCount}.", nameof(destination));
        }
        var size = tensor.ElementSizeBytes;
        var count = (int)tensor.ElementCount;
        for (var done = 0; done < count; done += ConvertBlockElements)
        {
            var block = Math.Min(ConvertBlockElements, count - done);
            SafeTensorsConversion.ToSingle(tensor.DType, Slice(tensor.DataOffset + ((long)done * size), block * size), destination.Slice(done, block));
        }
    }

    /// <summary>Releases the mapping. Spans obtained earlier must not be used afterwards.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_pointer is not null)
        {
            _pointer = null;
            _view!.SafeMemoryMappedViewHandle.ReleasePointer();
        }
        _view?.Dispose();
        _map?.Dispose();
    }

    private ReadOnlySpan<byte> Slice(long dataOffset, int length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var start = _header.DataStart + dataOffset;
        return _pointer is not null
            ? new ReadOnlySpan<byte>(_pointer + start, length)
            : _memory.Span.Slice((int)start, length);
    }

    private void CheckOwned(SafeTensorsTensorInfo tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        // Offsets of another file's tensor could point anywhere in this one.
        if (!_header.ByName.TryGetValue(tensor.Name, out var own) || !ReferenceEquals(own, tensor))
            throw new ArgumentException($"Tensor '{tensor.Name}' does not belong to '{SourceName}'.", nameof(tensor));
    }

    private void CheckConvertible(SafeTensorsTensorInfo tensor)
    {
        if (!SafeTensorsConversion.CanConvertToSingle(tensor.DType))
        {
            throw new ModelSignatureException(
                $"Tensor '{tensor.Name}' in '{SourceName}' has dtype {SafeTensorsDTypes.SpecName(tensor.DType)}; only F16, BF16, F32 and F64 convert to float32.");
        }
    }

    private static void EnsureArray(long bytes, string source)
    {
        if (bytes > Array.MaxLength)
            throw new ResourceLimitException($"'{source}' holds more than {Array.MaxLength} bytes; open it by path to memory-map it.");
    }
}
