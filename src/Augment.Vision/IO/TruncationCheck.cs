using System.Buffers.Binary;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;

namespace Augment.Vision;

/// <summary>
/// Detects truncated files that ImageSharp 2.1 would decode without complaint, filling the missing
/// pixels with zeros: BMP pixel arrays, WebP RIFF payloads, JPEG scans without an end-of-image marker
/// and TIFF strips that run past the end. Each check compares what the container's own header promises
/// with the bytes present, so it costs a few small reads. PNG needs none: its decoder checks every
/// chunk's CRC.
/// </summary>
internal static class TruncationCheck
{
    public static void Ensure(Stream stream, long start, IImageFormat format, string name)
    {
        var length = stream.Length - start;
        var needed = format switch
        {
            BmpFormat => BmpNeeds(stream, start, length),
            WebpFormat => WebpNeeds(stream, start),
            TiffFormat => TiffNeeds(stream, start, length),
            JpegFormat => JpegHasEnd(stream, start, length) ? 0 : length + 2,
            _ => 0,
        };
        if (needed > length)
        {
            var reason = format is JpegFormat
                ? "the file ends before the JPEG end-of-image marker; it is truncated."
                : $"the file is truncated: its header needs {needed} bytes, the file has {length}.";
            throw new InvalidMediaException(name, length, reason);
        }
    }

    private static long BmpNeeds(Stream stream, long start, long length)
    {
        Span<byte> header = stackalloc byte[34];
        if (!ReadAt(stream, start, header))
            return 0; // shorter than a header: the decoder reports it
        var pixelOffset = BinaryPrimitives.ReadUInt32LittleEndian(header[10..]);
        var infoSize = BinaryPrimitives.ReadUInt32LittleEndian(header[14..]);
        long width, height, bitsPerPixel, compression;
        if (infoSize == 12)
        {
            width = BinaryPrimitives.ReadUInt16LittleEndian(header[18..]);
            height = BinaryPrimitives.ReadUInt16LittleEndian(header[20..]);
            bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(header[24..]);
            compression = 0;
        }
        else if (infoSize >= 40)
        {
            width = BinaryPrimitives.ReadInt32LittleEndian(header[18..]);
            height = Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(header[22..])); // negative = top-down
            bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
            compression = BinaryPrimitives.ReadUInt32LittleEndian(header[30..]);
        }
        else
        {
            return 0;
        }
        // Only uncompressed pixel arrays (BI_RGB, BI_BITFIELDS, BI_ALPHABITFIELDS) have a size known up front.
        if (compression is not (0 or 3 or 6) || width <= 0 || bitsPerPixel is 0 or > 64)
            return 0;
        var stride = (width * bitsPerPixel + 31) / 32 * 4; // rows pad to 4 bytes (BMP spec)
        return pixelOffset + stride * height;
    }

    private static long WebpNeeds(Stream stream, long start)
    {
        Span<byte> header = stackalloc byte[8];
        if (!ReadAt(stream, start, header))
            return 0;
        // RIFF: "RIFF", payload size (little-endian), then the payload, padded to even length.
        return 8L + BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
    }

    private static bool JpegHasEnd(Stream stream, long start, long length)
    {
        // Inside entropy-coded data 0xFF is always followed by 0x00 or a restart marker, so FF D9 near the
        // end can only be an end-of-image marker. Trailing bytes after it (padding, vendor data) are allowed.
        var tail = (int)Math.Min(length, 1 << 16);
        var bytes = new byte[tail];
        if (!ReadAt(stream, start + length - tail, bytes))
            return true;
        for (var i = tail - 2; i >= 0; i--)
        {
            if (bytes[i] == 0xFF && bytes[i + 1] == 0xD9)
                return true;
        }
        return false;
    }

    private static long TiffNeeds(Stream stream, long start, long length)
    {
        Span<byte> header = stackalloc byte[8];
        if (!ReadAt(stream, start, header))
            return 0;
        var little = header[0] == (byte)'I';
        if (ReadU16(header[2..], little) != 42)
            return 0; // BigTIFF or not TIFF: leave it to the decoder
        var ifd = (long)ReadU32(header[4..], little);
        Span<byte> countBytes = stackalloc byte[2];
        if (ifd + 2 > length || !ReadAt(stream, start + ifd, countBytes))
            return 0;
        var entries = ReadU16(countBytes, little);
        var table = new byte[entries * 12];
        if (ifd + 2 + table.Length > length || !ReadAt(stream, start + ifd + 2, table))
            return 0;

        long[]? offsets = null, sizes = null;
        for (var e = 0; e < entries; e++)
        {
            var entry = table.AsSpan(e * 12, 12);
            var tag = ReadU16(entry, little);
            if (tag is 273 or 324)
                offsets = ReadValues(stream, start, length, entry, little);
            else if (tag is 279 or 325)
                sizes = ReadValues(stream, start, length, entry, little);
        }
        if (offsets is null || sizes is null || offsets.Length != sizes.Length)
            return 0;
        long end = 0;
        for (var i = 0; i < offsets.Length; i++)
            end = Math.Max(end, offsets[i] + sizes[i]);
        return end;
    }

    // The values of a SHORT or LONG array entry: in the entry itself when they fit in 4 bytes, else at its offset.
    private static long[]? ReadValues(Stream stream, long start, long length, ReadOnlySpan<byte> entry, bool little)
    {
        var type = ReadU16(entry[2..], little);
        var count = ReadU32(entry[4..], little);
        var size = type switch { 3 => 2, 4 => 4, _ => 0 };
        if (size == 0 || count == 0 || count > length / size)
            return null;
        var bytes = new byte[count * size];
        if (bytes.Length <= 4)
            entry.Slice(8, bytes.Length).CopyTo(bytes);
        else if (!ReadAt(stream, start + ReadU32(entry[8..], little), bytes))
            return null;
        var values = new long[count];
        for (var i = 0; i < values.Length; i++)
            values[i] = size == 2 ? ReadU16(bytes.AsSpan(2 * i), little) : ReadU32(bytes.AsSpan(4 * i), little);
        return values;
    }

    private static ushort ReadU16(ReadOnlySpan<byte> bytes, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(bytes) : BinaryPrimitives.ReadUInt16BigEndian(bytes);

    private static uint ReadU32(ReadOnlySpan<byte> bytes, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) : BinaryPrimitives.ReadUInt32BigEndian(bytes);

    private static bool ReadAt(Stream stream, long position, Span<byte> buffer)
    {
        if (position < 0 || position + buffer.Length > stream.Length)
            return false;
        stream.Position = position;
        stream.ReadExactly(buffer);
        return true;
    }
}
