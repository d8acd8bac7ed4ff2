using System.Numerics;

namespace Augment.Vision;

/// <summary>
/// Pair search in Hamming space. The multi-index (Norouzi et al., CVPR 2012) splits each 64-bit hash into four
/// 16-bit bands; by the pigeonhole principle two hashes within D bits agree within r = ⌊D / 4⌋ bits on at least
/// one band, so probing, per band, the buckets at band distance ≤ r finds every candidate. A pair is kept only
/// from the first band where it qualifies, so no pair comes twice. The exhaustive search is the reference.
/// </summary>
internal static class MultiIndexSearch
{
    /// <summary>Largest threshold for the multi-index (r = 3: 697 probes per band; beyond that pair by pair is as quick).</summary>
    public const int MaxDistance = 15;

    private const int Bands = 4;
    private const int BandBits = 16;
    private const int Buckets = 1 << BandBits;
    private const int Chunk = 256;

    /// <summary>Every pair within <paramref name="maxDistance"/>, pair by pair; with <paramref name="second"/>, the distance is the sum over both hashes.</summary>
    public static List<NearDuplicatePair> PairsExhaustive(ulong[] bits, int maxDistance, ParallelOptions options, ulong[]? second = null)
    {
        var n = bits.Length;
        var perChunk = new List<NearDuplicatePair>?[(n + Chunk - 1) / Chunk];
        Parallel.For(0, perChunk.Length, options, chunk =>
        {
            List<NearDuplicatePair>? found = null;
            for (var i = chunk * Chunk; i < Math.Min(n, (chunk + 1) * Chunk); i++)
            {
                var a = bits[i];
                var a2 = second is null ? 0UL : second[i];
                for (var j = i + 1; j < n; j++)
                {
                    var d = BitOperations.PopCount(a ^ bits[j]);
                    if (second is not null)
                        d += BitOperations.PopCount(a2 ^ second[j]);
                    if (d <= maxDistance)
                        (found ??= []).Add(new NearDuplicatePair(i, j, d));
                }
            }
            perChunk[chunk] = found;
        });
        return Concatenate(perChunk, sort: false);
    }

    public static List<NearDuplicatePair> Pairs(ulong[] bits, int maxDistance, ParallelOptions options)
    {
        var n = bits.Length;
        var radius = maxDistance / Bands;
        // Per band, a counting sort of the indices by band value (ascending index inside each bucket).
        var start = new int[Bands][];
        var members = new int[Bands][];
        for (var b = 0; b < Bands; b++)
        {
            var counts = new int[Buckets + 1];
            for (var i = 0; i < n; i++)
                counts[Band(bits[i], b) + 1]++;
            for (var k = 0; k < Buckets; k++)
                counts[k + 1] += counts[k];
            var fill = (int[])counts.Clone();
            var list = new int[n];
            for (var i = 0; i < n; i++)
                list[fill[Band(bits[i], b)]++] = i;
            start[b] = counts;
            members[b] = list;
        }
        var masks = MasksWithin(radius);
        var perChunk = new List<NearDuplicatePair>?[(n + Chunk - 1) / Chunk];
        Parallel.For(0, perChunk.Length, options, chunk =>
        {
            List<NearDuplicatePair>? found = null;
            for (var i = chunk * Chunk; i < Math.Min(n, (chunk + 1) * Chunk); i++)
            {
                var a = bits[i];
                for (var b = 0; b < Bands; b++)
                {
                    var key = Band(a, b);
                    int[] bandStart = start[b], bandMembers = members[b];
                    foreach (var mask in masks)
                    {
                        var bucket = key ^ mask;
                        for (var k = bandStart[bucket]; k < bandStart[bucket + 1]; k++)
                        {
                            var j = bandMembers[k];
                            if (j <= i)
                                continue;
                            var other = bits[j];
                            if (FoundInEarlierBand(a, other, b, radius))
                                continue;
                            var d = BitOperations.PopCount(a ^ other);
                            if (d <= maxDistance)
                                (found ??= []).Add(new NearDuplicatePair(i, j, d));
                        }
                    }
                }
            }
            perChunk[chunk] = found;
        });
        return Concatenate(perChunk, sort: true);
    }

    private static int Band(ulong bits, int band) => (int)((bits >> (band * BandBits)) & (Buckets - 1));

    private static bool FoundInEarlierBand(ulong a, ulong b, int band, int radius)
    {
        var x = a ^ b;
        for (var earlier = 0; earlier < band; earlier++)
        {
            if (BitOperations.PopCount((x >> (earlier * BandBits)) & (Buckets - 1)) <= radius)
                return true;
        }
        return false;
    }

    /// <summary>Every 16-bit value with at most <paramref name="radius"/> bits set.</summary>
    private static int[] MasksWithin(int radius)
    {
        var masks = new List<int>();
        for (var m = 0; m < Buckets; m++)
        {
            if (BitOperations.PopCount((uint)m) <= radius)
                masks.Add(m);
        }
        return [.. masks];
    }

    private static List<NearDuplicatePair> Concatenate(List<NearDuplicatePair>?[] perChunk, bool sort)
    {
        var all = new List<NearDuplicatePair>();
        foreach (var found in perChunk)
        {
            if (found is null)
                continue;
            if (sort)
                found.Sort(static (x, y) => x.First != y.First ? x.First.CompareTo(y.First) : x.Second.CompareTo(y.Second));
            all.AddRange(found);
        }
        return all;
    }
}
