using System.Numerics;

namespace Augment.Provenance.Watermarks;

/// <summary>
/// The rate-1/2, constraint-length-7 convolutional code with generators 171 and 133 (octal), as in CCSDS 131.0 and
/// IEEE 802.11 (free distance 10), with a soft-decision Viterbi decoder. The encoder starts in state 0 and the caller
/// appends <see cref="TailBits"/> zero bits so that it also ends there.
/// </summary>
internal static class ConvolutionalCode
{
    /// <summary>Zero bits that flush the encoder.</summary>
    public const int TailBits = 6;

    // The register holds the newest input in bit 0, so the octal generators (written newest tap first) appear
    // bit-reversed: 171 -> 0x4F, 133 -> 0x6D (the same constants as Karn's libfec V27POLYA/B).
    private const int PolyA = 0x4F;
    private const int PolyB = 0x6D;
    private const int States = 64;

    /// <summary>Encodes <paramref name="bits"/> (0 or 1 each) into 2 coded bits per input bit.</summary>
    public static void Encode(ReadOnlySpan<byte> bits, Span<byte> coded)
    {
        if (coded.Length != 2 * bits.Length)
            throw new ArgumentException("coded output must be twice the input length.", nameof(coded));
        var register = 0;
        for (var i = 0; i < bits.Length; i++)
        {
            register = ((register << 1) | (bits[i] & 1)) & 0x7F;
            coded[2 * i] = (byte)(BitOperations.PopCount((uint)(register & PolyA)) & 1);
            coded[2 * i + 1] = (byte)(BitOperations.PopCount((uint)(register & PolyB)) & 1);
        }
    }

    /// <summary>
    /// Maximum-likelihood decoding of soft values (positive means 1, magnitude is confidence), assuming the encoder
    /// started and ended in state 0. Writes <c>soft.Length / 2</c> bits, tail included.
    /// </summary>
    public static void Decode(ReadOnlySpan<float> soft, Span<byte> bits)
    {
        var steps = soft.Length / 2;
        if (bits.Length != steps || soft.Length != 2 * steps)
            throw new ArgumentException("bits must be half the soft length.", nameof(bits));
        Span<float> metric = stackalloc float[States];
        Span<float> next = stackalloc float[States];
        var decisions = new byte[steps * States];
        metric.Fill(float.NegativeInfinity);
        metric[0] = 0;
        for (var t = 0; t < steps; t++)
        {
            var a = soft[2 * t];
            var b = soft[2 * t + 1];
            for (var state = 0; state < States; state++)
            {
                // Predecessors of 'state' differ in the oldest of their six bits; the input bit is state & 1.
                var best = float.NegativeInfinity;
                byte choice = 0;
                for (var high = 0; high < 2; high++)
                {
                    var previous = (state >> 1) | (high << 5);
                    if (float.IsNegativeInfinity(metric[previous]))
                        continue;
                    var register = (previous << 1) | (state & 1);
                    var outA = BitOperations.PopCount((uint)(register & PolyA)) & 1;
                    var outB = BitOperations.PopCount((uint)(register & PolyB)) & 1;
                    var candidate = metric[previous] + (outA == 1 ? a : -a) + (outB == 1 ? b : -b);
                    if (candidate > best)
                    {
                        best = candidate;
                        choice = (byte)high;
                    }
                }
                next[state] = best;
                decisions[t * States + state] = choice;
            }
            next.CopyTo(metric);
        }
        var current = 0;
        for (var t = steps - 1; t >= 0; t--)
        {
            bits[t] = (byte)(current & 1);
            current = (current >> 1) | (decisions[t * States + current] << 5);
        }
    }
}
