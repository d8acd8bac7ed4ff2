using System.Buffers.Binary;
using System.Text;

namespace Augment.Vision.Tests.IO;

/// <summary>Writes PNG chunks by hand (independent of ImageSharp), CRC included.</summary>
internal static class PngBytes
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    public static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// A PNG whose IHDR declares <paramref name="width"/> x <paramref name="height"/> 8-bit RGB. With
    /// <paramref name="blackPixels"/> the IDAT holds every (black) scanline, making a complete file;
    /// without, one empty zlib block stands in for the data.
    /// </summary>
    public static byte[] WithHeader(uint width, uint height, bool blackPixels = false)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;  // bit depth
        ihdr[9] = 2;  // colour type: RGB
        using var png = new MemoryStream();
        png.Write(Signature);
        WriteChunk(png, "IHDR", ihdr);
        if (blackPixels)
        {
            using var compressed = new MemoryStream();
            using (var zlib = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
                zlib.Write(new byte[checked((int)(height * (1 + 3 * width)))]); // filter byte 0 + RGB zeros per row
            WriteChunk(png, "IDAT", compressed.ToArray());
        }
        else
        {
            // A valid zlib stream of one empty stored block: far too little data for the declared size.
            WriteChunk(png, "IDAT", [0x78, 0x01, 0x01, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x01]);
        }
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    public static void WriteChunk(Stream stream, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        stream.Write(word);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        stream.Write(typeBytes);
        stream.Write(data);
        var crc = Crc32(Crc32(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        stream.Write(word);
    }

    /// <summary>PNG CRC-32 (ISO 3309, polynomial 0xEDB88320), running form without the final inversion.</summary>
    public static uint Crc32(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
