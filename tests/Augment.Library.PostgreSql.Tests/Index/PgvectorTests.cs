using Augment.Library.Tests.Index;

namespace Augment.Library.PostgreSql.Tests.Index;

/// <summary>
/// The pgvector path: embeddings stored as <c>vector</c> with a partial HNSW index per source, searched on the server.
/// Runs only where the server offers the extension (Debian 12 has no package; these skip there with the reason).
/// </summary>
public sealed class PgvectorTests : IAsyncDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _schema = PostgresServer.NewSchema();

    public async ValueTask DisposeAsync() => await PostgresServer.DropSchemaAsync(_schema);

    private static async Task SkipWithoutPgvectorAsync()
    {
        await PostgresServer.SkipWhenAbsentAsync();
        Assert.SkipUnless(await PostgresServer.HasPgvectorAsync(),
            "The PostgreSQL server has no pgvector extension (pg_available_extensions lacks 'vector'; Debian 12 ships no package), so the server-side vector search is not tested here.");
    }

    [Fact]
    public async Task HNSW_search_on_the_server_finds_the_exact_neighbours_and_reports_their_cosine()
    {
        await SkipWithoutPgvectorAsync();
        await using var index = await PostgresAssetIndex.OpenAsync(PostgresServer.ConnectionString,
            new PostgresIndexOptions { Schema = _schema, VectorSearch = PostgresVectorSearch.Pgvector, HnswEfSearch = 200 }, Ct);
        Assert.True(index.UsesPgvector);
        var (model, rng) = await FillAsync(index, assets: 400, dimension: 32, seed: 9);
        Assert.Equal("pgvector", await PostgresServer.ScalarAsync($"SELECT value FROM \"{_schema}\".meta WHERE key = 'embedding_storage'"));
        Assert.Equal(1L, await PostgresServer.ScalarAsync($"SELECT count(*) FROM pg_indexes WHERE schemaname = '{_schema}' AND indexdef LIKE '%USING hnsw%'"));

        var found = 0;
        var wanted = 0;
        for (var q = 0; q < 20; q++)
        {
            var query = RandomVector(rng, 32);
            var exact = model.Select(m => (m.Key, Score: Cosine(m.Vector, query))).OrderByDescending(m => m.Score).Take(10).ToList();
            var actual = await index.SearchVectorsAsync("clip", query, 10, cancellationToken: Ct);
            var scores = model.ToDictionary(m => m.Key, m => Cosine(m.Vector, query));
            foreach (var match in actual)
                Assert.Equal(scores[match.Shot], match.Score, 1e-5);
            Assert.Equal(actual.OrderByDescending(m => m.Score).Select(m => m.Shot), actual.Select(m => m.Shot));
            found += exact.Count(e => actual.Any(a => a.Shot == e.Key));
            wanted += exact.Count;
        }
        // HNSW is approximate; with ef_search 200 over 400 vectors it should miss almost nothing.
        Assert.True(found >= 0.95 * wanted, $"recall@10 {found}/{wanted}");
    }

    [Fact]
    public async Task A_pgvector_schema_searched_in_process_is_exact_and_round_trips_embeddings_bit_for_bit()
    {
        await SkipWithoutPgvectorAsync();
        await using (var creator = await PostgresAssetIndex.OpenAsync(PostgresServer.ConnectionString, new PostgresIndexOptions { Schema = _schema }, Ct))
            await FillAsync(creator, assets: 50, dimension: 16, seed: 4);
        await using var index = await PostgresAssetIndex.OpenAsync(PostgresServer.ConnectionString,
            new PostgresIndexOptions { Schema = _schema, VectorSearch = PostgresVectorSearch.InProcess }, Ct);
        Assert.False(index.UsesPgvector);
        var stored = await index.AssetsAsync(cancellationToken: Ct);
        var rng = new Random(4);
        var model = new List<(ShotKey Key, float[] Vector)>();
        foreach (var asset in stored.OrderBy(a => a.Id))
        {
            var vector = RandomVector(rng, 16);
            Assert.Equal(vector, await index.EmbeddingAsync(new ShotKey(asset.Id, 0), "clip", Ct));
            model.Add((new ShotKey(asset.Id, 0), vector));
        }
        var query = RandomVector(new Random(1), 16);
        var expected = model.OrderByDescending(m => Cosine(m.Vector, query)).ThenBy(m => m.Key.AssetId).Take(7).Select(m => m.Key);
        Assert.Equal(expected, (await index.SearchVectorsAsync("clip", query, 7, cancellationToken: Ct)).Select(m => m.Shot));
    }

    private static async Task<(List<(ShotKey Key, float[] Vector)> Model, Random Rng)> FillAsync(PostgresAssetIndex index, int assets, int dimension, int seed)
    {
        var rng = new Random(seed);
        var model = new List<(ShotKey, float[])>();
        for (var a = 0; a < assets; a++)
        {
            var vector = RandomVector(rng, dimension);
            var id = await index.SaveAsync(new AssetRecord(new AssetInfo($"/pgv/{a:D5}.jpg", AssetKind.Image, 1, DateTime.UnixEpoch, "p"),
                [new ShotRecord(0, TimeSpan.Zero, TimeSpan.Zero)], [new AssetAnalysis("clip", "v1", [], [new AssetEmbedding(0, vector)])]), Ct);
            model.Add((new ShotKey(id, 0), vector));
        }
        return (model, rng);
    }

    private static float[] RandomVector(Random rng, int dimension)
    {
        var v = new float[dimension];
        for (var i = 0; i < dimension; i++)
            v[i] = (float)((rng.NextDouble() * 2) - 1);
        return v;
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }
        return dot / (Math.Sqrt(na) * Math.Sqrt(nb));
    }
}

/// <summary>
/// The shared contract on a schema whose embeddings are pgvector <c>vector</c>s (created with the extension), searched
/// exactly in process: the storage path of the pgvector schema must keep every contract promise.
/// </summary>
public sealed class PostgresPgvectorStorageTests : AssetIndexContract, IAsyncDisposable
{
    private readonly List<string> _schemas = [];

    protected override async Task<IAssetIndex> OpenEmptyAsync()
    {
        await PostgresServer.SkipWhenAbsentAsync();
        Assert.SkipUnless(await PostgresServer.HasPgvectorAsync(),
            "The PostgreSQL server has no pgvector extension (Debian 12 ships no package); the contract on pgvector storage is not run here.");
        var schema = PostgresServer.NewSchema();
        _schemas.Add(schema);
        var ct = TestContext.Current.CancellationToken;
        await (await PostgresAssetIndex.OpenAsync(PostgresServer.ConnectionString, new PostgresIndexOptions { Schema = schema }, ct)).DisposeAsync();
        return await PostgresAssetIndex.OpenAsync(PostgresServer.ConnectionString,
            new PostgresIndexOptions { Schema = schema, VectorSearch = PostgresVectorSearch.InProcess }, ct);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var schema in _schemas)
            await PostgresServer.DropSchemaAsync(schema);
    }
}
