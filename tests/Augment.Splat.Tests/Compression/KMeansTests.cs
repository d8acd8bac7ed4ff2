using Augment.Splat.Compression;

namespace Augment.Splat.Tests.Compression;

public class KMeansTests
{
    [Fact]
    public void Lloyd_matches_a_brute_force_reference_from_the_same_seeds()
    {
        const int n = 600, dim = 9, k = 8, iterations = 6;
        var rows = Blobs(n, dim, clusters: 10, seed: 1);
        var stride = KMeans.StrideFor(dim);
        var points = Pad(rows, dim, stride);
        var seeds = new float[k * stride];
        for (var c = 0; c < k; c++)
            Array.Copy(points, c * 37 * stride, seeds, c * stride, stride);

        var fast = KMeans.Lloyd(points, n, stride, (float[])seeds.Clone(), k, iterations, reseedEmpty: true, ComputeBudget.Default, TestContext.Current.CancellationToken);
        var (labels, inertia) = ReferenceLloyd(rows, dim, Enumerable.Range(0, k).Select(c => rows[c * 37]).ToArray(), iterations);

        Assert.Equal(labels, fast.Labels);
        Assert.Equal(inertia, fast.Inertia, inertia * 1e-5);
    }

    [Fact]
    public void Inertia_never_increases_over_the_iterations()
    {
        var cloud = CompressionClouds.Random(3000, 2, seed: 2);

        var codebook = ShCodebook.Fit(cloud, 64, new ShQuantizationOptions { Iterations = 15, Seed = 3 }, TestContext.Current.CancellationToken);

        var history = codebook.TrainingInertia;
        Assert.Equal(16, history.Count);
        for (var i = 1; i < history.Count; i++)
            Assert.True(history[i] <= history[i - 1] * (1 + 1e-6), $"inertia rose at pass {i}: {history[i - 1]} -> {history[i]}");
        Assert.True(history[^1] < history[0]);
        Assert.Equal(history[^1], codebook.Inertia, history[^1] * 1e-9);
    }

    [Fact]
    public void Codebook_is_exact_when_the_palette_holds_every_distinct_vector()
    {
        var source = CompressionClouds.Random(50, 3, seed: 4);
        var indices = new int[2000];
        var random = new Random(5);
        for (var i = 0; i < indices.Length; i++)
            indices[i] = random.Next(source.Count);
        var cloud = source.Select(indices);

        var (quantised, codebook) = cloud.QuantizeSh(64, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(50, codebook.Count);
        Assert.Equal(0, codebook.Inertia);
        for (var c = 0; c < 3; c++)
        {
            for (var k = 0; k < cloud.ShRestCount; k++)
                Assert.Equal(cloud.ShRest(c, k).ToArray(), quantised.ShRest(c, k).ToArray());
        }
    }

    [Fact]
    public void Each_splat_gets_its_nearest_entry_even_when_training_on_a_subset()
    {
        var cloud = CompressionClouds.Random(5000, 1, seed: 6);

        var (quantised, codebook) = cloud.QuantizeSh(32, new ShQuantizationOptions { MaxTrainingSplats = 700, Seed = 7 }, TestContext.Current.CancellationToken);

        var dim = codebook.Dimension;
        var inertia = 0.0;
        for (var i = 0; i < cloud.Count; i++)
        {
            var vector = new double[dim];
            for (var d = 0; d < dim; d++)
                vector[d] = cloud.ShRest(d / 3, d % 3)[i];
            var best = double.PositiveInfinity;
            for (var e = 0; e < codebook.Count; e++)
                best = Math.Min(best, Squared(vector, codebook.Entry(e)));
            var label = codebook.Labels[i];
            Assert.True(Squared(vector, codebook.Entry(label)) <= best * (1 + 1e-5) + 1e-9, $"splat {i} is not at its nearest entry");
            inertia += best;
            for (var d = 0; d < dim; d++)
                Assert.Equal(codebook.Entry(label)[d], quantised.ShRest(d / 3, d % 3)[i]);
        }
        Assert.Equal(inertia, codebook.Inertia, inertia * 1e-4);
        Assert.Equal(cloud.X.ToArray(), quantised.X.ToArray());
    }

    [Fact]
    public void Same_seed_gives_the_same_codebook_at_any_thread_count()
    {
        var cloud = CompressionClouds.Random(4000, 3, seed: 8);
        var options = new ShQuantizationOptions { Seed = 9, Iterations = 4 };

        var one = ShCodebook.Fit(cloud, 100, options with { Budget = ComputeBudget.SingleThreaded }, TestContext.Current.CancellationToken);
        var many = ShCodebook.Fit(cloud, 100, options, TestContext.Current.CancellationToken);
        var otherSeed = ShCodebook.Fit(cloud, 100, options with { Seed = 10 }, TestContext.Current.CancellationToken);

        Assert.Equal(one.Labels.ToArray(), many.Labels.ToArray());
        Assert.Equal(one.Inertia, many.Inertia);
        for (var e = 0; e < one.Count; e++)
            Assert.Equal(one.Entry(e).ToArray(), many.Entry(e).ToArray());
        Assert.NotEqual(one.Labels.ToArray(), otherSeed.Labels.ToArray());
    }

    [Fact]
    public void Empty_clusters_are_reseeded_on_the_farthest_point()
    {
        const int n = 400, dim = 6;
        var rows = Blobs(n, dim, clusters: 6, seed: 11);
        var stride = KMeans.StrideFor(dim);
        var points = Pad(rows, dim, stride);
        // Three identical seeds: two of them can never win a point, so they are empty after the first pass.
        var seeds = new float[4 * stride];
        for (var c = 0; c < 3; c++)
            Array.Copy(points, 0, seeds, c * stride, stride);
        Array.Copy(points, 200 * stride, seeds, 3 * stride, stride);

        var kept = KMeans.Lloyd(points, n, stride, (float[])seeds.Clone(), 4, 1, reseedEmpty: false, ComputeBudget.Default, TestContext.Current.CancellationToken);
        var reseeded = KMeans.Lloyd(points, n, stride, (float[])seeds.Clone(), 4, 1, reseedEmpty: true, ComputeBudget.Default, TestContext.Current.CancellationToken);

        // Brute force: the first pass puts every point at point 0 (cluster 0) or point 200 (cluster 3); the two
        // farthest points from their seed then become clusters 1 and 2.
        var distances = rows.Select(r => Math.Min(Squared(r, rows[0]), Squared(r, rows[200]))).ToArray();
        var farthest = Enumerable.Range(0, n).OrderByDescending(i => distances[i]).ThenBy(i => i).Take(2).ToArray();
        Assert.Equal(seeds.AsSpan(stride, stride).ToArray(), kept.Centroids.AsSpan(stride, stride).ToArray());
        for (var e = 0; e < 2; e++)
        {
            for (var d = 0; d < dim; d++)
                Assert.Equal((float)rows[farthest[e]][d], reseeded.Centroids[((1 + e) * stride) + d]);
        }
        Assert.Equal(4, reseeded.Labels.Distinct().Count());
        Assert.True(reseeded.InertiaHistory[1] <= reseeded.InertiaHistory[0]);
    }

    [Fact]
    public void Nearest_with_partial_distance_exits_equals_a_plain_scan_bit_for_bit()
    {
        const int dim = 45, k = 203, n = 400;
        var stride = KMeans.StrideFor(dim);
        var rows = Blobs(n + k, dim, clusters: 12, seed: 13);
        var points = Pad(rows[..n], dim, stride);
        var centroids = Pad(rows[n..], dim, stride);
        Array.Copy(centroids, 5 * stride, centroids, 9 * stride, stride); // an exact tie: the earlier index must win
        var random = new Random(14);

        for (var i = 0; i < n; i++)
        {
            var row = points.AsSpan(i * stride, stride);
            var expected = (Index: 0, Distance: float.PositiveInfinity);
            for (var c = 0; c < k; c++)
            {
                var distance = KMeans.Distance(row, centroids.AsSpan(c * stride, stride));
                if (distance < expected.Distance)
                    expected = (c, distance);
            }
            var hint = random.Next(-1, k);
            Assert.Equal(expected, KMeans.Nearest(row, centroids, k, stride, hint));
        }
    }

    [Fact]
    public void Simd_distance_matches_the_scalar_reference()
    {
        var random = new Random(12);
        var stride = KMeans.StrideFor(45);
        var a = new float[stride];
        var b = new float[stride];
        for (var d = 0; d < 45; d++)
        {
            a[d] = (float)((random.NextDouble() * 2) - 1);
            b[d] = (float)((random.NextDouble() * 2) - 1);
        }
        var expected = KMeans.DistanceScalar(a, b);
        Assert.Equal(expected, KMeans.Distance(a, b), expected * 1e-6);
    }

    /// <summary>Plain Lloyd in double with the same rules: first nearest wins; an empty cluster takes the farthest point of a cluster of two or more.</summary>
    private static (int[] Labels, double Inertia) ReferenceLloyd(double[][] rows, int dim, double[][] seeds, int iterations)
    {
        var k = seeds.Length;
        var centroids = seeds.Select(s => (double[])s.Clone()).ToArray();
        var labels = new int[rows.Length];
        var distances = new double[rows.Length];
        for (var iteration = 0; iteration <= iterations; iteration++)
        {
            for (var i = 0; i < rows.Length; i++)
            {
                var best = 0;
                var bestDistance = double.PositiveInfinity;
                for (var c = 0; c < k; c++)
                {
                    var distance = Squared(rows[i], centroids[c]);
                    if (distance < bestDistance)
                        (best, bestDistance) = (c, distance);
                }
                labels[i] = best;
                distances[i] = bestDistance;
            }
            if (iteration == iterations)
                break;
            var sizes = new int[k];
            foreach (var label in labels)
                sizes[label]++;
            var farthest = Enumerable.Range(0, rows.Length).OrderByDescending(i => distances[i]).ThenBy(i => i).ToList();
            var next = 0;
            for (var c = 0; c < k; c++)
            {
                if (sizes[c] != 0)
                    continue;
                while (next < farthest.Count && (distances[farthest[next]] <= 0 || sizes[labels[farthest[next]]] < 2))
                    next++;
                var p = farthest[next++];
                sizes[labels[p]]--;
                sizes[c] = 1;
                labels[p] = c;
            }
            for (var c = 0; c < k; c++)
            {
                if (sizes[c] == 0)
                    continue;
                var mean = new double[dim];
                for (var i = 0; i < rows.Length; i++)
                {
                    if (labels[i] != c)
                        continue;
                    for (var d = 0; d < dim; d++)
                        mean[d] += rows[i][d];
                }
                for (var d = 0; d < dim; d++)
                    centroids[c][d] = (float)(mean[d] / sizes[c]);
            }
        }
        return (labels, distances.Sum());
    }

    private static double Squared(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = 0.0;
        for (var d = 0; d < a.Length; d++)
            sum += (a[d] - b[d]) * (a[d] - b[d]);
        return sum;
    }

    private static double Squared(double[] a, double[] b) => Squared(a.AsSpan(), b.AsSpan());

    private static double Squared(double[] a, ReadOnlySpan<float> b)
    {
        var sum = 0.0;
        for (var d = 0; d < a.Length; d++)
            sum += (a[d] - b[d]) * (a[d] - b[d]);
        return sum;
    }

    /// <summary>Points around <paramref name="clusters"/> random centres (spread 0.3), float-representable.</summary>
    private static double[][] Blobs(int n, int dim, int clusters, int seed)
    {
        var random = new Random(seed);
        var centres = Enumerable.Range(0, clusters).Select(_ => Enumerable.Range(0, dim).Select(_ => (random.NextDouble() * 4) - 2).ToArray()).ToArray();
        var rows = new double[n][];
        for (var i = 0; i < n; i++)
        {
            var centre = centres[random.Next(clusters)];
            rows[i] = centre.Select(v => (double)(float)(v + (0.3 * ((random.NextDouble() * 2) - 1)))).ToArray();
        }
        return rows;
    }

    private static float[] Pad(double[][] rows, int dim, int stride)
    {
        var points = new float[rows.Length * stride];
        for (var i = 0; i < rows.Length; i++)
        {
            for (var d = 0; d < dim; d++)
                points[(i * stride) + d] = (float)rows[i][d];
        }
        return points;
    }
}
