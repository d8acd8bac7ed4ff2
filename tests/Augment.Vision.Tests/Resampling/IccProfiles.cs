using System.Buffers.Binary;
using System.Text;

namespace Augment.Vision.Tests.Resampling;

/// <summary>Builds small, valid ICC v2 matrix/TRC display profiles (ICC.1:2001-04, sections 6 and 10).</summary>
internal static class IccProfiles
{
    /// <summary>A "Display P3 (gamma 2.2)" style RGB profile: D50-adapted P3 primaries and a pure-gamma TRC.</summary>
    public static byte[] GammaP3(double gamma = 2.2)
    {
        var tags = new List<(string Signature, byte[] Data)>
        {
            ("desc", TextDescription("Augment test P3 gamma " + gamma.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture))),
            ("wtpt", Xyz(0.9642, 1.0, 0.8249)),
            ("rXYZ", Xyz(0.5151, 0.2412, -0.0011)),
            ("gXYZ", Xyz(0.2920, 0.6922, 0.0419)),
            ("bXYZ", Xyz(0.1571, 0.0666, 0.7841)),
            ("rTRC", Curve(gamma)),
            ("gTRC", Curve(gamma)),
            ("bTRC", Curve(gamma)),
        };
        var tableLength = 4 + (12 * tags.Count);
        var offset = 128 + tableLength;
        using var body = new MemoryStream();
        var table = new byte[tableLength];
        BinaryPrimitives.WriteUInt32BigEndian(table, (uint)tags.Count);
        for (var i = 0; i < tags.Count; i++)
        {
            var entry = table.AsSpan(4 + (12 * i));
            Encoding.ASCII.GetBytes(tags[i].Signature, entry);
            BinaryPrimitives.WriteUInt32BigEndian(entry[4..], (uint)(offset + body.Length));
            BinaryPrimitives.WriteUInt32BigEndian(entry[8..], (uint)tags[i].Data.Length);
            body.Write(tags[i].Data);
            while (body.Length % 4 != 0)
                body.WriteByte(0); // tag data starts on 4-byte boundaries
        }
        var size = 128 + tableLength + (int)body.Length;
        var profile = new byte[size];
        var header = profile.AsSpan(0, 128);
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)size);
        BinaryPrimitives.WriteUInt32BigEndian(header[8..], 0x02100000);   // version 2.1
        Encoding.ASCII.GetBytes("mntr", header[12..]);                     // display device
        Encoding.ASCII.GetBytes("RGB ", header[16..]);
        Encoding.ASCII.GetBytes("XYZ ", header[20..]);
        BinaryPrimitives.WriteUInt16BigEndian(header[24..], 2026);         // date: 2026-01-01
        BinaryPrimitives.WriteUInt16BigEndian(header[26..], 1);
        BinaryPrimitives.WriteUInt16BigEndian(header[28..], 1);
        Encoding.ASCII.GetBytes("acsp", header[36..]);
        WriteS15Fixed16(header[68..], 0.9642);                              // PCS illuminant D50
        WriteS15Fixed16(header[72..], 1.0);
        WriteS15Fixed16(header[76..], 0.8249);
        table.CopyTo(profile.AsSpan(128));
        body.ToArray().CopyTo(profile.AsSpan(128 + tableLength));
        return profile;
    }

    private static byte[] Xyz(double x, double y, double z)
    {
        var data = new byte[20];
        Encoding.ASCII.GetBytes("XYZ ", data);
        WriteS15Fixed16(data.AsSpan(8), x);
        WriteS15Fixed16(data.AsSpan(12), y);
        WriteS15Fixed16(data.AsSpan(16), z);
        return data;
    }

    private static byte[] Curve(double gamma)
    {
        var data = new byte[14];
        Encoding.ASCII.GetBytes("curv", data);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(12), (ushort)Math.Round(gamma * 256)); // u8Fixed8
        return data;
    }

    private static byte[] TextDescription(string text)
    {
        // 'desc', reserved, ASCII count (with NUL), ASCII, Unicode language + count (0), ScriptCode code + count + 67 bytes.
        var ascii = Encoding.ASCII.GetBytes(text + "\0");
        var data = new byte[12 + ascii.Length + 8 + 3 + 67];
        Encoding.ASCII.GetBytes("desc", data);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(8), (uint)ascii.Length);
        ascii.CopyTo(data.AsSpan(12));
        return data;
    }

    private static void WriteS15Fixed16(Span<byte> destination, double value) =>
        BinaryPrimitives.WriteInt32BigEndian(destination, (int)Math.Round(value * 65536));
}
