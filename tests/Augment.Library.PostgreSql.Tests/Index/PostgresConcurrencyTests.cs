namespace Augment.Library.PostgreSql.Tests.Index;

/// <summary>
/// Many workers writing one catalogue: two index instances (two connection pools, as two machines would have) save the
/// same paths from parallel tasks. Every record a writer makes is internally marked with the writer's number, so an
/// asset that mixes two writers' shots, tags or embeddings is a half-written asset.
/// </summary>
public sealed class PostgresConcurrencyTests : IAsyncDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _schema = PostgresServer.NewSchema();

    public async ValueTask DisposeAsync() => await PostgresServer.DropSchemaAsync(_schema);

    private Task<PostgresAssetIndex> OpenAsync() => PostgresAssetIndex.OpenAsync(PostgresServer.ConnectionString,
        new PostgresIndexOptions { Schema = _schema, VectorSearch = PostgresVectorSearch.InProcess }, Ct);

    [Fact]
    public async Task Two_instances_saving_the_same_paths_in_parallel_lose_no_asset_and_never_mix_two_writes()
    {
        await PostgresServer.SkipWhenAbsentAsync();
        await using var first = await OpenAsync();
        await using var second = await OpenAsync();
        const int sharedPaths = 12;
        const int writers = 8;
        const int ownPaths = 4;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            var index = writer % 2 == 0 ? first : second;
            var rng = new Random(writer);
            var order = Enumerable.Range(0, sharedPaths).OrderBy(_ => rng.Next()).ToArray();
            foreach (var p in order)
                await index.SaveAsync(WriterRecord($"/shared/{p}.mp4", writer), Ct);
            for (var p = 0; p < ownPaths; p++)
                await index.SaveAsync(WriterRecord($"/own/{writer}/{p}.mp4", writer), Ct);
        }, Ct)));

        var assets = await first.AssetsAsync(cancellationToken: Ct);
        Assert.Equal(sharedPaths + (writers * ownPaths), assets.Count);
        Assert.Equal(assets.Count, assets.Select(a => a.Info.Path).Distinct(StringComparer.Ordinal).Count());
        var vectorsSeen = 0;
        foreach (var asset in assets)
        {
            // The writer whose save landed last, by the version it recorded; everything else must be its too.
            var writer = int.Parse(asset.Analyses["clip"][1..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(1000 + writer, asset.Info.SizeBytes);
            var shots = await second.ShotsAsync(asset.Id, Ct);
            Assert.Equal(ShotCount(writer), shots.Count);
            var tags = await second.SearchTextAsync([$"writer{writer}"], new AssetFilter { Folder = Path.GetDirectoryName(asset.Info.Path) }, cancellationToken: Ct);
            Assert.Equal(ShotCount(writer), tags.Count(t => t.AssetId == asset.Id));
            for (var w = 0; w < writers; w++)
            {
                if (w != writer)
                    Assert.DoesNotContain(await second.SearchTextAsync([$"writer{w}"], cancellationToken: Ct), t => t.AssetId == asset.Id);
            }
            for (var s = 0; s < shots.Count; s++)
            {
                var vector = await second.EmbeddingAsync(new ShotKey(asset.Id, s), "clip", Ct);
                Assert.NotNull(vector);
                Assert.Equal(writer + 1, vector[0]);
                Assert.Equal(s, vector[1]);
                vectorsSeen++;
            }
            Assert.Null(await second.EmbeddingAsync(new ShotKey(asset.Id, shots.Count), "clip", Ct));
        }

        // Both instances' in-process vector caches see every stored embedding.
        var all1 = await first.SearchVectorsAsync("clip", Ones(4), 100_000, cancellationToken: Ct);
        var all2 = await second.SearchVectorsAsync("clip", Ones(4), 100_000, cancellationToken: Ct);
        Assert.Equal(vectorsSeen, all1.Count);
        Assert.Equal(all1, all2);
    }

    [Fact]
    public async Task A_vector_search_sees_what_another_instance_wrote_after_this_one_loaded_its_cache()
    {
        await PostgresServer.SkipWhenAbsentAsync();
        await using var reader = await OpenAsync();
        await using var writer = await OpenAsync();
        var a = await writer.SaveAsync(Image("/x/a.jpg", [1, 0]), Ct);
        Assert.Equal([new ShotKey(a, 0)], (await reader.SearchVectorsAsync("clip", new float[] { 0, 1 }, 5, cancellationToken: Ct)).Select(m => m.Shot));

        var b = await writer.SaveAsync(Image("/x/b.jpg", [0, 1]), Ct);
        Assert.Equal([new ShotKey(b, 0), new ShotKey(a, 0)], (await reader.SearchVectorsAsync("clip", new float[] { 0, 1 }, 5, cancellationToken: Ct)).Select(m => m.Shot));

        await writer.RemoveAsync("/x/b.jpg", Ct);
        Assert.Equal([new ShotKey(a, 0)], (await reader.SearchVectorsAsync("clip", new float[] { 0, 1 }, 5, cancellationToken: Ct)).Select(m => m.Shot));

        await writer.SaveAnalysisAsync(a, new AssetAnalysis("clip", "v2", [], [new AssetEmbedding(0, [-1, 0])]), Ct);
        var moved = await reader.SearchVectorsAsync("clip", new float[] { 1, 0 }, 5, cancellationToken: Ct);
        Assert.Equal(-1f, Assert.Single(moved).Score, 1e-6f);
    }

    [Fact]
    public async Task Concurrent_first_embeddings_of_a_new_source_with_different_lengths_keep_one_length()
    {
        await PostgresServer.SkipWhenAbsentAsync();
        await using var first = await OpenAsync();
        await using var second = await OpenAsync();
        // Each worker tries to be the first to store "clip" embeddings, one with 3 values, the other with 4: the source
        // row lock lets exactly one length in, and every save of the other length fails whole.
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var index = i % 2 == 0 ? first : second;
            var vector = i % 2 == 0 ? new float[] { 1, 2, 3 } : [1, 2, 3, 4];
            try
            {
                await index.SaveAsync(Image($"/race/{i}.jpg", vector), Ct);
                return (i, ok: true);
            }
            catch (AssetIndexException)
            {
                return (i, ok: false);
            }
        }, Ct)));

        var stored = await first.AssetsAsync(cancellationToken: Ct);
        var lengths = new HashSet<int>();
        foreach (var asset in stored)
            lengths.Add((await first.EmbeddingAsync(new ShotKey(asset.Id, 0), "clip", Ct))!.Length);
        Assert.Single(lengths);
        Assert.Equal(results.Count(r => r.ok), stored.Count);
        Assert.All(results.Where(r => !r.ok), r => Assert.NotEqual(lengths.Single(), r.i % 2 == 0 ? 3 : 4));
    }

    private static int ShotCount(int writer) => 1 + (writer % 3);

    private static AssetRecord WriterRecord(string path, int writer)
    {
        var count = ShotCount(writer);
        var shots = new ShotRecord[count];
        var tags = new AssetTag[count];
        var embeddings = new AssetEmbedding[count];
        for (var s = 0; s < count; s++)
        {
            shots[s] = new ShotRecord(s, TimeSpan.FromSeconds(s), TimeSpan.FromSeconds(s + 1)) { Thumbnail = [(byte)writer, (byte)s] };
            tags[s] = new AssetTag($"writer{writer}", 0.5f, s, TimeSpan.FromSeconds(s), TimeSpan.FromSeconds(s + 1));
            embeddings[s] = new AssetEmbedding(s, [writer + 1, s, 1, 1]);
        }
        var info = new AssetInfo(path, AssetKind.Video, 1000 + writer, DateTime.UnixEpoch, "w") { Duration = TimeSpan.FromSeconds(count) };
        return new AssetRecord(info, shots, [new AssetAnalysis("clip", $"w{writer}", tags, embeddings)]);
    }

    private static AssetRecord Image(string path, float[] vector) =>
        new(new AssetInfo(path, AssetKind.Image, 1, DateTime.UnixEpoch, "i"), [new ShotRecord(0, TimeSpan.Zero, TimeSpan.Zero)],
            [new AssetAnalysis("clip", "v1", [], [new AssetEmbedding(0, vector)])]);

    private static float[] Ones(int n)
    {
        var v = new float[n];
        Array.Fill(v, 1f);
        return v;
    }
}
