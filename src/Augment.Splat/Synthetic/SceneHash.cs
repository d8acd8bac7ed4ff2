namespace Augment.Splat;

/// <summary>
/// Counter-based random numbers for the synthetic scene: every value is a pure function of (seed, index, stream), so
/// splats can be generated in parallel in any order and a seed always gives the same cloud.
/// </summary>
internal static class SceneHash
{
    /// <summary>SplitMix64's finaliser (Steele, Lea, Flood 2014): a bijective 64-bit mix.</summary>
    public static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    /// <summary>A uniform float in [0, 1) with 24 random bits.</summary>
    public static float Unit(ulong seed, long index, int stream) =>
        (Mix(seed ^ Mix(((ulong)index * 64) + (ulong)stream)) >> 40) * (1f / (1 << 24));

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public static double UnitDouble(ulong seed, long index, int stream) =>
        (Mix(seed ^ Mix(((ulong)index * 64) + (ulong)stream)) >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform float in [low, high).</summary>
    public static float Range(ulong seed, long index, int stream, float low, float high) =>
        low + ((high - low) * Unit(seed, index, stream));
}
