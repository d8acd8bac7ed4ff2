namespace Augment.Audio;

/// <summary>
/// The score's own pseudo-random generator: xoshiro256** (Blackman and Vigna, "Scrambled linear pseudorandom
/// number generators", ACM TOMS 2021) seeded through SplitMix64, so that a seed means the same stream on every
/// runtime (System.Random's algorithm is not part of its contract). A value type: each stem owns one.
/// </summary>
internal struct ScoreRandom
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>A stream for (<paramref name="seed"/>, <paramref name="stream"/>): distinct streams are independent.</summary>
    public ScoreRandom(ulong seed, ulong stream)
    {
        var x = seed ^ (stream * 0xD1B54A32D192ED03UL);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong Next()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 bits.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [-1, 1) with 24 bits: white noise.</summary>
    public float NextNoise() => ((Next() >> 40) * (2f / (1 << 24))) - 1f;

    /// <summary>Uniform integer in [0, <paramref name="count"/>).</summary>
    public int NextInt(int count) => (int)((Next() >> 33) % (ulong)count);
}
