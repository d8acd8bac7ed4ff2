using System.Globalization;
using Augment.Vision.Tests.IO;
using Augment.Vision.Tests.Peers;

namespace Augment.Vision.Tests.Library.Vectors;

public sealed class VectorIndexTests
{
    private static float[] Gaussian(int rows, int dimension, int seed)
    {
        var random = new Random(seed);
        var values = new float[rows * dimension];
        for (var i = 0; i < values.Length; i++)
            values[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        return values;
    }

    /// <summary>Points around a few centres, so many near neighbours score alike.</summary>
    private static float[] Clustered(int rows, int dimension, int clusters, int seed)
    {
        var centres = Gaussian(clusters, dimension, seed);
        var noise = Gaussian(rows, dimension, seed + 1);
        var random = new Random(seed + 2);
        var values = new float[rows * dimension];
        for (var r = 0; r < rows; r++)
        {
            var c = random.Next(clusters);
            for (var i = 0; i < dimension; i++)
                values[(r * dimension) + i] = centres[(c * dimension) + i] + (0.15f * noise[(r * dimension) + i]);
        }
        return values;
    }

    private static VectorIndex Build(float[] values, int dimension, VectorMetric metric, ComputeBudget? budget = null, long idOffset = 0)
    {
        var index = new VectorIndex(dimension, metric, budget);
        for (var r = 0; r < values.Length / dimension; r++)
            index.Add(r + idOffset, values.AsSpan(r * dimension, dimension));
        return index;
    }

    private static void WriteFloats(string path, float[] values)
    {
        var bytes = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        File.WriteAllBytes(path, bytes);
    }

    private static void AssertMatchesNumpy(float[] data, int dimension, float[] queries, int k, VectorMetric metric)
    {
        PythonPeer.SkipUnless("numpy");
        using var scratch = new ScratchFolder();
        var n = data.Length / dimension;
        var q = queries.Length / dimension;
        WriteFloats(scratch.File("x.f32"), data);
        WriteFloats(scratch.File("q.f32"), queries);
        var output = PythonPeer.Run("vector_topk.py", scratch.File("x.f32"), $"{n}", $"{dimension}", scratch.File("q.f32"), $"{q}", $"{k}",
            metric == VectorMetric.Cosine ? "cosine" : "dot");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(q, lines.Length);

        var index = Build(data, dimension, metric);
        var results = index.SearchBatch(queries, k, cancellationToken: TestContext.Current.CancellationToken);
        var tolerance = metric == VectorMetric.Cosine ? 2e-6 : 2e-5 * Math.Sqrt(dimension);
        for (var j = 0; j < q; j++)
        {
            var expected = lines[j].Split(' ');
            Assert.Equal(k, expected.Length);
            Assert.Equal(k, results[j].Length);
            for (var i = 0; i < k; i++)
            {
                var parts = expected[i].Split(':');
                var id = long.Parse(parts[0], CultureInfo.InvariantCulture);
                var score = double.Parse(parts[1], CultureInfo.InvariantCulture);
                Assert.True(Math.Abs(results[j][i].Score - score) <= tolerance,
                    $"query {j} rank {i}: score {results[j][i].Score} vs numpy {score}");
                // Ids agree unless numpy's scores tie within float32 rounding at this rank.
                if (results[j][i].Id != id)
                {
                    var other = expected[i + (i + 1 < k ? 1 : -1)].Split(':');
                    var neighbourScore = double.Parse(other[1], CultureInfo.InvariantCulture);
                    Assert.True(Math.Abs(neighbourScore - score) <= tolerance,
                        $"query {j} rank {i}: id {results[j][i].Id} vs numpy {id} with no tie ({score} vs {neighbourScore})");
                }
            }
        }
    }

    [Fact]
    public void Cosine_top_10_equals_numpy_argsort_on_random_gaussian_vectors()
    {
        const int d = 96;
        AssertMatchesNumpy(Gaussian(3000, d, 1), d, Gaussian(6, d, 2), 10, VectorMetric.Cosine);
    }

    [Fact]
    public void Dot_product_top_10_equals_numpy_argsort_on_random_gaussian_vectors()
    {
        const int d = 128;
        AssertMatchesNumpy(Gaussian(2500, d, 3), d, Gaussian(5, d, 4), 10, VectorMetric.DotProduct);
    }

    [Fact]
    public void Cosine_top_25_equals_numpy_argsort_on_clustered_vectors()
    {
        const int d = 64;
        AssertMatchesNumpy(Clustered(4000, d, 8, 5), d, Clustered(6, d, 8, 5), 25, VectorMetric.Cosine);
    }

    [Fact]
    public void Every_vector_is_its_own_nearest_neighbour_with_cosine_score_1()
    {
        const int d = 48;
        var data = Gaussian(300, d, 7);
        var index = Build(data, d, VectorMetric.Cosine);
        for (var r = 0; r < 300; r++)
        {
            var best = index.Search(data.AsSpan(r * d, d), 1, cancellationToken: TestContext.Current.CancellationToken)[0];
            Assert.Equal(r, best.Id);
            Assert.Equal(1f, best.Score, 1e-6f);
        }
    }

    [Fact]
    public void Cosine_scores_of_orthogonal_and_opposite_vectors_are_0_and_minus_1()
    {
        var index = new VectorIndex(3);
        index.Add(10, [2f, 0f, 0f]);
        index.Add(11, [0f, 5f, 0f]);
        index.Add(12, [-1f, 0f, 0f]);
        var matches = index.Search([3f, 0f, 0f], 3, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal([new VectorMatch(10, 1f), new VectorMatch(11, 0f), new VectorMatch(12, -1f)], matches);
    }

    [Fact]
    public void Dot_product_scores_keep_vector_length()
    {
        var index = new VectorIndex(2, VectorMetric.DotProduct);
        index.Add(1, [1f, 0f]);
        index.Add(2, [3f, 4f]);
        var matches = index.Search([2f, 1f], 2, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal([new VectorMatch(2, 10f), new VectorMatch(1, 2f)], matches);
    }

    [Fact]
    public void Simd_dot_agrees_with_the_scalar_reference_on_random_lengths()
    {
        var random = new Random(11);
        foreach (var length in new[] { 1, 3, 7, 8, 15, 16, 31, 64, 100, 512, 1031 })
        {
            var a = Gaussian(1, length, random.Next());
            var b = Gaussian(1, length, random.Next());
            var scalar = VectorKernel.DotScalar(a, b);
            Assert.Equal(scalar, VectorKernel.Dot(a, b), 1e-4f * MathF.Sqrt(length));
        }
    }

    [Fact]
    public void Parallel_search_agrees_with_the_scalar_reference_search_across_chunks()
    {
        // d = 4096 puts 1024 rows in a chunk, so 2500 rows span three chunks.
        const int d = 4096;
        var data = Gaussian(2500, d, 13);
        var queries = Gaussian(3, d, 14);
        var index = Build(data, d, VectorMetric.DotProduct, ComputeBudget.Default with { MaxThreads = 4 });
        var fast = index.SearchBatch(queries, 12, cancellationToken: TestContext.Current.CancellationToken);
        var reference = VectorSearchKernel.SearchScalar(index, queries, 3, 12);
        for (var q = 0; q < 3; q++)
        {
            Assert.Equal(reference[q].Select(m => m.Id), fast[q].Select(m => m.Id));
            for (var i = 0; i < 12; i++)
                Assert.Equal(reference[q][i].Score, fast[q][i].Score, 1e-3f);
        }
    }

    [Fact]
    public void One_thread_and_many_threads_give_identical_results()
    {
        const int d = 32;
        var data = Clustered(5000, d, 4, 17);
        var queries = Gaussian(4, d, 18);
        var single = Build(data, d, VectorMetric.Cosine, ComputeBudget.SingleThreaded).SearchBatch(queries, 10, cancellationToken: TestContext.Current.CancellationToken);
        var many = Build(data, d, VectorMetric.Cosine, ComputeBudget.Default with { MaxThreads = 8 }).SearchBatch(queries, 10, cancellationToken: TestContext.Current.CancellationToken);
        for (var q = 0; q < 4; q++)
            Assert.Equal(single[q], many[q]);
    }

    [Fact]
    public void Batch_search_equals_one_search_per_query()
    {
        const int d = 40;
        var index = Build(Gaussian(1500, d, 19), d, VectorMetric.Cosine);
        var queries = Gaussian(7, d, 20);
        var batch = index.SearchBatch(queries, 9, cancellationToken: TestContext.Current.CancellationToken);
        for (var q = 0; q < 7; q++)
            Assert.Equal(index.Search(queries.AsSpan(q * d, d), 9, cancellationToken: TestContext.Current.CancellationToken), batch[q]);
    }

    [Fact]
    public void Filter_returns_the_same_as_an_index_of_only_the_accepted_ids()
    {
        const int d = 24;
        var data = Gaussian(2000, d, 21);
        var query = Gaussian(1, d, 22);
        var full = Build(data, d, VectorMetric.Cosine);
        var evens = new VectorIndex(d);
        for (var r = 0; r < 2000; r += 2)
            evens.Add(r, data.AsSpan(r * d, d));
        var filtered = full.Search(query, 15, id => id % 2 == 0, TestContext.Current.CancellationToken);
        Assert.Equal(evens.Search(query, 15, cancellationToken: TestContext.Current.CancellationToken), filtered);
        Assert.All(filtered, m => Assert.Equal(0, m.Id % 2));
    }

    [Fact]
    public void Removed_ids_are_never_returned_and_the_rest_still_match()
    {
        const int d = 16;
        var data = Gaussian(1200, d, 23);
        var index = Build(data, d, VectorMetric.Cosine);
        for (var r = 0; r < 1200; r += 3)
            Assert.True(index.Remove(r));
        Assert.False(index.Remove(0));
        Assert.Equal(800, index.Count);
        var kept = new VectorIndex(d);
        for (var r = 0; r < 1200; r++)
        {
            if (r % 3 != 0)
                kept.Add(r, data.AsSpan(r * d, d));
        }
        var query = Gaussian(1, d, 24);
        Assert.Equal(kept.Search(query, 20, cancellationToken: TestContext.Current.CancellationToken),
            index.Search(query, 20, cancellationToken: TestContext.Current.CancellationToken));
        // The id is free again after removal.
        index.Add(0, data.AsSpan(0, d));
        Assert.Equal(0, index.Search(data.AsSpan(0, d), 1, cancellationToken: TestContext.Current.CancellationToken)[0].Id);
    }

    [Fact]
    public void Fewer_vectors_than_k_returns_them_all_and_an_empty_index_returns_none()
    {
        var index = new VectorIndex(4);
        Assert.Empty(index.Search([1f, 0f, 0f, 0f], 5, cancellationToken: TestContext.Current.CancellationToken));
        index.Add(1, [1f, 2f, 3f, 4f]);
        index.Add(2, [4f, 3f, 2f, 1f]);
        Assert.Equal(2, index.Search([1f, 0f, 0f, 0f], 5, cancellationToken: TestContext.Current.CancellationToken).Length);
    }

    [Fact]
    public void Mismatched_dimension_names_both_lengths()
    {
        var index = new VectorIndex(512);
        var add = Assert.Throws<ArgumentException>(() => index.Add(1, new float[384]));
        Assert.Contains("384", add.Message);
        Assert.Contains("512", add.Message);
        var search = Assert.Throws<ArgumentException>(() => index.Search(new float[768], 3, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("768", search.Message);
        Assert.Contains("512", search.Message);
        var batch = Assert.Throws<ArgumentException>(() => index.SearchBatch(new float[1000], 3, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("1000", batch.Message);
    }

    [Fact]
    public void Duplicate_ids_zero_vectors_and_NaN_are_rejected_without_changing_the_index()
    {
        var index = new VectorIndex(2);
        index.Add(5, [1f, 1f]);
        Assert.Throws<ArgumentException>(() => index.Add(5, [1f, 2f]));
        Assert.Throws<ArgumentException>(() => index.Add(6, [0f, 0f]));
        Assert.Throws<ArgumentException>(() => index.Add(7, [float.NaN, 0f]));
        Assert.Equal(1, index.Count);
        Assert.False(index.Contains(6));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Search([1f, 0f], 0, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public void A_store_beyond_the_memory_budget_fails_before_allocating()
    {
        // One chunk is 16 MiB; a 1 MiB budget cannot hold it.
        var index = new VectorIndex(8, budget: ComputeBudget.Default with { MaxMemoryBytes = 1L << 20 });
        var error = Assert.Throws<ResourceLimitException>(() => index.Add(1, new float[8] { 1, 0, 0, 0, 0, 0, 0, 0 }));
        Assert.Contains("vector index", error.Message);
        Assert.Equal(0, index.Count);
    }
}
