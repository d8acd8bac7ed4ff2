using Augment.Splat.Spatial;
using CsCheck;

namespace Augment.Splat.Tests.Spatial;

public class KdTreePropertyTests
{
    [Fact]
    public void For_any_cloud_and_k_the_tree_returns_the_brute_force_distances()
    {
        // Sizes, k, and coordinates either continuous or on a small integer lattice (many exact ties).
        Gen.Select(Gen.Int[1, 300], Gen.Int[1, 40], Gen.Int[0, 100_000], Gen.Bool).Sample((n, k, seed, lattice) =>
        {
            var random = new Random(seed);
            var x = new float[n];
            var y = new float[n];
            var z = new float[n];
            for (var i = 0; i < n; i++)
            {
                x[i] = lattice ? random.Next(4) : (float)random.NextDouble() * 10;
                y[i] = lattice ? random.Next(4) : (float)random.NextDouble();
                z[i] = lattice ? random.Next(4) : (float)random.NextDouble() * 100;
            }
            var tree = KdTree.Build(x, y, z, ComputeBudget.SingleThreaded);
            var distances = new float[k];
            for (var i = 0; i < n; i++)
            {
                var found = tree.Nearest(x[i], y[i], z[i], i, distances, []);
                var expected = BruteForceKnn.NearestSquared(x, y, z, i, k);
                if (found != expected.Length || !distances.AsSpan(0, found).SequenceEqual(expected))
                    return false;
            }
            return true;
        }, iter: 150);
    }
}
