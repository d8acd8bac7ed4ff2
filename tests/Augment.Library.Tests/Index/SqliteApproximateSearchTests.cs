namespace Augment.Library.Tests.Index;

/// <summary>
/// The HNSW search of large sources in the SQLite index: recall against the exact search of the same file, the
/// <c>.aughnsw</c> file beside the database (loaded when its stamp matches, rebuilt when missing, stale, truncated,
/// corrupt or foreign), and the threshold option.
/// </summary>
public sealed class SqliteApproximateSearchTests : IDisposable
{
    private const string Source = "clip";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "augment-sqlite-tests", Guid.NewGuid().ToString("N"));

    public SqliteApproximateSearchTests() => Directory.CreateDirectory(_folder);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // One thread builds the same graph every run (the parallel build's graph depends on thread timing), so the
    // small-data checks below cannot pass on one run and fail on the next.
    private static SqliteIndexOptions Approximate => SqliteIndexOptions.Default.WithApproximateSearchFrom(1).WithBudget(ComputeBudget.SingleThreaded);

    private string PathOf(string name) => Path.Combine(_folder, name);

    [Fact]
    public async Task Recall_at_10_against_the_exact_search_is_at_least_0_95_on_20k_clustered_embeddings_with_and_without_a_filter()
    {
        var path = PathOf("recall.db");
        var rng = new Random(2024);
        const int dimension = 64;
        var centres = new float[100][];
        for (var c = 0; c < centres.Length; c++)
            centres[c] = Gaussian(rng, dimension, 1.0);
        await using (var writer = await SqliteAssetIndex.OpenAsync(path, cancellationToken: Ct))
        {
            // 2 000 videos x 10 shots = 20 000 embeddings, each a cluster centre plus noise.
            for (var a = 0; a < 2000; a++)
            {
                var embeddings = new List<AssetEmbedding>();
                for (var s = 0; s < 10; s++)
                    embeddings.Add(new AssetEmbedding(s, Near(rng, centres[rng.Next(centres.Length)], 0.35)));
                await writer.SaveAsync(Record($"/lib/{(a % 2 == 0 ? "even" : "odd")}/{a}.mp4", 10, embeddings), Ct);
            }
        }

        await using var exact = await SqliteAssetIndex.OpenAsync(path, SqliteIndexOptions.Default, Ct);
        await using var approximate = await SqliteAssetIndex.OpenAsync(path, SqliteIndexOptions.Default.WithApproximateSearchFrom(20_000), Ct);
        foreach (var filter in new AssetFilter?[] { null, new AssetFilter { Folder = "/lib/even" } })
        {
            var hits = 0;
            const int queries = 100;
            for (var q = 0; q < queries; q++)
            {
                var query = Near(rng, centres[rng.Next(centres.Length)], 0.35);
                var truth = (await exact.SearchVectorsAsync(Source, query, 10, filter, Ct)).Select(m => m.Shot).ToHashSet();
                var found = await approximate.SearchVectorsAsync(Source, query, 10, filter, Ct);
                Assert.Equal(10, found.Count);
                Assert.True(IsOrdered(found), "results are not ordered by score, asset id, shot index");
                hits += found.Count(m => truth.Contains(m.Shot));
            }
            var recall = hits / (double)(queries * 10);
            Assert.True(recall >= 0.95, $"recall@10 {recall:F3} with filter {filter?.Folder ?? "none"}");
        }
        Assert.Equal(1, approximate.VectorCache.ApproximateBuilds);
        Assert.Equal(0, exact.VectorCache.ApproximateBuilds + exact.VectorCache.ApproximateLoads);
        Assert.True(File.Exists(HnswFile(path)));
    }

    [Fact]
    public async Task A_second_open_loads_the_file_instead_of_rebuilding_and_answers_alike()
    {
        var path = PathOf("reopen.db");
        await Fill(path, assets: 60, seed: 1);
        var query = Gaussian(new Random(5), 16, 1.0);
        IReadOnlyList<ShotMatch> first;
        await using (var index = await SqliteAssetIndex.OpenAsync(path, Approximate, Ct))
        {
            first = await index.SearchVectorsAsync(Source, query, 20, cancellationToken: Ct);
            Assert.Equal((1, 0), Counts(index));
        }
        Assert.True(File.Exists(HnswFile(path)));

        await using (var index = await SqliteAssetIndex.OpenAsync(path, Approximate, Ct))
        {
            var second = await index.SearchVectorsAsync(Source, query, 20, cancellationToken: Ct);
            Assert.Equal((0, 1), Counts(index));
            Assert.Equal(first, second);
            await ProbeAsync(index);
        }
    }

    [Fact]
    public async Task A_write_makes_the_file_stale_so_the_next_search_and_the_next_open_rebuild_it()
    {
        var path = PathOf("stale.db");
        await Fill(path, assets: 60, seed: 2);
        var probe = Gaussian(new Random(9), 16, 1.0);
        await using (var index = await SqliteAssetIndex.OpenAsync(path, Approximate, Ct))
        {
            await index.SearchVectorsAsync(Source, probe, 5, cancellationToken: Ct);
            var id = await index.SaveAsync(Record("/lib/new.mp4", 1, [new AssetEmbedding(0, probe)]), Ct);
            var after = await index.SearchVectorsAsync(Source, probe, 5, cancellationToken: Ct);
            Assert.Equal(new ShotKey(id, 0), after[0].Shot);
            Assert.Equal(1.0, after[0].Score, 1e-5);
            Assert.Equal((2, 0), Counts(index));
        }
        // Written by another process (here: another index object) while the file kept the older stamp.
        await using (var other = await SqliteAssetIndex.OpenAsync(path, SqliteIndexOptions.Default, Ct))
            await other.RemoveAsync("/lib/new.mp4", Ct);
        await using (var index = await SqliteAssetIndex.OpenAsync(path, Approximate, Ct))
        {
            var found = await index.SearchVectorsAsync(Source, probe, 5, cancellationToken: Ct);
            Assert.Equal((1, 0), Counts(index));
            Assert.DoesNotContain(found, m => m.Score > 0.99999);
            await ProbeAsync(index);
        }
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("truncated")]
    [InlineData("flipped-byte")]
    [InlineData("garbage")]
    [InlineData("other-database")]
    [InlineData("other-source")]
    public async Task A_file_that_does_not_match_the_database_is_rebuilt_never_trusted(string damage)
    {
        var path = PathOf("damaged.db");
        await Fill(path, assets: 60, seed: 3);
        var query = Gaussian(new Random(11), 16, 1.0);
        await using (var index = await SqliteAssetIndex.OpenAsync(path, Approximate, Ct))
            await index.SearchVectorsAsync(Source, query, 5, cancellationToken: Ct);
        var file = HnswFile(path);
        var bytes = await File.ReadAllBytesAsync(file, Ct);
        switch (damage)
        {
            case "missing":
                File.Delete(file);
                break;
            case "truncated":
                await File.WriteAllBytesAsync(file, bytes.AsSpan(0, bytes.Length / 2).ToArray(), Ct);
                break;
            case "flipped-byte":
                // A byte inside the graph's vectors: structurally valid, caught only by the checksum.
                bytes[bytes.Length / 2] ^= 0x10;
                await File.WriteAllBytesAsync(file, bytes, Ct);
                break;
            case "garbage":
                new Random(1).NextBytes(bytes);
                await File.WriteAllBytesAsync(file, bytes, Ct);
                break;
            case "other-database":
                {
                    // Same paths, keys and number of writes, other vectors: only the database id tells them apart.
                    var otherPath = PathOf("other.db");
                    await Fill(otherPath, assets: 60, seed: 4);
                    await using (var other = await SqliteAssetIndex.OpenAsync(otherPath, Approximate, Ct))
                        await other.SearchVectorsAsync(Source, query, 5, cancellationToken: Ct);
                    File.Copy(HnswFile(otherPath), file, overwrite: true);
                    break;
                }
            case "other-source":
                {
                    await using (var index = await SqliteAssetIndex.OpenAsync(path, Approximate, Ct))
                    {
                        await index.SaveAnalysisAsync((await index.FindAsync("/lib/0.mp4", Ct))!.Id,
                            new AssetAnalysis("dino", "v1", [], [new AssetEmbedding(0, query)]), Ct);
                        await index.SearchVectorsAsync("dino", query, 5, cancellationToken: Ct);
                    }
                    File.Copy(HnswFile(path, "dino"), file, overwrite: true);
                    break;
                }
        }

        await using (var index = await SqliteAssetIndex.OpenAsync(path, Approximate, Ct))
        {
            await ProbeAsync(index);
            Assert.Equal((1, 0), Counts(index));
        }
        // The rebuilt file is whole again: the next open loads it.
        await using (var index = await SqliteAssetIndex.OpenAsync(path, Approximate, Ct))
        {
            await index.SearchVectorsAsync(Source, query, 5, cancellationToken: Ct);
            Assert.Equal((0, 1), Counts(index));
        }
    }

    [Fact]
    public async Task A_filter_that_passes_fewer_shots_than_k_still_returns_every_passing_shot_in_order()
    {
        // 1 500 assets x 2 shots, then one more asset; the filter passes only that one. With ef 1 (raised to k = 5) an
        // unfiltered walk stops after a handful of nodes; a filtered one must go on until its two shots are found.
        var path = PathOf("selective.db");
        await Fill(path, assets: 1500, seed: 8);
        await using var index = await SqliteAssetIndex.OpenAsync(path, Approximate.WithApproximateSearchEf(1), Ct);
        var query = Gaussian(new Random(13), 16, 1.0);
        await index.SearchVectorsAsync(Source, query, 5, cancellationToken: Ct);
        await index.SaveAsync(Record("/solo/a.mp4", 2, [new AssetEmbedding(0, Gaussian(new Random(14), 16, 1.0)), new AssetEmbedding(1, Gaussian(new Random(15), 16, 1.0))]), Ct);
        var solo = await index.FindAsync("/solo/a.mp4", Ct);
        var passing = await index.SearchVectorsAsync(Source, query, 5, new AssetFilter { Folder = "/solo" }, Ct);
        Assert.Equal(2, passing.Count);
        Assert.All(passing, m => Assert.Equal(solo!.Id, m.Shot.AssetId));
        Assert.True(IsOrdered(passing));
        Assert.Equal((2, 0), Counts(index));
    }

    [Fact]
    public async Task Sources_below_the_threshold_stay_exact_and_write_no_file()
    {
        var path = PathOf("small.db");
        await Fill(path, assets: 10, seed: 6);
        var query = Gaussian(new Random(3), 16, 1.0);
        foreach (var from in new[] { 21, int.MaxValue })
        {
            await using var index = await SqliteAssetIndex.OpenAsync(path, SqliteIndexOptions.Default.WithApproximateSearchFrom(from), Ct);
            await index.SearchVectorsAsync(Source, query, 5, cancellationToken: Ct);
            Assert.Equal((0, 0), Counts(index));
            Assert.False(File.Exists(HnswFile(path)));
        }
        // 10 assets x 2 shots = 20 embeddings: a threshold of 20 (or 0: every source) searches approximately.
        foreach (var from in new[] { 20, 0 })
        {
            await using var index = await SqliteAssetIndex.OpenAsync(path, SqliteIndexOptions.Default.WithApproximateSearchFrom(from), Ct);
            await index.SearchVectorsAsync(Source, query, 5, cancellationToken: Ct);
            Assert.Equal(1, Counts(index).Builds + Counts(index).Loads);
        }
    }

    [Fact]
    public void Options_refuse_a_negative_threshold_and_an_ef_outside_1_to_65536()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SqliteIndexOptions.Default.WithApproximateSearchFrom(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SqliteIndexOptions.Default.WithApproximateSearchEf(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SqliteIndexOptions.Default.WithApproximateSearchEf(65537));
        Assert.Equal(200_000, SqliteIndexOptions.Default.ApproximateSearchFrom);
        Assert.Equal(128, SqliteIndexOptions.Default.ApproximateSearchEf);
    }

    [Fact]
    public void The_file_name_keeps_letters_digits_dash_and_underscore_of_the_source()
    {
        Assert.Equal("/x/lib.db.open_clip-ViT_B_32.aughnsw", HnswSidecarFile.PathFor("/x/lib.db", "open_clip-ViT/B.32"));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string HnswFile(string databasePath, string source = Source) => HnswSidecarFile.PathFor(Path.GetFullPath(databasePath), source);

    private static (int Builds, int Loads) Counts(SqliteAssetIndex index) => (index.VectorCache.ApproximateBuilds, index.VectorCache.ApproximateLoads);

    /// <summary>
    /// Queries with stored embeddings read back from the database: each must find its own shot first at cosine 1. A
    /// graph from another database or source, or with damaged vectors, maps ids to other vectors and fails this.
    /// </summary>
    private static async Task ProbeAsync(SqliteAssetIndex index)
    {
        for (var a = 0; a < 60; a += 7)
        {
            var asset = await index.FindAsync($"/lib/{a}.mp4", Ct);
            Assert.NotNull(asset);
            var shot = new ShotKey(asset.Id, a % 2);
            var vector = await index.EmbeddingAsync(shot, Source, Ct);
            Assert.NotNull(vector);
            var found = await index.SearchVectorsAsync(Source, vector, 3, cancellationToken: Ct);
            Assert.True(shot == found[0].Shot, $"{shot}: {string.Join(", ", found)}");
            Assert.Equal(1.0, found[0].Score, 1e-5);
        }
    }

    private static async Task Fill(string path, int assets, int seed)
    {
        var rng = new Random(seed);
        await using var index = await SqliteAssetIndex.OpenAsync(path, SqliteIndexOptions.Default, Ct);
        for (var a = 0; a < assets; a++)
            await index.SaveAsync(Record($"/lib/{a}.mp4", 2, [new AssetEmbedding(0, Gaussian(rng, 16, 1.0)), new AssetEmbedding(1, Gaussian(rng, 16, 1.0))]), Ct);
    }

    private static bool IsOrdered(IReadOnlyList<ShotMatch> matches)
    {
        for (var i = 1; i < matches.Count; i++)
        {
            var (a, b) = (matches[i - 1], matches[i]);
            if (a.Score < b.Score || (a.Score == b.Score && (a.Shot.AssetId, a.Shot.ShotIndex).CompareTo((b.Shot.AssetId, b.Shot.ShotIndex)) > 0))
                return false;
        }
        return true;
    }

    private static AssetRecord Record(string path, int shots, IReadOnlyList<AssetEmbedding> embeddings)
    {
        var shotRecords = new List<ShotRecord>();
        for (var s = 0; s < shots; s++)
            shotRecords.Add(new ShotRecord(s, TimeSpan.FromSeconds(s), TimeSpan.FromSeconds(s + 1)));
        var info = new AssetInfo(path, AssetKind.Video, 1 << 20, new DateTime(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc), "abcdef")
        {
            Width = 1920,
            Height = 1080,
            Duration = TimeSpan.FromSeconds(shots),
            FrameRate = 25,
        };
        return new AssetRecord(info, shotRecords, [new AssetAnalysis(Source, "v1", [], embeddings)]);
    }

    private static float[] Gaussian(Random rng, int dimension, double sigma)
    {
        var v = new float[dimension];
        for (var i = 0; i < dimension; i++)
            v[i] = (float)(sigma * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        return v;
    }

    private static float[] Near(Random rng, float[] centre, double sigma)
    {
        var v = Gaussian(rng, centre.Length, sigma);
        for (var i = 0; i < v.Length; i++)
            v[i] += centre[i];
        return v;
    }
}
