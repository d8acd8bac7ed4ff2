namespace Augment.Vision.Tests.Library.Vectors;

public sealed class HnswIndexTests
{
    private static HnswIndex Build(float[] values, int dimension, HnswOptions options, ComputeBudget? budget = null)
    {
        var index = new HnswIndex(dimension, options, budget);
        index.AddRange(HnswTestData.Ids(values.Length / dimension), values, cancellationToken: TestContext.Current.CancellationToken);
        return index;
    }

    private static byte[] Bytes(HnswIndex index)
    {
        using var stream = new MemoryStream();
        index.Save(stream);
        return stream.ToArray();
    }

    [Fact]
    public void Recall_at_10_on_20k_random_128d_gaussian_vectors_is_at_least_0_95_at_ef_768()
    {
        // Structureless 128-d Gaussian data is the hard case: hnswlib 0.6.2 with the same M 16 / efConstruction 200
        // on this data needs ef 512 for 0.97 (docs/vision-library-hnsw.md); ef 768 leaves a margin.
        const int dimension = 128;
        var data = HnswTestData.Gaussian(20_000, dimension, 1);
        var queries = HnswTestData.Gaussian(100, dimension, 2);
        var index = Build(data, dimension, HnswOptions.Default);
        var recall = HnswTestData.RecallAtK(index, HnswTestData.Exact(data, dimension, VectorMetric.Cosine), queries, 10, 768);
        TestContext.Current.TestOutputHelper?.WriteLine($"recall@10 = {recall:F4}");
        Assert.True(recall >= 0.95, $"recall@10 {recall:F4} < 0.95");
    }

    [Fact]
    public void Recall_at_10_on_20k_clustered_512d_vectors_is_at_least_0_95_at_ef_64()
    {
        const int dimension = 512;
        // Queries come from the same 50 centres as the data (the last 100 generated rows, not indexed).
        var all = HnswTestData.Clustered(20_100, dimension, 50, 3);
        var data = all[..(20_000 * dimension)];
        var queries = all[(20_000 * dimension)..];
        var index = Build(data, dimension, HnswOptions.Default.WithEfConstruction(100));
        var recall = HnswTestData.RecallAtK(index, HnswTestData.Exact(data, dimension, VectorMetric.Cosine), queries, 10, 64);
        TestContext.Current.TestOutputHelper?.WriteLine($"recall@10 = {recall:F4}");
        Assert.True(recall >= 0.95, $"recall@10 {recall:F4} < 0.95");
    }

    [Fact]
    public void Search_with_ef_covering_the_whole_index_is_exact()
    {
        const int dimension = 24;
        var data = HnswTestData.Gaussian(600, dimension, 4);
        var queries = HnswTestData.Gaussian(20, dimension, 5);
        // One thread: the parallel build's graph depends on thread timing, and HNSW (like hnswlib) does not promise
        // that every node stays reachable; the one-thread graph for this seed is fixed, so the check is repeatable.
        var index = Build(data, dimension, HnswOptions.Default.WithM(8), ComputeBudget.SingleThreaded);
        var exact = HnswTestData.Exact(data, dimension, VectorMetric.Cosine);
        for (var q = 0; q < 20; q++)
        {
            var query = queries.AsSpan(q * dimension, dimension);
            Assert.Equal(exact.Search(query, 15, cancellationToken: TestContext.Current.CancellationToken), index.Search(query, 15, ef: 2000));
        }
    }

    [Fact]
    public void Returned_scores_equal_the_scalar_double_accumulated_cosine_of_the_original_vectors()
    {
        const int dimension = 67;
        var data = HnswTestData.Gaussian(500, dimension, 16);
        var query = HnswTestData.Gaussian(1, dimension, 17);
        var index = Build(data, dimension, HnswOptions.Default.WithM(6));
        static double Norm(ReadOnlySpan<float> v)
        {
            double sum = 0;
            foreach (var x in v)
                sum += (double)x * x;
            return Math.Sqrt(sum);
        }
        foreach (var match in index.Search(query, 20, ef: 100))
        {
            var row = data.AsSpan((int)match.Id * dimension, dimension);
            var cosine = VectorKernel.DotScalar(row, query) / (Norm(row) * Norm(query));
            Assert.Equal(cosine, match.Score, 5e-6);
        }
    }

    [Fact]
    public void Dot_product_metric_keeps_vector_length_and_finds_the_exact_top_10()
    {
        const int dimension = 16;
        var data = HnswTestData.Gaussian(2000, dimension, 6);
        for (var r = 0; r < 2000; r++)
        {
            for (var i = 0; i < dimension; i++)
                data[(r * dimension) + i] *= 1 + (r % 5);
        }
        var queries = HnswTestData.Gaussian(50, dimension, 7);
        // One thread: the ef-covers-everything check below needs every node reachable, which only the deterministic
        // single-threaded graph promises (a parallel build depends on thread timing).
        var index = Build(data, dimension, HnswOptions.Default.WithMetric(VectorMetric.DotProduct), ComputeBudget.SingleThreaded);
        var exact = HnswTestData.Exact(data, dimension, VectorMetric.DotProduct);
        Assert.True(HnswTestData.RecallAtK(index, exact, queries, 10, 200) >= 0.95);
        var first = index.Search(data.AsSpan(0, dimension), 1, ef: 4000);
        Assert.Equal(exact.Search(data.AsSpan(0, dimension), 1, cancellationToken: TestContext.Current.CancellationToken)[0], first[0]);
    }

    [Fact]
    public void Removed_ids_never_appear_and_recall_holds_against_an_exact_index_without_them()
    {
        const int dimension = 32;
        var data = HnswTestData.Gaussian(5000, dimension, 8);
        var queries = HnswTestData.Gaussian(100, dimension, 9);
        var index = Build(data, dimension, HnswOptions.Default);
        for (long id = 0; id < 5000; id += 3)
            Assert.True(index.Remove(id));
        Assert.False(index.Remove(0));
        Assert.Equal(5000 - 1667, index.Count);
        Assert.Equal(5000, index.NodeCount);
        Assert.False(index.Contains(3));
        for (var q = 0; q < 100; q++)
        {
            foreach (var match in index.Search(queries.AsSpan(q * dimension, dimension), 10))
                Assert.NotEqual(0, match.Id % 3);
        }
        var exact = HnswTestData.Exact(data, dimension, VectorMetric.Cosine, r => r % 3 != 0);
        Assert.True(HnswTestData.RecallAtK(index, exact, queries, 10, 96) >= 0.95);
    }

    [Fact]
    public void A_removed_id_can_be_added_again_with_a_new_vector()
    {
        var index = new HnswIndex(3);
        index.Add(1, [1, 0, 0]);
        index.Add(2, [0, 1, 0]);
        Assert.True(index.Remove(1));
        index.Add(1, [0, 0, 1]);
        var match = Assert.Single(index.Search([0, 0, 1], 1));
        Assert.Equal(new VectorMatch(1, 1f), match);
        Assert.Equal(2, index.Count);
    }

    [Fact]
    public void Filter_returns_only_accepted_ids_with_the_recall_of_an_index_of_only_those()
    {
        const int dimension = 32;
        var data = HnswTestData.Gaussian(5000, dimension, 10);
        var queries = HnswTestData.Gaussian(100, dimension, 11);
        var index = Build(data, dimension, HnswOptions.Default);
        static bool Even(long id) => id % 2 == 0;
        for (var q = 0; q < 100; q++)
        {
            var matches = index.Search(queries.AsSpan(q * dimension, dimension), 10, Even);
            Assert.Equal(10, matches.Length);
            Assert.All(matches, m => Assert.True(Even(m.Id)));
        }
        var exact = HnswTestData.Exact(data, dimension, VectorMetric.Cosine);
        Assert.True(HnswTestData.RecallAtK(index, exact, queries, 10, 96, Even) >= 0.95);
        Assert.Empty(index.Search(queries.AsSpan(0, dimension), 5, _ => false));
    }

    [Fact]
    public void Results_are_best_first_and_ties_go_to_the_smaller_id()
    {
        var index = new HnswIndex(2, HnswOptions.Default.WithMetric(VectorMetric.DotProduct));
        index.Add(9, [1, 0]);
        index.Add(4, [1, 0]);
        index.Add(7, [0.5f, 0]);
        index.Add(1, [-1, 0]);
        Assert.Equal([new VectorMatch(4, 1), new VectorMatch(9, 1), new VectorMatch(7, 0.5f)], index.Search([1, 0], 3));
        Assert.Equal(4, index.Search([1, 0], 10).Length);
    }

    [Fact]
    public void Single_threaded_builds_with_one_seed_are_identical_and_another_seed_differs()
    {
        const int dimension = 16;
        var data = HnswTestData.Gaussian(3000, dimension, 12);
        var options = HnswOptions.Default.WithM(8).WithEfConstruction(64).WithSeed(7);
        var one = new HnswIndex(dimension, options);
        for (var r = 0; r < 3000; r++)
            one.Add(r, data.AsSpan(r * dimension, dimension));
        var two = Build(data, dimension, options, ComputeBudget.SingleThreaded);
        Assert.Equal(Bytes(one), Bytes(two));
        var other = Build(data, dimension, options.WithSeed(8), ComputeBudget.SingleThreaded);
        Assert.NotEqual(Bytes(one), Bytes(other));
    }

    [Fact]
    public void Every_vector_of_a_parallel_build_finds_itself_when_ef_covers_the_index()
    {
        // Small parallel builds on a busy machine are where a node used to end up with no incoming link; the repair
        // pass after each batch must leave every vector reachable, whatever the thread timing was.
        const int dimension = 8;
        var repaired = 0;
        for (var build = 0; build < 40; build++)
        {
            var data = HnswTestData.Clustered(150, dimension, 6, 100 + build);
            var index = Build(data, dimension, HnswOptions.Default.WithM(4).WithSeed(build), ComputeBudget.Default with { MaxThreads = 4 });
            repaired += index.RepairedNodes;
            for (var row = 0; row < 150; row++)
            {
                var found = index.Search(data.AsSpan(row * dimension, dimension), 1, ef: 300);
                Assert.True(found.Length == 1 && found[0].Score > 0.99999f, $"build {build}: vector {row} did not find itself ({string.Join(", ", found)}), {index.RepairedNodes} repaired");
            }
        }
        TestContext.Current.SendDiagnosticMessage($"{repaired} nodes repaired over 40 builds");
    }

    [Fact]
    public void Parallel_build_reaches_the_same_recall_as_the_single_threaded_build()
    {
        const int dimension = 32;
        var data = HnswTestData.Gaussian(8000, dimension, 13);
        // 400 queries: with 100, recall@10 moves by about 0.01 between parallel builds (thread timing shapes the graph),
        // enough to cross the margin now and then; over 400 the parallel builds measured 0.001-0.007 below the
        // single-threaded one (seeds 1-6).
        var queries = HnswTestData.Gaussian(400, dimension, 14);
        var exact = HnswTestData.Exact(data, dimension, VectorMetric.Cosine);
        var options = HnswOptions.Default.WithEfConstruction(100);
        var parallel = Build(data, dimension, options, ComputeBudget.Default with { MaxThreads = 4 });
        var single = Build(data, dimension, options, ComputeBudget.SingleThreaded);
        var recallParallel = HnswTestData.RecallAtK(parallel, exact, queries, 10, 64);
        var recallSingle = HnswTestData.RecallAtK(single, exact, queries, 10, 64);
        Assert.True(recallParallel >= recallSingle - 0.02, $"parallel {recallParallel:F3} vs single {recallSingle:F3}");
        Assert.Equal(8000, parallel.Count);
    }

    [Fact]
    public void Layer_draws_follow_the_papers_geometric_distribution()
    {
        // P(level >= l) = M^-l for mL = 1/ln M (section 4.1): with M = 16 and 200k draws, 1/16 and 1/256.
        var atLeast1 = 0;
        var atLeast2 = 0;
        for (var node = 0; node < 200_000; node++)
        {
            var level = HnswLevels.Draw(42, node, 16);
            atLeast1 += level >= 1 ? 1 : 0;
            atLeast2 += level >= 2 ? 1 : 0;
        }
        Assert.InRange(atLeast1 / 200_000.0, 0.0625 * 0.95, 0.0625 * 1.05);
        Assert.InRange(atLeast2 / 200_000.0, 0.00390625 * 0.85, 0.00390625 * 1.15);
    }

    [Fact]
    public void Heuristic_skips_a_candidate_nearer_to_a_kept_neighbour_than_to_the_base()
    {
        // Base at angle 0; a at 10 degrees, b at 20 degrees (nearer to a than to the base), c at -30 degrees.
        // Algorithm 4 keeps a, drops b (cos(a,b) = cos 10 > cos(base,b) = cos 20), keeps c.
        var index = new HnswIndex(2, HnswOptions.Default.WithM(2).WithMetric(VectorMetric.DotProduct));
        static float[] At(double degrees) => [(float)Math.Cos(degrees * Math.PI / 180), (float)Math.Sin(degrees * Math.PI / 180)];
        index.Add(0, At(0));
        index.Add(1, At(10));
        index.Add(2, At(20));
        index.Add(3, At(-30));
        var nodes = new[] { 2, 3, 1 };
        var scores = new[] { (float)Math.Cos(20 * Math.PI / 180), (float)Math.Cos(30 * Math.PI / 180), (float)Math.Cos(10 * Math.PI / 180) };
        var selected = new int[3];
        var kept = HnswGraphKernel.SelectNeighbours(index, nodes, scores, new float[3], 3, 2, selected, sortFirst: true);
        Assert.Equal([1, 3], selected[..kept]);
    }

    [Fact]
    public void Cancelled_batch_drops_the_unlinked_vectors_and_the_index_stays_searchable()
    {
        const int dimension = 8;
        var data = HnswTestData.Gaussian(20_000, dimension, 15);
        var index = new HnswIndex(dimension);
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.ItemsDone >= 2048)
                cancel.Cancel();
        });
        Assert.ThrowsAny<OperationCanceledException>(() => index.AddRange(HnswTestData.Ids(20_000), data, progress, cancel.Token));
        Assert.InRange(index.Count, 2048, 19_999);
        Assert.Equal(20_000, index.NodeCount);
        var matches = index.Search(data.AsSpan(0, dimension), 5);
        Assert.All(matches, m => Assert.True(index.Contains(m.Id)));
        index.Add(19_999 + 1, data.AsSpan(0, dimension));
    }

    [Fact]
    public void Bad_arguments_are_rejected_before_anything_is_stored()
    {
        var index = new HnswIndex(3);
        index.Add(1, [1, 2, 3]);
        Assert.Throws<ArgumentException>(() => index.Add(1, [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => index.Add(2, [1, 2]));
        Assert.Throws<ArgumentException>(() => index.Add(2, [0, 0, 0]));
        Assert.Throws<ArgumentException>(() => index.Add(2, [float.NaN, 0, 0]));
        Assert.Throws<ArgumentException>(() => index.AddRange([2, 3], [1, 1, 1, 0, 0, 0], cancellationToken: TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentException>(() => index.AddRange([2, 2], [1, 1, 1, 1, 1, 1], cancellationToken: TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentException>(() => index.AddRange([2], [1, 1], cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(1, index.NodeCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Search([1, 2, 3], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Search([1, 2, 3], 1, ef: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HnswOptions { M = 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new HnswOptions { EfConstruction = 0 });
        Assert.Empty(new HnswIndex(3).Search([1, 0, 0], 3));
    }

    [Fact]
    public void A_budget_too_small_for_the_vectors_raises_ResourceLimitException()
    {
        var index = new HnswIndex(4096, budget: ComputeBudget.Default with { MaxMemoryBytes = 1 << 20 });
        var vector = new float[4096];
        Array.Fill(vector, 1f);
        Assert.Throws<ResourceLimitException>(() => index.Add(1, vector));
    }

    private sealed class SynchronousProgress(Action<AugmentProgress> report) : IProgress<AugmentProgress>
    {
        public void Report(AugmentProgress value) => report(value);
    }
}
