using Augment.Splat.Spatial;

namespace Augment.Splat.Tests.Spatial;

public class KdTreeTests
{
    private static (float[] X, float[] Y, float[] Z) RandomPoints(int n, int seed, bool clustered)
    {
        var random = new Random(seed);
        var x = new float[n];
        var y = new float[n];
        var z = new float[n];
        for (var i = 0; i < n; i++)
        {
            if (clustered && i % 7 == 0 && i > 0)
            {
                // Exact duplicates and near-duplicates: ties and zero distances.
                x[i] = x[i - 1];
                y[i] = y[i - 1];
                z[i] = i % 2 == 0 ? z[i - 1] : z[i - 1] + 1e-6f;
                continue;
            }
            var cluster = clustered ? random.Next(4) * 10f : 0f;
            x[i] = cluster + (float)random.NextDouble();
            y[i] = (float)(random.NextDouble() * (clustered ? 0.01 : 1));
            z[i] = -cluster + (float)random.NextDouble() * 3;
        }
        return (x, y, z);
    }

    [Theory]
    [InlineData(1, 5, false, 1)]
    [InlineData(2, 200, false, 8)]
    [InlineData(3, 1000, false, 16)]
    [InlineData(4, 1000, true, 16)]
    [InlineData(5, 777, true, 40)]
    [InlineData(6, 17, false, 16)]
    public void Neighbour_distances_equal_brute_force_exactly(int seed, int n, bool clustered, int k)
    {
        var (x, y, z) = RandomPoints(n, seed, clustered);
        var tree = KdTree.Build(x, y, z);
        var distances = new float[k];
        var ids = new int[k];
        for (var i = 0; i < n; i++)
        {
            var found = tree.Nearest(x[i], y[i], z[i], i, distances, ids);
            var expected = BruteForceKnn.NearestSquared(x, y, z, i, k);
            Assert.Equal(expected.Length, found);
            Assert.Equal(expected, distances[..found]);
            for (var j = 0; j < found; j++)
            {
                Assert.NotEqual(i, ids[j]);
                var dx = x[ids[j]] - x[i];
                var dy = y[ids[j]] - y[i];
                var dz = z[ids[j]] - z[i];
                Assert.Equal(distances[j], (dx * dx) + (dy * dy) + (dz * dz));
            }
        }
    }

    [Fact]
    public void Query_at_an_arbitrary_point_without_exclusion_matches_brute_force()
    {
        var (x, y, z) = RandomPoints(500, 11, clustered: false);
        var tree = KdTree.Build(x, y, z);
        var random = new Random(3);
        var distances = new float[10];
        for (var q = 0; q < 50; q++)
        {
            float qx = (float)random.NextDouble() * 2 - 0.5f, qy = (float)random.NextDouble(), qz = (float)random.NextDouble() * 4 - 0.5f;
            tree.Nearest(qx, qy, qz, -1, distances, []);
            var all = new float[x.Length];
            for (var i = 0; i < x.Length; i++)
            {
                var dx = x[i] - qx;
                var dy = y[i] - qy;
                var dz = z[i] - qz;
                all[i] = (dx * dx) + (dy * dy) + (dz * dz);
            }
            Array.Sort(all);
            Assert.Equal(all[..10], distances);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Mean_neighbour_distances_equal_brute_force_for_any_thread_count(int threads)
    {
        var (x, y, z) = RandomPoints(3000, 21, clustered: true);
        var tree = KdTree.Build(x, y, z);
        var mean = new float[x.Length];
        tree.MeanNeighbourDistances(12, mean, new ComputeBudget { MaxThreads = threads }, TestContext.Current.CancellationToken);
        Assert.Equal(BruteForceKnn.MeanNeighbourDistances(x, y, z, 12), mean);
    }

    [Fact]
    public void A_tree_smaller_than_k_returns_every_other_point()
    {
        float[] x = [0, 1, 3], y = [0, 0, 0], z = [0, 0, 0];
        var tree = KdTree.Build(x, y, z);
        var distances = new float[8];
        var found = tree.Nearest(0, 0, 0, 0, distances, []);
        Assert.Equal(2, found);
        Assert.Equal([1f, 9f], distances[..2]);
    }

    [Fact]
    public void Cancelled_token_stops_the_batch_query()
    {
        var (x, y, z) = RandomPoints(5000, 1, clustered: false);
        var tree = KdTree.Build(x, y, z);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => tree.MeanNeighbourDistances(4, new float[x.Length], ComputeBudget.Default, cancel.Token));
    }
}
