namespace Augment.Vision.Tests.Library.Hashing;

public class NearDuplicatesTests
{
    private static List<PerceptualHash> RandomWithPlantedNeighbours(int count, int seed)
    {
        var random = new Random(seed);
        var hashes = new List<PerceptualHash>(count);
        while (hashes.Count < count)
        {
            var bits = (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63);
            hashes.Add(new PerceptualHash(bits));
            // A neighbour 0..16 bits away for about a third of them.
            if (random.Next(3) == 0 && hashes.Count < count)
            {
                var flips = random.Next(17);
                for (var f = 0; f < flips; f++)
                    bits ^= 1UL << random.Next(64);
                hashes.Add(new PerceptualHash(bits));
            }
        }
        return hashes;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(10)]
    [InlineData(15)]
    public void Multi_index_finds_exactly_the_pairs_of_the_pair_by_pair_search(int threshold)
    {
        var hashes = RandomWithPlantedNeighbours(6000, threshold + 1);
        var bits = hashes.ConvertAll(h => h.Bits).ToArray();
        var options = new ParallelOptions { CancellationToken = TestContext.Current.CancellationToken };
        var expected = MultiIndexSearch.PairsExhaustive(bits, threshold, options);
        var actual = MultiIndexSearch.Pairs(bits, threshold, options);
        Assert.True(expected.Count > 50, $"only {expected.Count} pairs planted");
        Assert.Equal(expected, actual);
        // And the public entry point (above the exhaustive limit, so it takes the multi-index).
        Assert.Equal(expected, NearDuplicates.Pairs(hashes, threshold, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Groups_are_connected_components_of_pairs_within_the_threshold()
    {
        var hashes = new List<PerceptualHash>
        {
            new(0b0000UL),             // 0
            new(0xFFFF_0000_0000_0000UL), // 1: far from all
            new(0b0011UL),             // 2: 2 bits from 0
            new(0b1111UL),             // 3: 2 bits from 2, 4 from 0: chained
            new(0xFFFF_0000_0000_0001UL), // 4: 1 bit from 1
            new(0x0F0F_0F0F_0000_0000UL), // 5: alone
        };
        var groups = NearDuplicates.Group(hashes, 2, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(2, groups.Count);
        Assert.Equal([0, 2, 3], groups[0]);
        Assert.Equal([1, 4], groups[1]);
        var pairs = NearDuplicates.Pairs(hashes, 2, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal([new NearDuplicatePair(0, 2, 2), new NearDuplicatePair(1, 4, 1), new NearDuplicatePair(2, 3, 2)], pairs);
    }

    [Fact]
    public void Combined_pairs_add_the_phash_and_dhash_distances()
    {
        var a = new ImageHashes(new PerceptualHash(0UL), new PerceptualHash(0UL));
        var b = new ImageHashes(new PerceptualHash(0b111UL), new PerceptualHash(0b11UL));
        var c = new ImageHashes(new PerceptualHash(ulong.MaxValue), new PerceptualHash(0UL));
        Assert.Equal(5, a.DistanceTo(b));
        var pairs = NearDuplicates.Pairs([a, b, c], 5, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal([new NearDuplicatePair(0, 1, 5)], pairs);
        Assert.Empty(NearDuplicates.Pairs([a, b, c], 4, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Thresholds_outside_the_hash_length_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NearDuplicates.Pairs(new List<PerceptualHash>(), 65, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentOutOfRangeException>(() => NearDuplicates.Pairs(new List<PerceptualHash>(), -1, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentOutOfRangeException>(() => NearDuplicates.Pairs(new List<ImageHashes>(), 129, cancellationToken: TestContext.Current.CancellationToken));
    }
}
