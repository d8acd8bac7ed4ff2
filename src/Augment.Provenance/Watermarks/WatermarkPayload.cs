using System.Buffers.Binary;
using System.Globalization;

namespace Augment.Provenance.Watermarks;

/// <summary>
/// The 64 bits an invisible watermark carries, for example an identifier that a <c>c2pa.soft-binding</c> assertion
/// links to a manifest. Bytes are big-endian: <see cref="ToHex"/> of <c>0x0123456789ABCDEF</c> is <c>"0123456789abcdef"</c>.
/// </summary>
/// <param name="Value">The payload as an unsigned 64-bit integer.</param>
public readonly record struct WatermarkPayload(ulong Value)
{
    /// <summary>Payload length in bits.</summary>
    public const int Bits = 64;

    /// <summary>Payload length in bytes.</summary>
    public const int Bytes = 8;

    /// <summary>Parses 1 to 16 hexadecimal digits (an optional <c>0x</c> prefix is allowed); shorter strings are zero-extended on the left.</summary>
    /// <param name="hex">Hexadecimal digits.</param>
    /// <exception cref="FormatException">The text is empty, longer than 16 digits or not hexadecimal.</exception>
    public static WatermarkPayload FromHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var digits = hex.Trim();
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            digits = digits[2..];
        if (digits.Length is 0 or > 16 || !ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            throw new FormatException($"watermark payload '{hex}' is not 1 to 16 hexadecimal digits (64 bits).");
        return new WatermarkPayload(value);
    }

    /// <summary>Reads exactly 8 big-endian bytes.</summary>
    /// <param name="bytes">Eight bytes.</param>
    /// <exception cref="ArgumentException">The span is not 8 bytes long.</exception>
    public static WatermarkPayload FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Bytes)
            throw new ArgumentException($"a watermark payload is {Bytes} bytes, not {bytes.Length}.", nameof(bytes));
        return new WatermarkPayload(BinaryPrimitives.ReadUInt64BigEndian(bytes));
    }

    /// <summary>The payload as 8 big-endian bytes (what a soft-binding assertion stores).</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[Bytes];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, Value);
        return bytes;
    }

    /// <summary>The payload as 16 lower-case hexadecimal digits.</summary>
    public string ToHex() => Value.ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>Bit <paramref name="index"/> counted from the most significant (0) to the least significant (63).</summary>
    /// <param name="index">0 to 63.</param>
    public bool Bit(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Bits);
        return ((Value >> (Bits - 1 - index)) & 1) != 0;
    }

    /// <summary>The hexadecimal form.</summary>
    public override string ToString() => ToHex();
}
