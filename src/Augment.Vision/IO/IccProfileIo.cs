using System.Buffers.Binary;
using System.IO.Compression;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Icc;

namespace Augment.Vision;

/// <summary>
/// Embedded ICC profiles, carried byte for byte (never interpreted or converted). ImageSharp 2.1 reads
/// and writes them in JPEG (APP2 "ICC_PROFILE") only; PNG's iCCP chunk (PNG specification 11.3.3.3)
/// is read and written here. TIFF, WebP and BMP outputs cannot carry one in this version.
/// </summary>
internal static class IccProfileIo
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Whether <paramref name="format"/> output can carry a profile.</summary>
    public static bool CanWrite(ImageFileFormat format) => format is ImageFileFormat.Jpeg or ImageFileFormat.Png;

    /// <summary>The profile embedded in an image file, or null when there is none (or the format cannot hold one).</summary>
    public static byte[]? Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> signature = stackalloc byte[8];
        if (stream.ReadAtLeast(signature, 8, throwOnEndOfStream: false) == 8 && signature.SequenceEqual(PngSignature))
            return ReadPng(stream);
        stream.Position = 0;
        try
        {
            return Image.Identify(stream)?.Metadata.IccProfile?.ToByteArray();
        }
        catch (Exception ex) when (ex is ImageFormatException or InvalidImageContentException or NotSupportedException)
        {
            return null; // the decoder reports the real problem when the pixels are loaded
        }
    }

    /// <summary>Sets the profile on an ImageSharp image before a JPEG encode.</summary>
    public static void Attach(Image image, byte[] profile) => image.Metadata.IccProfile = new IccProfile(profile);

    /// <summary>Copies a PNG from <paramref name="png"/> to <paramref name="output"/> with an iCCP chunk after IHDR.</summary>
    public static void WritePngWithProfile(ReadOnlySpan<byte> png, Stream output, byte[] profile)
    {
        // Signature (8) + IHDR (4 length + 4 type + 13 data + 4 CRC) = 33 bytes; iCCP must precede PLTE and IDAT.
        const int AfterHeader = 33;
        if (png.Length < AfterHeader || !png[..8].SequenceEqual(PngSignature) || !png.Slice(12, 4).SequenceEqual("IHDR"u8))
            throw new InvalidOperationException("The PNG encoder did not start with IHDR.");
        using var data = new MemoryStream();
        data.Write("ICC profile\0"u8);        // keyword, NUL
        data.WriteByte(0);                     // compression method 0: zlib deflate
        using (var zlib = new ZLibStream(data, CompressionLevel.Optimal, leaveOpen: true))
            zlib.Write(profile);
        output.Write(png[..AfterHeader]);
        WriteChunk(output, "iCCP"u8, data.GetBuffer().AsSpan(0, (int)data.Length));
        output.Write(png[AfterHeader..]);
    }

    private static byte[]? ReadPng(Stream stream)
    {
        Span<byte> header = stackalloc byte[8];
        while (stream.ReadAtLeast(header, 8, throwOnEndOfStream: false) == 8)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = header[4..];
            if (type.SequenceEqual("IDAT"u8) || type.SequenceEqual("IEND"u8) || length > int.MaxValue)
                return null; // iCCP precedes the image data
            if (!type.SequenceEqual("iCCP"u8))
            {
                stream.Seek(length + 4L, SeekOrigin.Current);
                continue;
            }
            var chunk = new byte[length];
            if (stream.ReadAtLeast(chunk, chunk.Length, throwOnEndOfStream: false) < chunk.Length)
                return null;
            var nul = Array.IndexOf(chunk, (byte)0);
            if (nul < 1 || nul + 2 > chunk.Length || chunk[nul + 1] != 0)
                return null;
            try
            {
                using var zlib = new ZLibStream(new MemoryStream(chunk, nul + 2, chunk.Length - nul - 2), CompressionMode.Decompress);
                using var profile = new MemoryStream();
                zlib.CopyTo(profile);
                return profile.ToArray();
            }
            catch (InvalidDataException)
            {
                return null;
            }
        }
        return null;
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        var crc = Crc32.Update(Crc32.Update(0xFFFFFFFFu, type), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        output.Write(word);
    }

    /// <summary>The CRC-32 of PNG specification annex D (polynomial 0xEDB88320, reflected).</summary>
    private static class Crc32
    {
        private static readonly uint[] Table = Build();

        public static uint Update(uint crc, ReadOnlySpan<byte> bytes)
        {
            foreach (var b in bytes)
                crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            return crc;
        }

        private static uint[] Build()
        {
            var table = new uint[256];
            for (var n = 0u; n < 256; n++)
            {
                var c = n;
                for (var k = 0; k < 8; k++)
                    c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                table[n] = c;
            }
            return table;
        }
    }
}
