using System.Buffers.Binary;
using System.Text;

namespace Augment.Provenance.Tests;

/// <summary>Builds JUMBF bytes by hand for parser tests (independent of the library).</summary>
internal static class TestJumbf
{
    public static readonly byte[] Suffix = [0x00, 0x11, 0x00, 0x10, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    public static byte[] Box(string type, byte[] payload)
    {
        var box = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(box, 4);
        payload.CopyTo(box, 8);
        return box;
    }

    public static byte[] Description(string uuidCode, string? label, byte toggles = 0x03)
    {
        var bytes = new List<byte>();
        bytes.AddRange(Encoding.ASCII.GetBytes(uuidCode));
        bytes.AddRange(Suffix);
        bytes.Add(label is null ? (byte)(toggles & ~0x02) : toggles);
        if (label is not null)
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(label));
            bytes.Add(0);
        }
        return Box("jumd", bytes.ToArray());
    }

    public static byte[] Superbox(string uuidCode, string? label, params byte[][] children)
    {
        var payload = new List<byte>(Description(uuidCode, label));
        foreach (var child in children)
            payload.AddRange(child);
        return Box("jumb", payload.ToArray());
    }

    public static byte[] Concat(params byte[][] parts)
    {
        var all = new List<byte>();
        foreach (var part in parts)
            all.AddRange(part);
        return all.ToArray();
    }
}
