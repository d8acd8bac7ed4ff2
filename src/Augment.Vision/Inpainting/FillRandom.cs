namespace Augment.Vision;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014): a tiny, fast generator whose stream depends only on the
/// seed. Each band of each PatchMatch pass gets its own stream from (seed, level, iteration, pass,
/// band), so a fill is reproducible whatever the number of threads.
/// </summary>
internal struct FillRandom
{
    private ulong _state;

    public FillRandom(int seed, int level, int iteration, int pass, int band)
    {
        _state = (ulong)(uint)seed;
        _state = Mix(_state ^ ((ulong)(uint)level << 32)) ^ (ulong)(uint)iteration;
        _state = Mix(_state ^ ((ulong)(uint)pass << 32)) ^ (ulong)(uint)band;
        _state = Mix(_state);
    }

    /// <summary>A uniform integer in [0, <paramref name="exclusiveMax"/>).</summary>
    public int Next(int exclusiveMax) => (int)(((Next64() >> 32) * (ulong)exclusiveMax) >> 32);

    /// <summary>A uniform integer in [-<paramref name="radius"/>, <paramref name="radius"/>].</summary>
    public int Offset(int radius) => Next(2 * radius + 1) - radius;

    private ulong Next64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
