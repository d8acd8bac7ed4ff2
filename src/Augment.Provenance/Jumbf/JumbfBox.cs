namespace Augment.Provenance.Jumbf;

/// <summary>
/// One box of a JUMBF tree (ISO/IEC 19566-5): either a superbox (<c>jumb</c>) with its description and children,
/// or a content box whose payload is kept as a slice of the store (no copy).
/// </summary>
internal sealed class JumbfBox
{
    public JumbfBox(uint type, long offset, int headerLength, ReadOnlyMemory<byte> payload,
        JumbfDescription? description, IReadOnlyList<JumbfBox> children)
    {
        Type = type;
        Offset = offset;
        HeaderLength = headerLength;
        Payload = payload;
        Description = description;
        Children = children;
    }

    /// <summary>The four-character box type (big-endian, e.g. <see cref="JumbfTypes.Superbox"/>).</summary>
    public uint Type { get; }

    /// <summary>Offset of the box's first byte (its LBox) within the parsed buffer.</summary>
    public long Offset { get; }

    /// <summary>8 for LBox+TBox, 16 when an XLBox follows.</summary>
    public int HeaderLength { get; }

    /// <summary>Everything after the header: for a superbox the description box and the children.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>The <c>jumd</c> box of a superbox; null for content boxes.</summary>
    public JumbfDescription? Description { get; }

    /// <summary>Children of a superbox (content boxes or nested superboxes), in file order.</summary>
    public IReadOnlyList<JumbfBox> Children { get; }

    /// <summary>True for a <c>jumb</c> superbox.</summary>
    public bool IsSuperbox => Description is not null;

    /// <summary>The superbox label, or null.</summary>
    public string? Label => Description?.Label;

    /// <summary>The box type as text (<c>jumb</c>, <c>cbor</c>, ...).</summary>
    public string TypeName => JumbfTypes.ToText(Type);

    /// <summary>The first direct child superbox with this label (ordinal), or null.</summary>
    public JumbfBox? Child(string label)
    {
        foreach (var child in Children)
        {
            if (child.IsSuperbox && string.Equals(child.Label, label, StringComparison.Ordinal))
                return child;
        }
        return null;
    }

    /// <summary>The first direct content child of this type, or null.</summary>
    public JumbfBox? Content(uint type)
    {
        foreach (var child in Children)
        {
            if (!child.IsSuperbox && child.Type == type)
                return child;
        }
        return null;
    }

    /// <summary>The first content (non-superbox) child, or null.</summary>
    public JumbfBox? FirstContent()
    {
        foreach (var child in Children)
        {
            if (!child.IsSuperbox)
                return child;
        }
        return null;
    }
}
