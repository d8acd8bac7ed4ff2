namespace Augment.Provenance.Watermarks;

/// <summary>SplitMix64 (Steele, Lea and Flood 2014): a tiny, stable generator so that a key gives the same layout on every platform and .NET version.</summary>
internal struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in 0..bound-1 (bound small, so the modulo bias is negligible).</summary>
    public int NextInt(int bound) => (int)(Next() % (ulong)bound);
}
