using System.Buffers.Binary;
using System.Text;

namespace Augment.Provenance.Jumbf;

/// <summary>Writes JUMBF boxes (ISO/IEC 19566-5): content boxes, description boxes and superboxes.</summary>
internal static class JumbfWriter
{
    /// <summary>A box with a 32-bit LBox (an XLBox when the box exceeds 4 GiB - 1 is never needed for a manifest).</summary>
    public static byte[] Box(uint type, ReadOnlySpan<byte> payload)
    {
        var length = checked(8 + payload.Length);
        var box = new byte[length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)length);
        BinaryPrimitives.WriteUInt32BigEndian(box.AsSpan(4), type);
        payload.CopyTo(box.AsSpan(8));
        return box;
    }

    /// <summary>A <c>jumd</c> box: C2PA type UUID (<paramref name="typeCode"/> + the ISO suffix), requestable, labelled.</summary>
    public static byte[] Description(uint typeCode, string label)
    {
        var labelBytes = Encoding.UTF8.GetBytes(label);
        var payload = new byte[16 + 1 + labelBytes.Length + 1];
        BinaryPrimitives.WriteUInt32BigEndian(payload, typeCode);
        JumbfTypes.C2paUuidSuffix.CopyTo(payload.AsSpan(4));
        payload[16] = 0x03; // requestable | label present
        labelBytes.CopyTo(payload, 17);
        return Box(JumbfTypes.Description, payload);
    }

    /// <summary>A <c>jumb</c> superbox: its description, then the children in order.</summary>
    public static byte[] Superbox(uint typeCode, string label, params byte[][] children)
    {
        var description = Description(typeCode, label);
        var length = description.Length;
        foreach (var child in children)
            length = checked(length + child.Length);
        var payload = new byte[length];
        description.CopyTo(payload, 0);
        var at = description.Length;
        foreach (var child in children)
        {
            child.CopyTo(payload, at);
            at += child.Length;
        }
        return Box(JumbfTypes.Superbox, payload);
    }
}
