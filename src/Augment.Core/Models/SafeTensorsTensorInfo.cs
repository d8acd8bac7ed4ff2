using System.Collections.Immutable;

namespace Augment;

/// <summary>One tensor listed in a safetensors header: its name, element type, shape and where its bytes lie.</summary>
public sealed class SafeTensorsTensorInfo
{
    internal SafeTensorsTensorInfo(string name, SafeTensorsDType dtype, ImmutableArray<long> shape, long elementCount, long dataOffset, long byteLength)
    {
        Name = name;
        DType = dtype;
        Shape = shape;
        ElementCount = elementCount;
        DataOffset = dataOffset;
        ByteLength = byteLength;
    }

    /// <summary>The tensor's name as written in the header.</summary>
    public string Name { get; }

    /// <summary>Element type.</summary>
    public SafeTensorsDType DType { get; }

    /// <summary>Dimensions, outermost first (row-major); empty for a scalar.</summary>
    public ImmutableArray<long> Shape { get; }

    /// <summary>Number of elements: the product of <see cref="Shape"/> (1 for a scalar).</summary>
    public long ElementCount { get; }

    /// <summary>Offset in bytes of the tensor's first byte from the start of the data buffer (after the header).</summary>
    public long DataOffset { get; }

    /// <summary>Size of the tensor's data in bytes.</summary>
    public long ByteLength { get; }

    /// <summary>Size in bytes of one element.</summary>
    public int ElementSizeBytes => SafeTensorsDTypes.SizeBytes(DType);

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {SafeTensorsDTypes.SpecName(DType)} [{string.Join(", ", Shape)}]";
}
