using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Augment.Library;

/// <summary>How values are stored: instants and durations as 100 ns ticks (timestamptz keeps only microseconds), hashes as bigint.</summary>
internal static class PostgresValues
{
    /// <summary>UTC ticks of an instant (a local time is converted; an unspecified one is taken as UTC).</summary>
    public static long UtcTicks(DateTime value) => value.Kind == DateTimeKind.Local ? value.ToUniversalTime().Ticks : value.Ticks;

    /// <summary>The UTC instant of stored ticks.</summary>
    public static DateTime FromTicks(long ticks) => new(ticks, DateTimeKind.Utc);

    /// <summary>The 64 hash bits as a signed bigint (same bits).</summary>
    public static long HashToBigint(ulong bits) => unchecked((long)bits);

    /// <summary>The 64 hash bits of a stored bigint.</summary>
    public static ulong BigintToHash(long value) => unchecked((ulong)value);

    /// <summary>A tsquery matching any of the words (each quoted, so the server takes it literally; words are letters and digits only).</summary>
    public static string AnyWordQuery(IReadOnlyCollection<string> words) =>
        string.Join(" | ", words.Select(word => "'" + word + "'"));

    /// <summary>The vector as little-endian float32 bytes (the bits exactly: -0, subnormals and NaN payloads survive).</summary>
    public static byte[] VectorToBytes(ReadOnlySpan<float> vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        var words = MemoryMarshal.Cast<byte, int>(bytes.AsSpan());
        MemoryMarshal.Cast<float, int>(vector).CopyTo(words);
        if (!BitConverter.IsLittleEndian)
            BinaryPrimitives.ReverseEndianness(words, words);
        return bytes;
    }

    /// <summary>The vector stored by <see cref="VectorToBytes"/>.</summary>
    /// <exception cref="AssetIndexException">The length is not a multiple of 4 bytes.</exception>
    public static float[] BytesToVector(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % sizeof(float) != 0)
            throw new AssetIndexException($"A stored embedding holds {bytes.Length} bytes, not a whole number of float32 values.");
        var vector = new float[bytes.Length / sizeof(float)];
        var words = MemoryMarshal.Cast<float, int>(vector.AsSpan());
        MemoryMarshal.Cast<byte, int>(bytes).CopyTo(words);
        if (!BitConverter.IsLittleEndian)
            BinaryPrimitives.ReverseEndianness(words, words);
        return vector;
    }
}
