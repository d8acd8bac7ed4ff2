namespace Augment.Audio;

/// <summary>
/// Triangular-PDF dither in units of one LSB: the sum of two independent uniform values in
/// [-0.5, 0.5), so peak ±1 LSB, mean 0, variance 1/6 LSB² (Lipshitz, Wannamaker &amp; Vanderkooy 1992).
/// A xorshift64* generator keeps it allocation-free and reproducible from a seed.
/// </summary>
internal sealed class TpdfDither(int seed)
{
    private ulong _state = 0x9E3779B97F4A7C15UL ^ (ulong)(uint)seed ^ ((ulong)(uint)seed << 32) | 1UL;

    public double Next() => Uniform() + Uniform() - 1.0;

    private double Uniform()
    {
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        return ((_state * 0x2545F4914F6CDD1DUL) >> 11) * (1.0 / (1UL << 53));
    }
}
