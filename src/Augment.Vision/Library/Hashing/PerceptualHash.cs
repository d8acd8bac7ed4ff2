using System.Globalization;
using System.Numerics;

namespace Augment.Vision;

/// <summary>
/// A 64-bit perceptual hash (pHash or dHash). Bit i of the hash (i = 0..63, row-major over the 8 x 8 cells the
/// hash is made of) is stored at position 63 - i, so the 16-digit hex form reads in cell order. Two pictures are
/// alike when the Hamming distance (differing bits, 0..64) between their hashes is small.
/// </summary>
/// <param name="Bits">The 64 hash bits.</param>
public readonly record struct PerceptualHash(ulong Bits)
{
    /// <summary>Number of bits that differ from <paramref name="other"/> (0 = same hash, 64 = every bit differs).</summary>
    public int DistanceTo(PerceptualHash other) => BitOperations.PopCount(Bits ^ other.Bits);

    /// <summary>Whether cell <paramref name="index"/> (0..63, row-major) is set.</summary>
    public bool this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(index, 63);
            return ((Bits >> (63 - index)) & 1UL) != 0;
        }
    }

    /// <summary>The 16 lowercase hex digits of <see cref="Bits"/>, most significant first.</summary>
    public override string ToString() => Bits.ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>Parses 16 hex digits (either case) as written by <see cref="ToString"/>.</summary>
    /// <exception cref="ArgumentException">The text is not exactly 16 hex digits.</exception>
    public static PerceptualHash Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var hash)
            ? hash
            : throw new ArgumentException($"A perceptual hash is 16 hex digits; got \"{text}\" ({text.Length} characters).", nameof(text));
    }

    /// <summary>Parses 16 hex digits; false when <paramref name="text"/> is anything else.</summary>
    public static bool TryParse(string? text, out PerceptualHash hash)
    {
        hash = default;
        if (text is null || text.Length != 16)
            return false;
        if (!ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var bits))
            return false;
        hash = new PerceptualHash(bits);
        return true;
    }

    /// <summary>Builds a hash from 64 cell decisions (row-major), cell 0 in the most significant bit.</summary>
    internal static PerceptualHash FromCells(ReadOnlySpan<bool> cells)
    {
        var bits = 0UL;
        for (var i = 0; i < 64; i++)
        {
            if (cells[i])
                bits |= 1UL << (63 - i);
        }
        return new PerceptualHash(bits);
    }
}
