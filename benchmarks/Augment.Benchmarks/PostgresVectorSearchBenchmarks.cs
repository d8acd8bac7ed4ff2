using Augment.Library;
using Augment.Vision;
using BenchmarkDotNet.Attributes;
using Npgsql;

namespace Augment.Benchmarks;

/// <summary>
/// Exact top-10 cosine search through <see cref="PostgresAssetIndex"/> (in-process mode) over 100k x 512 stored
/// embeddings (10 000 assets x 10 shots): cold (the source's embeddings are fetched from the server into a
/// <see cref="VectorIndex"/>, then searched) and warm (the cache is current: one round trip for the change counter,
/// then the scan). Baseline: the same scan on a <see cref="VectorIndex"/> already in memory. Needs a server in
/// <c>AUGMENT_POSTGRES</c> (<c>eval "$(scripts/postgres-test-server start)"</c>); the data go to a throwaway schema.
/// </summary>
[MemoryDiagnoser]
public class PostgresVectorSearchBenchmarks
{
    private const int Dimension = 512;
    private const int Assets = 10_000;
    private const int ShotsPerAsset = 10;

    private readonly string _schema = "bench_" + Guid.NewGuid().ToString("N");
    private PostgresAssetIndex _index = null!;
    private VectorIndex _memory = null!;
    private float[] _query = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        var connection = Environment.GetEnvironmentVariable("AUGMENT_POSTGRES")
            ?? throw new InvalidOperationException("Set AUGMENT_POSTGRES (eval \"$(scripts/postgres-test-server start)\").");
        _index = await PostgresAssetIndex.OpenAsync(connection, new PostgresIndexOptions { Schema = _schema, VectorSearch = PostgresVectorSearch.InProcess });
        _memory = new VectorIndex(Dimension);
        var random = new Random(42);
        var shots = new ShotRecord[ShotsPerAsset];
        for (var s = 0; s < ShotsPerAsset; s++)
            shots[s] = new ShotRecord(s, TimeSpan.FromSeconds(s), TimeSpan.FromSeconds(s + 1));
        // Four writers at once, as ingest workers would.
        await Parallel.ForAsync(0, Assets, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (a, ct) =>
        {
            var embeddings = new AssetEmbedding[ShotsPerAsset];
            var rng = new Random(a);
            for (var s = 0; s < ShotsPerAsset; s++)
            {
                var vector = new float[Dimension];
                for (var i = 0; i < Dimension; i++)
                    vector[i] = (float)((rng.NextDouble() * 2) - 1);
                embeddings[s] = new AssetEmbedding(s, vector);
            }
            var info = new AssetInfo($"/bench/{a:D6}.mp4", AssetKind.Video, 1, DateTime.UnixEpoch, "b") { Duration = TimeSpan.FromSeconds(ShotsPerAsset) };
            var id = await _index.SaveAsync(new AssetRecord(info, shots, [new AssetAnalysis("clip", "v1", [], embeddings)]), ct);
            lock (_memory)
            {
                foreach (var e in embeddings)
                    _memory.Add((id << 24) | (long)e.ShotIndex, e.Vector);
            }
        });
        _query = new float[Dimension];
        for (var i = 0; i < Dimension; i++)
            _query[i] = (float)((random.NextDouble() * 2) - 1);
        await _index.SearchVectorsAsync("clip", _query, 10);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _index.DisposeAsync().AsTask().GetAwaiter().GetResult();
        using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("AUGMENT_POSTGRES"));
        connection.Open();
        using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE", connection);
        command.ExecuteNonQuery();
    }

    /// <summary>The scan alone, on vectors already in memory.</summary>
    [Benchmark(Baseline = true)]
    public VectorMatch[] InMemory_Top10() => _memory.Search(_query, 10);

    /// <summary>Warm: the change counter is read, the cache is current, the scan runs.</summary>
    [Benchmark]
    public Task<IReadOnlyList<ShotMatch>> Postgres_Warm_Top10() => _index.SearchVectorsAsync("clip", _query, 10);

    /// <summary>Cold: 100k x 512 float4 arrays fetched from the server, normalised into a new index, then the scan.</summary>
    [Benchmark]
    public async Task<IReadOnlyList<ShotMatch>> Postgres_Cold_LoadAndTop10()
    {
        _index.ForgetLoadedVectors();
        return await _index.SearchVectorsAsync("clip", _query, 10);
    }
}
