namespace Augment.Provenance.Containers;

/// <summary>One ISO BMFF box (ISO/IEC 14496-12, section 4.2): where it starts, how long it is, its type and header size.</summary>
/// <param name="Offset">Offset of the box's first byte (its size field) in the file.</param>
/// <param name="Length">The whole box, header included, in bytes.</param>
/// <param name="Type">The four-character type, big-endian.</param>
/// <param name="HeaderLength">8, or 16 with a 64-bit largesize (the <c>uuid</c> extended type is part of the payload here).</param>
internal readonly record struct BmffBox(long Offset, long Length, uint Type, int HeaderLength)
{
    /// <summary>One past the box's last byte.</summary>
    public long End => Offset + Length;

    /// <summary>Offset of the first byte after the header.</summary>
    public long PayloadOffset => Offset + HeaderLength;
}
