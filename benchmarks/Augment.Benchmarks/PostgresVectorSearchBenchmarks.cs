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
/// Run it with <c>--inProcess</c> and the default job (about 100 one-second iterations for the cold case; <c>--job short</c>
/// aborts it as too long for the in-process toolchain).
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
        var connectionString = Environment.GetEnvironmentVariable("AUGMENT_POSTGRES")
            ?? throw new InvalidOperationException("Set AUGMENT_POSTGRES (eval \"$(scripts/postgres-test-server start)\").");
        _index = await PostgresAssetIndex.OpenAsync(connectionString, new PostgresIndexOptions { Schema = _schema, VectorSearch = PostgresVectorSearch.InProcess });
        _memory = new VectorIndex(Dimension);
        // Bulk load (COPY) of the rows SaveAsync would write, so that setup takes seconds, not minutes; the layout is
        // the index's own (assets, shots, one source, float32 bytea embeddings).
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            var s = $"\"{_schema}\"";
            await using (var command = new NpgsqlCommand(
                $"""
                INSERT INTO {s}.assets (path, kind, size_bytes, modified_ticks, content_hash, width, height, duration_ticks, frame_rate, scanned_ticks, path_terms)
                SELECT '/bench/' || lpad(g::text, 6, '0') || '.mp4', 1, 1, 0, 'b', 1920, 1080, {ShotsPerAsset}0000000, 25, 0,
                       array_to_tsvector(ARRAY['bench', lpad(g::text, 6, '0'), 'mp4'])
                FROM generate_series(0, {Assets - 1}) g;
                INSERT INTO {s}.shots (asset_id, shot_index, start_ticks, end_ticks, keyframe_ticks, transition)
                SELECT a.id, g, g * 10000000::bigint, (g + 1) * 10000000::bigint, g * 10000000::bigint, 0 FROM {s}.assets a, generate_series(0, {ShotsPerAsset - 1}) g;
                INSERT INTO {s}.sources (name) VALUES ('clip');
                """, connection))
                await command.ExecuteNonQueryAsync();
            var ids = new List<long>();
            await using (var command = new NpgsqlCommand($"SELECT id FROM {s}.assets ORDER BY id", connection))
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                    ids.Add(reader.GetInt64(0));
            }
            var sourceId = (int)(await new NpgsqlCommand($"SELECT id FROM {s}.sources WHERE name = 'clip'", connection).ExecuteScalarAsync())!;
            var random = new Random(42);
            var vector = new float[Dimension];
            await using (var writer = await connection.BeginBinaryImportAsync($"COPY {s}.embeddings (asset_id, shot_index, source_id, dims, vec) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var id in ids)
                {
                    for (var shot = 0; shot < ShotsPerAsset; shot++)
                    {
                        for (var i = 0; i < Dimension; i++)
                            vector[i] = (float)((random.NextDouble() * 2) - 1);
                        await writer.StartRowAsync();
                        await writer.WriteAsync(id, NpgsqlTypes.NpgsqlDbType.Bigint);
                        await writer.WriteAsync(shot, NpgsqlTypes.NpgsqlDbType.Integer);
                        await writer.WriteAsync(sourceId, NpgsqlTypes.NpgsqlDbType.Integer);
                        await writer.WriteAsync(Dimension, NpgsqlTypes.NpgsqlDbType.Integer);
                        await writer.WriteAsync(PostgresValues.VectorToBytes(vector), NpgsqlTypes.NpgsqlDbType.Bytea);
                        _memory.Add((id << 24) | (long)shot, vector);
                    }
                }
                await writer.CompleteAsync();
            }
            await new NpgsqlCommand($"UPDATE {s}.sources SET change = change + 1; ANALYZE {s}.embeddings", connection).ExecuteNonQueryAsync();
        }
        _query = new float[Dimension];
        var q = new Random(7);
        for (var i = 0; i < Dimension; i++)
            _query[i] = (float)((q.NextDouble() * 2) - 1);
        var first = await _index.SearchVectorsAsync("clip", _query, 10);
        var expected = _memory.Search(_query, 10);
        for (var i = 0; i < expected.Length; i++)
        {
            if (first[i].Shot != new ShotKey(expected[i].Id >> 24, (int)(expected[i].Id & 0xFFFFFF)) || first[i].Score != expected[i].Score)
                throw new InvalidOperationException($"The PostgreSQL index and the in-memory index disagree at rank {i}.");
        }
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
