using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Augment.Vision;

namespace Augment.Library;

/// <summary>How values are written to and read from the columns: ticks, hash bits, embedding blobs.</summary>
internal static class SqliteValues
{
    /// <summary>UTC ticks of a time: local times are converted, unspecified ones are taken as UTC.</summary>
    public static long UtcTicks(DateTime time) =>
        time.Kind == DateTimeKind.Local ? time.ToUniversalTime().Ticks : time.Ticks;

    public static DateTime Utc(long ticks) => new(ticks, DateTimeKind.Utc);

    /// <summary>The 64 hash bits as a signed INTEGER (SQLite integers are signed 64-bit).</summary>
    public static long HashBits(PerceptualHash hash) => unchecked((long)hash.Bits);

    public static PerceptualHash Hash(long bits) => new(unchecked((ulong)bits));

    /// <summary>The vector as little-endian float32 bytes.</summary>
    public static byte[] VectorBlob(ReadOnlySpan<float> vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(vector).CopyTo(bytes);
            return bytes;
        }
        for (var i = 0; i < vector.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        return bytes;
    }

    /// <summary>Reads a little-endian float32 blob into <paramref name="destination"/> (length = bytes / 4).</summary>
    public static void ReadVector(ReadOnlySpan<byte> blob, Span<float> destination)
    {
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, float>(blob).CopyTo(destination);
            return;
        }
        for (var i = 0; i < destination.Length; i++)
            destination[i] = BinaryPrimitives.ReadSingleLittleEndian(blob[(i * sizeof(float))..]);
    }
}
