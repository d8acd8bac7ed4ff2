namespace Augment.Vision;

/// <summary>
/// Finds near-duplicate pictures by their perceptual hashes: every pair whose Hamming distance is at most a
/// threshold, and the groups those pairs connect. Small sets (and thresholds above 15 bits) are compared pair by
/// pair; large sets go through a multi-index over four 16-bit bands (Norouzi, Punjani and Fleet, "Fast Search in
/// Hamming Space with Multi-Index Hashing", CVPR 2012), which finds exactly the same pairs.
/// </summary>
public static class NearDuplicates
{
    /// <summary>Sets larger than this use the multi-index (when the threshold allows it).</summary>
    internal const int ExhaustiveLimit = 2048;

    /// <summary>
    /// Every pair (i &lt; j) with <c>hashes[i].DistanceTo(hashes[j]) &lt;= maxDistanceBits</c>, ordered by
    /// <see cref="NearDuplicatePair.First"/> then <see cref="NearDuplicatePair.Second"/>.
    /// </summary>
    /// <param name="hashes">The hashes (one kind only: pHash with pHash, dHash with dHash).</param>
    /// <param name="maxDistanceBits">Largest Hamming distance that still counts as a duplicate, 0..64.</param>
    /// <param name="budget">Threads allowed; <see cref="ComputeBudget.Default"/> when null.</param>
    /// <param name="cancellationToken">Stops the search.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDistanceBits"/> is outside 0..64.</exception>
    public static IReadOnlyList<NearDuplicatePair> Pairs(IReadOnlyList<PerceptualHash> hashes, int maxDistanceBits,
        ComputeBudget? budget = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        ArgumentOutOfRangeException.ThrowIfNegative(maxDistanceBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDistanceBits, 64);
        var bits = new ulong[hashes.Count];
        for (var i = 0; i < bits.Length; i++)
            bits[i] = hashes[i].Bits;
        var options = (budget ?? ComputeBudget.Default).ToParallelOptions(cancellationToken);
        return bits.Length > ExhaustiveLimit && maxDistanceBits <= MultiIndexSearch.MaxDistance
            ? MultiIndexSearch.Pairs(bits, maxDistanceBits, options)
            : MultiIndexSearch.PairsExhaustive(bits, maxDistanceBits, options);
    }

    /// <summary>Recommended threshold for <see cref="ImageHashes.DistanceTo"/> (pHash + dHash bits): 42.</summary>
    public const int RecommendedCombinedThresholdBits = 42;

    /// <summary>Recommended threshold for the dHash alone: 20 bits.</summary>
    public const int RecommendedDhashThresholdBits = 20;

    /// <summary>Recommended threshold for the pHash alone: 20 bits (precise, but misses some 5 % crops).</summary>
    public const int RecommendedPhashThresholdBits = 20;

    /// <summary>
    /// Every pair (i &lt; j) whose combined distance <see cref="ImageHashes.DistanceTo"/> is at most
    /// <paramref name="maxDistanceBits"/> (0..128), compared pair by pair in parallel, ordered by index.
    /// </summary>
    /// <param name="hashes">Both hashes of every picture.</param>
    /// <param name="maxDistanceBits">Largest pHash + dHash distance that still counts as a duplicate, 0..128
    /// (<see cref="RecommendedCombinedThresholdBits"/> is a good start).</param>
    /// <param name="budget">Threads allowed; <see cref="ComputeBudget.Default"/> when null.</param>
    /// <param name="cancellationToken">Stops the search.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDistanceBits"/> is outside 0..128.</exception>
    public static IReadOnlyList<NearDuplicatePair> Pairs(IReadOnlyList<ImageHashes> hashes, int maxDistanceBits,
        ComputeBudget? budget = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        ArgumentOutOfRangeException.ThrowIfNegative(maxDistanceBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDistanceBits, 128);
        var phash = new ulong[hashes.Count];
        var dhash = new ulong[hashes.Count];
        for (var i = 0; i < phash.Length; i++)
        {
            phash[i] = hashes[i].Phash.Bits;
            dhash[i] = hashes[i].Dhash.Bits;
        }
        return MultiIndexSearch.PairsExhaustive(phash, maxDistanceBits, (budget ?? ComputeBudget.Default).ToParallelOptions(cancellationToken), dhash);
    }

    /// <summary>The groups of near-duplicates by combined distance (see <see cref="Pairs(IReadOnlyList{ImageHashes}, int, ComputeBudget?, CancellationToken)"/>), as <see cref="Group(IReadOnlyList{PerceptualHash}, int, ComputeBudget?, CancellationToken)"/> forms them.</summary>
    /// <param name="hashes">Both hashes of every picture.</param>
    /// <param name="maxDistanceBits">Largest pHash + dHash distance that still counts as a duplicate, 0..128.</param>
    /// <param name="budget">Threads allowed; <see cref="ComputeBudget.Default"/> when null.</param>
    /// <param name="cancellationToken">Stops the search.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDistanceBits"/> is outside 0..128.</exception>
    public static IReadOnlyList<int[]> Group(IReadOnlyList<ImageHashes> hashes, int maxDistanceBits,
        ComputeBudget? budget = null, CancellationToken cancellationToken = default) =>
        Components(Pairs(hashes, maxDistanceBits, budget, cancellationToken), hashes.Count);

    /// <summary>
    /// The groups of near-duplicates: connected components of the pairs <see cref="Pairs(IReadOnlyList{PerceptualHash}, int, ComputeBudget?, CancellationToken)"/> finds (so a chain
    /// a~b~c is one group even when a and c are further apart), each with two or more members, as ascending index
    /// arrays ordered by their first index. Hashes with no partner are in no group.
    /// </summary>
    /// <param name="hashes">The hashes (one kind only).</param>
    /// <param name="maxDistanceBits">Largest Hamming distance that still counts as a duplicate, 0..64.</param>
    /// <param name="budget">Threads allowed; <see cref="ComputeBudget.Default"/> when null.</param>
    /// <param name="cancellationToken">Stops the search.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDistanceBits"/> is outside 0..64.</exception>
    public static IReadOnlyList<int[]> Group(IReadOnlyList<PerceptualHash> hashes, int maxDistanceBits,
        ComputeBudget? budget = null, CancellationToken cancellationToken = default) =>
        Components(Pairs(hashes, maxDistanceBits, budget, cancellationToken), hashes.Count);

    // Pairs runs first, so a null list is reported by its guard before Count is read.
    private static List<int[]> Components(IReadOnlyList<NearDuplicatePair> pairs, int count)
    {
        var parent = new int[count];
        for (var i = 0; i < parent.Length; i++)
            parent[i] = i;
        foreach (var pair in pairs)
        {
            int a = Root(parent, pair.First), b = Root(parent, pair.Second);
            if (a != b)
                parent[Math.Max(a, b)] = Math.Min(a, b); // the smallest index is the root
        }
        var members = new Dictionary<int, List<int>>();
        var order = new List<int>();
        for (var i = 0; i < parent.Length; i++)
        {
            var root = Root(parent, i);
            if (!members.TryGetValue(root, out var list))
            {
                members[root] = list = [];
                order.Add(root);
            }
            list.Add(i);
        }
        var groups = new List<int[]>();
        foreach (var root in order)
        {
            if (members[root].Count > 1)
                groups.Add([.. members[root]]);
        }
        return groups;
    }

    private static int Root(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
