using System.Buffers.Binary;
using System.Text;

namespace Augment.Cli.Tests.Demo;

/// <summary>Independent readers for the demo's PPM and WAV outputs (written from the formats' specs).</summary>
internal static class MediaHeaders
{
    public sealed record Ppm(int Width, int Height, int MaxValue, byte[] Pixels);

    public sealed record Wav(int Format, int Channels, int SampleRate, int ByteRate, int BlockAlign, int BitsPerSample, byte[] Data, long RiffSize, long FileLength);

    /// <summary>Parses binary PPM: "P6", whitespace-separated width, height, maxval, one whitespace byte, raster.</summary>
    public static Ppm ReadPpm(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var position = 0;
        string Token()
        {
            while (position < bytes.Length && char.IsWhiteSpace((char)bytes[position])) position++;
            var start = position;
            while (position < bytes.Length && !char.IsWhiteSpace((char)bytes[position])) position++;
            return Encoding.ASCII.GetString(bytes, start, position - start);
        }
        Assert.Equal("P6", Token());
        var width = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        var height = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        var max = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        position++; // the single whitespace byte before the raster
        return new Ppm(width, height, max, bytes[position..]);
    }

    /// <summary>Parses a canonical RIFF/WAVE file, walking chunks rather than assuming offsets.</summary>
    public static Wav ReadWav(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal("RIFF", Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal("WAVE", Encoding.ASCII.GetString(bytes, 8, 4));
        var riffSize = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4));
        int format = 0, channels = 0, rate = 0, byteRate = 0, align = 0, bits = 0;
        byte[]? data = null;
        var position = 12;
        while (position + 8 <= bytes.Length)
        {
            var id = Encoding.ASCII.GetString(bytes, position, 4);
            var size = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(position + 4));
            var body = bytes.AsSpan(position + 8, size);
            if (id == "fmt ")
            {
                format = BinaryPrimitives.ReadUInt16LittleEndian(body);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
                rate = (int)BinaryPrimitives.ReadUInt32LittleEndian(body[4..]);
                byteRate = (int)BinaryPrimitives.ReadUInt32LittleEndian(body[8..]);
                align = BinaryPrimitives.ReadUInt16LittleEndian(body[12..]);
                bits = BinaryPrimitives.ReadUInt16LittleEndian(body[14..]);
            }
            else if (id == "data")
            {
                data = body.ToArray();
            }
            position += 8 + size + (size & 1);
        }
        Assert.NotNull(data);
        return new Wav(format, channels, rate, byteRate, align, bits, data, riffSize, bytes.Length);
    }

    /// <summary>Interleaved sample <paramref name="index"/> of 16-bit little-endian PCM.</summary>
    public static short Sample16(this Wav wav, int index) =>
        BinaryPrimitives.ReadInt16LittleEndian(wav.Data.AsSpan(index * 2));
}
