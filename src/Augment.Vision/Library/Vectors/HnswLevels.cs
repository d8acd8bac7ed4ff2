namespace Augment.Vision;

/// <summary>
/// The layer of each node: l = floor(-ln(U) · mL) with mL = 1/ln(M) (the paper's section 4.1 choice, which
/// makes the expected number of layers ~log_M(N)). U is a hash of (seed, node number) rather than a
/// stream of random numbers, so a level never depends on which thread inserted what first, and a loaded
/// index continues the same sequence without storing any generator state.
/// </summary>
internal static class HnswLevels
{
    /// <summary>Highest layer a node may get (the draw is capped here; with M = 16 a level of 12 already has probability 2^-48).</summary>
    public const int MaxLevel = 31;

    public static int Draw(int seed, int node, int m)
    {
        var u = Uniform(seed, node);
        var level = Math.Floor(-Math.Log(u) / Math.Log(m));
        return level >= MaxLevel ? MaxLevel : (int)level;
    }

    /// <summary>A uniform value in (0, 1] from SplitMix64 (Steele, Lea &amp; Flood 2014) of the seed and node.</summary>
    internal static double Uniform(int seed, int node)
    {
        var z = ((ulong)(uint)seed << 32) ^ (uint)node;
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return ((z >> 11) + 1) * (1.0 / (1UL << 53));
    }
}
