namespace Augment.Splat.Tests.Compression;

public class SplatOrderingTests
{
    [Fact]
    public void Morton_codes_interleave_the_quantised_coordinates_bit_by_bit()
    {
        var cloud = RandomCloud(500, seed: 2);
        var (min, max) = cloud.Bounds();

        var codes = SplatOrdering.MortonCodes(cloud);

        for (var i = 0; i < cloud.Count; i++)
        {
            var qx = (uint)((cloud.X[i] - min.X) / (max.X - min.X) * 1023);
            var qy = (uint)((cloud.Y[i] - min.Y) / (max.Y - min.Y) * 1023);
            var qz = (uint)((cloud.Z[i] - min.Z) / (max.Z - min.Z) * 1023);
            uint expected = 0;
            for (var bit = 0; bit < 10; bit++)
                expected |= (((qx >> bit) & 1) << (3 * bit)) | (((qy >> bit) & 1) << ((3 * bit) + 1)) | (((qz >> bit) & 1) << ((3 * bit) + 2));
            Assert.True(Math.Abs((long)expected - codes[i]) == 0 || Near(qx, qy, qz, cloud, i, min, max), $"splat {i}: {codes[i]} vs {expected}");
        }
    }

    [Fact]
    public void Morton_sort_is_a_permutation_in_nondecreasing_code_order_with_non_finite_centres_last()
    {
        var cloud = RandomCloud(1000, seed: 4);
        cloud.X[17] = float.NaN;

        var sorted = cloud.SortMorton();
        var codes = SplatOrdering.MortonCodes(sorted);

        Assert.Equal(cloud.Count, sorted.Count);
        Assert.True(float.IsNaN(sorted.X[^1]));
        for (var i = 1; i < codes.Length; i++)
            Assert.True(codes[i - 1] <= codes[i], $"codes out of order at {i}");
        var before = cloud.Y.ToArray();
        var after = sorted.Y.ToArray();
        Array.Sort(before);
        Array.Sort(after);
        Assert.Equal(before, after);
    }

    [Fact]
    public void Importance_pruning_keeps_exactly_the_top_splats_by_alpha_times_volume()
    {
        var cloud = RandomCloud(400, seed: 6);

        var pruned = cloud.PruneToImportance(100);

        // Reference: sigmoid(opacity) * exp(sx + sy + sz) in double, top 100, kept in input order.
        var expected = Enumerable.Range(0, cloud.Count)
            .Select(i => (Index: i, Importance: 1 / (1 + Math.Exp(-cloud.Opacity[i])) * Math.Exp(cloud.ScaleX[i] + cloud.ScaleY[i] + cloud.ScaleZ[i])))
            .OrderByDescending(p => p.Importance).ThenBy(p => p.Index).Take(100).Select(p => p.Index).Order()
            .Select(i => cloud.X[i]).ToArray();
        Assert.Equal(expected, pruned.X.ToArray());
        Assert.Equal(cloud.Count, cloud.PruneToImportance(10_000).Count);
    }

    [Fact]
    public void Each_level_of_detail_halves_the_count_and_is_a_subset_of_the_level_before()
    {
        var cloud = RandomCloud(1000, seed: 8);

        var levels = cloud.LevelsOfDetail(4);

        Assert.Equal([1000, 500, 250, 125], levels.Select(l => l.Count).ToArray());
        for (var k = 1; k < levels.Count; k++)
        {
            var previous = levels[k - 1].X.ToArray().ToHashSet();
            Assert.All(levels[k].X.ToArray(), x => Assert.Contains(x, previous));
            // The kept half is the important half: its least important splat beats the dropped ones' best.
            var keptMin = SplatOrdering.Importance(levels[k]).Min();
            var dropped = levels[k - 1].Where(levels[k - 1].X.ToArray().Select(x => !levels[k].X.ToArray().Contains(x)).ToArray());
            Assert.True(keptMin >= SplatOrdering.Importance(dropped).Max());
        }
    }

    // A coordinate exactly on a cell boundary may round differently in float and double: accept a one-cell move.
    private static bool Near(uint qx, uint qy, uint qz, GaussianCloud cloud, int i, System.Numerics.Vector3 min, System.Numerics.Vector3 max)
    {
        static bool OnEdge(float v, float lo, float hi) => Math.Abs((((v - lo) / (hi - lo) * 1023) % 1) - 0.5) > 0.4999;
        return OnEdge(cloud.X[i], min.X, max.X) || OnEdge(cloud.Y[i], min.Y, max.Y) || OnEdge(cloud.Z[i], min.Z, max.Z);
    }

    private static GaussianCloud RandomCloud(int count, int seed)
    {
        var random = new Random(seed);
        var cloud = GaussianCloud.Create(count);
        for (var i = 0; i < count; i++)
        {
            cloud.X[i] = (float)((random.NextDouble() * 20) - 10);
            cloud.Y[i] = (float)((random.NextDouble() * 4) - 1);
            cloud.Z[i] = (float)(random.NextDouble() * 7);
            cloud.ScaleX[i] = (float)((random.NextDouble() * 4) - 6);
            cloud.ScaleY[i] = (float)((random.NextDouble() * 4) - 6);
            cloud.ScaleZ[i] = (float)((random.NextDouble() * 4) - 6);
            cloud.Opacity[i] = (float)((random.NextDouble() * 8) - 4);
        }
        return cloud;
    }
}
