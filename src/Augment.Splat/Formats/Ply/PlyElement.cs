namespace Augment.Splat;

/// <summary>One <c>element</c> of a PLY header with its properties in file order.</summary>
internal sealed class PlyElement(string name, long count, long headerOffset)
{
    /// <summary>The element name (<c>vertex</c>, <c>face</c>, <c>chunk</c>, ...).</summary>
    public string Name { get; } = name;

    /// <summary>Declared number of rows.</summary>
    public long Count { get; } = count;

    /// <summary>Byte offset of the element line.</summary>
    public long HeaderOffset { get; } = headerOffset;

    /// <summary>Properties in file order.</summary>
    public List<PlyProperty> Properties { get; } = [];

    /// <summary>True when some property is a list (rows then have no fixed size).</summary>
    public bool HasLists
    {
        get
        {
            foreach (var p in Properties)
            {
                if (p.IsList)
                    return true;
            }
            return false;
        }
    }

    /// <summary>Bytes of one binary row when there are no lists (list rows: the size without their items).</summary>
    public int FixedRowBytes
    {
        get
        {
            var bytes = 0;
            foreach (var p in Properties)
                bytes += PlyTypes.SizeOf(p.IsList ? p.CountType : p.Type);
            return bytes;
        }
    }
}
