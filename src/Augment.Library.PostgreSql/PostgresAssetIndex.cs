using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Data;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Augment.Vision;
using Npgsql;
using NpgsqlTypes;
using Pgvector.Npgsql;

namespace Augment.Library;

/// <summary>
/// The asset index on a PostgreSQL server: the shared catalogue many editors and ingest workers write to at once.
/// Every write is one transaction that locks the asset's row (an upsert by path), so workers writing the same
/// catalogue, even the same file, never lose an asset or leave one half written. Times are stored as 100 ns ticks
/// (exact), hashes as bigint, thumbnails as bytea; full-text search runs on GIN-indexed tsvectors of the exact
/// words <see cref="IndexText"/> makes; vector search runs on pgvector's HNSW index when the server has the extension
/// and otherwise in this process, exactly (see <see cref="PostgresVectorSearch"/>). Thread-safe.
/// </summary>
public sealed partial class PostgresAssetIndex : IAssetIndex
{
    // Shot keys in the in-process vector index: asset id above, shot index in the low 24 bits, so that the index's
    // own tie rule (smaller id first) is the contract's (asset id, then shot index).
    private const int ShotBits = 24;
    private const int MaxShotIndex = (1 << ShotBits) - 1;

    // pgvector's HNSW index holds vectors of at most 2000 dimensions; longer ones are searched by a sequential scan.
    private const int MaxHnswDimensions = 2000;

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresIndexOptions _options;
    private readonly string _s;
    private readonly bool _pgvectorStorage;
    private readonly bool _serverSearch;
    private readonly ConcurrentDictionary<int, LoadedVectors> _loaded = new();
    private readonly ConcurrentDictionary<string, bool> _hnswIndexes = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _loadLock = new(1, 1);

    private sealed record LoadedVectors(long Change, VectorIndex? Index);

    private readonly Version? _pgvectorVersion;

    private PostgresAssetIndex(NpgsqlDataSource dataSource, PostgresIndexOptions options, string location, bool pgvectorStorage, bool serverSearch,
        Version? pgvectorVersion)
    {
        _pgvectorVersion = pgvectorVersion;
        _dataSource = dataSource;
        _options = options;
        _s = $"\"{options.Schema}\"";
        Location = location;
        _pgvectorStorage = pgvectorStorage;
        _serverSearch = serverSearch;
    }

    /// <inheritdoc />
    public string Location { get; }

    /// <summary>Whether vector searches run on the server through pgvector (false: exact, in this process).</summary>
    public bool UsesPgvector => _serverSearch;

    /// <summary>
    /// Connects to the server and opens the catalogue in <see cref="PostgresIndexOptions.Schema"/>, creating its
    /// tables when the schema is new (and the pgvector extension, when the server offers it and the options allow).
    /// </summary>
    /// <param name="connectionString">An Npgsql connection string, for example
    /// <c>Host=db;Port=5432;Username=augment;Password=...;Database=media</c>.</param>
    /// <param name="options">Schema and search settings; <see cref="PostgresIndexOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Cancels connecting and schema creation.</param>
    /// <exception cref="ArgumentException">The connection string or the options are malformed.</exception>
    /// <exception cref="AssetIndexException">The server cannot be reached or refused, the schema holds another version
    /// of the index (or other tables), or pgvector was required and is missing.</exception>
    public static async Task<PostgresAssetIndex> OpenAsync(string connectionString, PostgresIndexOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        options ??= PostgresIndexOptions.Default;
        if (options.Schema is null || !SchemaName().IsMatch(options.Schema))
            throw new ArgumentException($"Schema \"{options.Schema}\" is not a plain lower-case identifier (letters, digits, underscores; at most 63 characters).", nameof(options));
        if (!Enum.IsDefined(options.VectorSearch))
            throw new ArgumentOutOfRangeException(nameof(options), options.VectorSearch, "Unknown vector search mode.");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.HnswEfSearch, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxWriteRetries, nameof(options));

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new ArgumentException($"The PostgreSQL connection string is malformed: {e.Message}", nameof(connectionString), e);
        }
        builder.SearchPath = options.Schema + ",public";
        var location = DescribeLocation(builder, options.Schema);

        try
        {
            bool pgvectorInstalled;
            Version? pgvectorVersion = null;
            string storage;
            await using (var bootstrap = NpgsqlDataSource.Create(builder.ConnectionString))
            await using (var connection = await bootstrap.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
            {
                pgvectorInstalled = false;
                if (options.VectorSearch != PostgresVectorSearch.InProcess)
                {
                    pgvectorInstalled = await TryInstallPgvectorAsync(connection, cancellationToken).ConfigureAwait(false);
                    if (!pgvectorInstalled && options.VectorSearch == PostgresVectorSearch.Pgvector)
                        throw new AssetIndexException($"{location}: the server has no pgvector extension (or it cannot be created here), and the options require it.");
                }
                else
                {
                    pgvectorInstalled = await ScalarAsync<bool>(connection, "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector')", cancellationToken).ConfigureAwait(false);
                }
                if (pgvectorInstalled)
                {
                    var text = await ScalarAsync<string>(connection, "SELECT extversion FROM pg_extension WHERE extname = 'vector'", cancellationToken).ConfigureAwait(false);
                    pgvectorVersion = Version.TryParse(text, out var parsed) ? parsed : null;
                }
                storage = await PostgresSchema.EnsureAsync(connection, options.Schema, pgvectorInstalled && options.VectorSearch != PostgresVectorSearch.InProcess,
                    cancellationToken).ConfigureAwait(false);
            }

            var pgvectorStorage = storage == PostgresSchema.PgvectorStorage;
            if (options.VectorSearch == PostgresVectorSearch.Pgvector && !pgvectorStorage)
                throw new AssetIndexException($"{location}: the schema was created without pgvector (its embeddings are float32 bytea), so it cannot be searched on the server; open it with {nameof(PostgresVectorSearch)}.{nameof(PostgresVectorSearch.InProcess)}.");
            if (pgvectorStorage && !pgvectorInstalled)
                throw new AssetIndexException($"{location}: the schema stores pgvector embeddings but the extension is not installed in this database.");

            var dataSourceBuilder = new NpgsqlDataSourceBuilder(builder.ConnectionString);
            if (pgvectorStorage)
                dataSourceBuilder.UseVector();
            var dataSource = dataSourceBuilder.Build();
            return new PostgresAssetIndex(dataSource, options, location, pgvectorStorage,
                pgvectorStorage && options.VectorSearch != PostgresVectorSearch.InProcess, pgvectorVersion);
        }
        catch (NpgsqlException e)
        {
            throw new AssetIndexException($"{location}: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public async Task<StoredAsset?> FindAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var found = await ReadAsync(async (connection, transaction) =>
        {
            await using var command = new NpgsqlCommand($"SELECT {AssetColumns} FROM {_s}.assets a WHERE a.path = @path", connection, transaction);
            command.Parameters.AddWithValue("path", path);
            return await ReadAssetsAsync(connection, transaction, command, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    public async Task<StoredAsset?> GetAsync(long assetId, CancellationToken cancellationToken = default)
    {
        var found = await ReadAsync(async (connection, transaction) =>
        {
            await using var command = new NpgsqlCommand($"SELECT {AssetColumns} FROM {_s}.assets a WHERE a.id = @id", connection, transaction);
            command.Parameters.AddWithValue("id", assetId);
            return await ReadAssetsAsync(connection, transaction, command, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    public Task<long> SaveAsync(AssetRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(record.Info);
        ArgumentNullException.ThrowIfNull(record.Shots);
        ArgumentNullException.ThrowIfNull(record.Analyses);
        ArgumentException.ThrowIfNullOrEmpty(record.Info.Path, nameof(record));
        foreach (var shot in record.Shots)
        {
            ArgumentNullException.ThrowIfNull(shot, nameof(record));
            if (shot.Index < 0 || shot.Index > MaxShotIndex)
                throw new ArgumentOutOfRangeException(nameof(record), shot.Index, $"Shot indices run from 0 to {MaxShotIndex}.");
        }
        foreach (var analysis in record.Analyses)
            CheckAnalysis(analysis, nameof(record));

        return WriteAsync(async (connection, transaction) =>
        {
            var id = await UpsertAssetAsync(connection, transaction, record.Info, error: null, cancellationToken).ConfigureAwait(false);
            var touched = await ClearAssetAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false);
            await InsertShotsAsync(connection, transaction, id, record.Shots, cancellationToken).ConfigureAwait(false);
            // Sources in ordinal order, so that concurrent writers lock source rows in one order (fewer deadlocks to retry).
            foreach (var analysis in record.Analyses.OrderBy(a => a.Source, StringComparer.Ordinal))
                await InsertAnalysisAsync(connection, transaction, id, analysis, touched, cancellationToken).ConfigureAwait(false);
            await BumpSourcesAsync(connection, transaction, touched, cancellationToken).ConfigureAwait(false);
            return id;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task SaveAnalysisAsync(long assetId, AssetAnalysis analysis, CancellationToken cancellationToken = default)
    {
        CheckAnalysis(analysis, nameof(analysis));
        return WriteAsync(async (connection, transaction) =>
        {
            var shots = new HashSet<int>();
            var exists = false;
            await using (var command = new NpgsqlCommand(
                $"SELECT s.shot_index FROM (SELECT id FROM {_s}.assets WHERE id = @id FOR UPDATE) a LEFT JOIN {_s}.shots s ON s.asset_id = a.id",
                connection, transaction))
            {
                command.Parameters.AddWithValue("id", assetId);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    exists = true;
                    if (!reader.IsDBNull(0))
                        shots.Add(reader.GetInt32(0));
                }
            }
            if (!exists)
                throw new AssetIndexException($"{Location}: no asset has id {assetId}; nothing was written.");
            foreach (var tag in analysis.Tags)
            {
                if (!shots.Contains(tag.ShotIndex))
                    throw new AssetIndexException($"{Location}: tag \"{tag.Name}\" of source \"{analysis.Source}\" names shot {tag.ShotIndex}, which asset {assetId} does not have ({shots.Count} shots); nothing was written.");
            }
            foreach (var embedding in analysis.Embeddings)
            {
                if (!shots.Contains(embedding.ShotIndex))
                    throw new AssetIndexException($"{Location}: an embedding of source \"{analysis.Source}\" names shot {embedding.ShotIndex}, which asset {assetId} does not have ({shots.Count} shots); nothing was written.");
            }

            var touched = new SortedSet<int>();
            await using (var command = new NpgsqlCommand(
                $"""
                WITH d AS (DELETE FROM {_s}.embeddings e USING {_s}.sources s
                           WHERE e.asset_id = @id AND e.source_id = s.id AND s.name = @source RETURNING e.source_id)
                SELECT DISTINCT source_id FROM d;
                DELETE FROM {_s}.tags WHERE asset_id = @id AND source = @source;
                DELETE FROM {_s}.analyses WHERE asset_id = @id AND source = @source;
                """, connection, transaction))
            {
                command.Parameters.AddWithValue("id", assetId);
                command.Parameters.AddWithValue("source", analysis.Source);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    touched.Add(reader.GetInt32(0));
            }
            await InsertAnalysisAsync(connection, transaction, assetId, analysis, touched, cancellationToken).ConfigureAwait(false);
            await BumpSourcesAsync(connection, transaction, touched, cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task RecordFailureAsync(AssetFailure failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentException.ThrowIfNullOrEmpty(failure.Path, nameof(failure));
        ArgumentNullException.ThrowIfNull(failure.Error, nameof(failure));
        var info = new AssetInfo(failure.Path, AssetKind.Image, failure.SizeBytes, failure.ModifiedUtc, string.Empty);
        return WriteAsync(async (connection, transaction) =>
        {
            var id = await UpsertAssetAsync(connection, transaction, info, failure.Error, cancellationToken).ConfigureAwait(false);
            var touched = await ClearAssetAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false);
            await BumpSourcesAsync(connection, transaction, touched, cancellationToken).ConfigureAwait(false);
            return id;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> RemoveAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        return WriteAsync(async (connection, transaction) =>
        {
            long id;
            await using (var command = new NpgsqlCommand($"SELECT id FROM {_s}.assets WHERE path = @path FOR UPDATE", connection, transaction))
            {
                command.Parameters.AddWithValue("path", path);
                var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                if (value is null)
                    return false;
                id = (long)value;
            }
            var touched = await ClearAssetAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false);
            await using (var command = new NpgsqlCommand($"DELETE FROM {_s}.assets WHERE id = @id", connection, transaction))
            {
                command.Parameters.AddWithValue("id", id);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await BumpSourcesAsync(connection, transaction, touched, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredAsset>> AssetsAsync(AssetFilter? filter = null, CancellationToken cancellationToken = default) =>
        ReadAsync(async (connection, transaction) =>
        {
            await using var command = new NpgsqlCommand { Connection = connection, Transaction = transaction };
            command.CommandText = $"SELECT {AssetColumns} FROM {_s}.assets a WHERE {PostgresFilter.Conditions(filter, command)} ORDER BY a.path";
            return await ReadAssetsAsync(connection, transaction, command, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredShot>> ShotsAsync(long assetId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<StoredShot>>(async (connection, transaction) =>
        {
            await using var command = new NpgsqlCommand(
                $"SELECT shot_index, start_ticks, end_ticks, keyframe_ticks, transition, phash, dhash FROM {_s}.shots WHERE asset_id = @id ORDER BY shot_index",
                connection, transaction);
            command.Parameters.AddWithValue("id", assetId);
            var shots = new List<StoredShot>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ImageHashes? hashes = reader.IsDBNull(5) || reader.IsDBNull(6) ? null
                    : new ImageHashes(new PerceptualHash(PostgresValues.BigintToHash(reader.GetInt64(5))), new PerceptualHash(PostgresValues.BigintToHash(reader.GetInt64(6))));
                shots.Add(new StoredShot(new ShotKey(assetId, reader.GetInt32(0)), new TimeSpan(reader.GetInt64(1)), new TimeSpan(reader.GetInt64(2)),
                    new TimeSpan(reader.GetInt64(3)), (ShotTransition)reader.GetInt16(4), hashes));
            }
            return shots;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<byte[]?> ThumbnailAsync(ShotKey shot, CancellationToken cancellationToken = default) =>
        ReadAsync(async (connection, transaction) =>
        {
            await using var command = new NpgsqlCommand($"SELECT thumbnail FROM {_s}.shots WHERE asset_id = @id AND shot_index = @shot", connection, transaction);
            command.Parameters.AddWithValue("id", shot.AssetId);
            command.Parameters.AddWithValue("shot", shot.ShotIndex);
            var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return value as byte[];
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ShotHashes>> HashesAsync(AssetFilter? filter = null, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<ShotHashes>>(async (connection, transaction) =>
        {
            await using var command = new NpgsqlCommand { Connection = connection, Transaction = transaction };
            command.CommandText = $"""
                SELECT s.asset_id, s.shot_index, s.phash, s.dhash FROM {_s}.shots s JOIN {_s}.assets a ON a.id = s.asset_id
                WHERE s.phash IS NOT NULL AND s.dhash IS NOT NULL AND {PostgresFilter.Conditions(filter, command)}
                ORDER BY s.asset_id, s.shot_index
                """;
            var hashes = new List<ShotHashes>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                hashes.Add(new ShotHashes(new ShotKey(reader.GetInt64(0), reader.GetInt32(1)), new ImageHashes(
                    new PerceptualHash(PostgresValues.BigintToHash(reader.GetInt64(2))), new PerceptualHash(PostgresValues.BigintToHash(reader.GetInt64(3))))));
            }
            return hashes;
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<TextHit>> SearchTextAsync(IReadOnlyList<string> terms, AssetFilter? filter = null, int limit = 1000,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        // Only single normalised words reach the server: the contract's words, and nothing a query parser could read as syntax.
        var words = IndexText.CheckedTerms(terms);
        if (words.Count == 0)
            return [];
        return await ReadAsync<IReadOnlyList<TextHit>>(async (connection, transaction) =>
        {
            await using var command = new NpgsqlCommand { Connection = connection, Transaction = transaction };
            var conditions = PostgresFilter.Conditions(filter, command);
            command.CommandText = $"""
                SELECT asset_id, shot_index, text, source, score, start_ticks, end_ticks FROM (
                    SELECT t.asset_id, t.shot_index, t.name AS text, t.source, t.score, t.start_ticks, t.end_ticks
                    FROM {_s}.tags t JOIN {_s}.assets a ON a.id = t.asset_id
                    WHERE t.terms @@ @query::tsquery AND {conditions}
                    UNION ALL
                    SELECT a.id, -1, a.path, 'path', 1::real, 0::bigint, a.duration_ticks
                    FROM {_s}.assets a
                    WHERE a.path_terms @@ @query::tsquery AND {conditions}) hits
                ORDER BY score DESC, asset_id, shot_index, text COLLATE "C", source COLLATE "C", start_ticks, end_ticks
                LIMIT @limit
                """;
            command.Parameters.AddWithValue("query", PostgresValues.AnyWordQuery(words));
            command.Parameters.AddWithValue("limit", limit);
            var hits = new List<TextHit>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                hits.Add(new TextHit(reader.GetInt64(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetFloat(4),
                    new TimeSpan(reader.GetInt64(5)), new TimeSpan(reader.GetInt64(6))));
            }
            return hits;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ShotMatch>> SearchVectorsAsync(string source, ReadOnlyMemory<float> query, int k, AssetFilter? filter = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        return _serverSearch
            ? SearchOnServerAsync(source, query, k, filter, cancellationToken)
            : SearchInProcessAsync(source, query, k, filter, cancellationToken);
    }

    /// <inheritdoc />
    public Task<float[]?> EmbeddingAsync(ShotKey shot, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        return ReadAsync(async (connection, transaction) =>
        {
            await using var command = new NpgsqlCommand(
                $"SELECT e.vec FROM {_s}.embeddings e JOIN {_s}.sources s ON s.id = e.source_id WHERE s.name = @source AND e.asset_id = @id AND e.shot_index = @shot",
                connection, transaction);
            command.Parameters.AddWithValue("source", source);
            command.Parameters.AddWithValue("id", shot.AssetId);
            command.Parameters.AddWithValue("shot", shot.ShotIndex);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadVector(reader, 0) : null;
        }, cancellationToken);
    }

    /// <summary>Closes the connection pool (the server keeps the catalogue).</summary>
    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _loadLock.Dispose();
        _loaded.Clear();
    }

    // ------------------------------------------------------------------------------------------------------------
    // Vector search.

    /// <summary>Drops the in-process vector caches, so that the next search loads from the server (benchmarks).</summary>
    internal void ForgetLoadedVectors() => _loaded.Clear();

    /// <summary>A stored embedding: pgvector's <c>vector</c> through the Pgvector package, else little-endian float32 bytes.</summary>
    private float[] ReadVector(NpgsqlDataReader reader, int column) =>
        _pgvectorStorage ? reader.GetFieldValue<Pgvector.Vector>(column).ToArray() : PostgresValues.BytesToVector(reader.GetFieldValue<byte[]>(column));

    private Task<IReadOnlyList<ShotMatch>> SearchInProcessAsync(string source, ReadOnlyMemory<float> query, int k, AssetFilter? filter,
        CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<ShotMatch>>(async (connection, transaction) =>
        {
            int sourceId;
            long change;
            await using (var command = new NpgsqlCommand($"SELECT id, change FROM {_s}.sources WHERE name = @source", connection, transaction))
            {
                command.Parameters.AddWithValue("source", source);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    return [];
                sourceId = reader.GetInt32(0);
                change = reader.GetInt64(1);
            }

            // The change counter is read in the same snapshot as the embeddings, so a cache is never newer or older
            // than the counter it is kept under.
            if (!_loaded.TryGetValue(sourceId, out var loaded) || loaded.Change != change)
            {
                await _loadLock.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    if (!_loaded.TryGetValue(sourceId, out loaded) || loaded.Change != change)
                    {
                        loaded = new LoadedVectors(change, await LoadVectorsAsync(connection, transaction, sourceId, source, cancellationToken).ConfigureAwait(false));
                        _loaded[sourceId] = loaded;
                    }
                }
                finally
                {
                    _loadLock.Release();
                }
            }
            var index = loaded.Index;
            if (index is null || index.Count == 0)
                return [];
            if (query.Length != index.Dimension)
                throw new AssetIndexException($"{Location}: the query has {query.Length} values but the embeddings of source \"{source}\" have {index.Dimension}.");

            Func<long, bool>? allowed = null;
            if (PostgresFilter.NarrowsStoredAssets(filter))
            {
                var ids = await FilteredAssetIdsAsync(connection, transaction, filter, cancellationToken).ConfigureAwait(false);
                if (ids.Count == 0)
                    return [];
                allowed = key => ids.Contains(key >> ShotBits);
            }
            var matches = index.Search(query.Span, k, allowed, cancellationToken);
            var results = new ShotMatch[matches.Length];
            for (var i = 0; i < matches.Length; i++)
                results[i] = new ShotMatch(new ShotKey(matches[i].Id >> ShotBits, (int)(matches[i].Id & MaxShotIndex)), matches[i].Score);
            return results;
        }, cancellationToken);

    private async Task<VectorIndex?> LoadVectorsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int sourceId, string source,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT asset_id, shot_index, dims, vec FROM {_s}.embeddings WHERE source_id = @source", connection, transaction);
        command.Parameters.AddWithValue("source", sourceId);
        VectorIndex? index = null;
        byte[] bytes = [];
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var assetId = reader.GetInt64(0);
            var shot = reader.GetInt32(1);
            var dims = reader.GetInt32(2);
            index ??= new VectorIndex(dims, VectorMetric.Cosine, _options.Budget);
            if (dims != index.Dimension)
                throw new AssetIndexException($"{Location}: source \"{source}\" holds embeddings of {index.Dimension} and {dims} values; the catalogue is inconsistent.");
            ReadOnlySpan<float> vector;
            if (_pgvectorStorage)
            {
                vector = reader.GetFieldValue<Pgvector.Vector>(3).Memory.Span;
            }
            else
            {
                // Into one reused buffer: a 100k-row load would otherwise allocate a byte[] and a float[] per row.
                if (bytes.Length != dims * sizeof(float))
                    bytes = new byte[dims * sizeof(float)];
                var read = reader.GetBytes(3, 0, bytes, 0, bytes.Length);
                if (read != bytes.Length)
                    throw new AssetIndexException($"{Location}: an embedding of source \"{source}\" holds {read} bytes, not the {bytes.Length} its {dims} values need.");
                if (!BitConverter.IsLittleEndian)
                    BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, int>(bytes.AsSpan()), MemoryMarshal.Cast<byte, int>(bytes.AsSpan()));
                vector = MemoryMarshal.Cast<byte, float>(bytes.AsSpan());
            }
            if (vector.Length != index.Dimension)
                throw new AssetIndexException($"{Location}: source \"{source}\" holds an embedding of {vector.Length} values where {index.Dimension} are recorded.");
            // A zero or non-finite vector has no cosine direction: it can match nothing, so it is left out of the search.
            if (!IsSearchable(vector))
                continue;
            index.Add((assetId << ShotBits) | (long)shot, vector);
        }
        return index;
    }

    private async Task<IReadOnlyList<ShotMatch>> SearchOnServerAsync(string source, ReadOnlyMemory<float> query, int k, AssetFilter? filter,
        CancellationToken cancellationToken) =>
        await ReadAsync<IReadOnlyList<ShotMatch>>(async (connection, transaction) =>
        {
            int sourceId;
            int dims;
            await using (var command = new NpgsqlCommand(
                $"SELECT s.id, (SELECT e.dims FROM {_s}.embeddings e WHERE e.source_id = s.id LIMIT 1) FROM {_s}.sources s WHERE s.name = @source",
                connection, transaction))
            {
                command.Parameters.AddWithValue("source", source);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false) || reader.IsDBNull(1))
                    return [];
                sourceId = reader.GetInt32(0);
                dims = reader.GetInt32(1);
            }
            if (query.Length != dims)
                throw new AssetIndexException($"{Location}: the query has {query.Length} values but the embeddings of source \"{source}\" have {dims}.");

            // ef_search is the HNSW candidate list: at least k, and at most pgvector's limit of 1000.
            var efSearch = Math.Clamp(Math.Max(_options.HnswEfSearch, k), 1, 1000);
            // pgvector 0.8 can keep scanning the graph when a filter drops candidates (iterative index scans);
            // older versions return fewer than k rows when the filter is selective.
            var settings = $"SET LOCAL hnsw.ef_search = {efSearch.ToString(CultureInfo.InvariantCulture)}";
            if (_pgvectorVersion >= new Version(0, 8))
                settings += "; SET LOCAL hnsw.iterative_scan = strict_order";
            await using (var command = new NpgsqlCommand(settings, connection, transaction))
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

            var typed = $"e.vec::vector({dims.ToString(CultureInfo.InvariantCulture)})";
            await using var search = new NpgsqlCommand { Connection = connection, Transaction = transaction };
            var conditions = PostgresFilter.Conditions(filter, search);
            // The cast to vector(D) and the source/dims predicate are what the partial HNSW index was built on.
            search.CommandText = $"""
                SELECT e.asset_id, e.shot_index, 1 - ({typed} <=> @query) AS score
                FROM {_s}.embeddings e JOIN {_s}.assets a ON a.id = e.asset_id
                WHERE e.source_id = @source AND e.dims = @dims AND {conditions}
                ORDER BY {typed} <=> @query
                LIMIT @k
                """;
            search.Parameters.AddWithValue("query", new Pgvector.Vector(query));
            search.Parameters.AddWithValue("source", sourceId);
            search.Parameters.AddWithValue("dims", dims);
            search.Parameters.AddWithValue("k", k);
            var results = new List<ShotMatch>();
            await using (var reader = await search.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (reader.IsDBNull(2))
                        continue; // a zero vector has no cosine distance
                    results.Add(new ShotMatch(new ShotKey(reader.GetInt64(0), reader.GetInt32(1)), (float)reader.GetDouble(2)));
                }
            }
            results.Sort(static (x, y) =>
            {
                var byScore = y.Score.CompareTo(x.Score);
                if (byScore != 0)
                    return byScore;
                var byAsset = x.Shot.AssetId.CompareTo(y.Shot.AssetId);
                return byAsset != 0 ? byAsset : x.Shot.ShotIndex.CompareTo(y.Shot.ShotIndex);
            });
            return results;
        }, cancellationToken).ConfigureAwait(false);

    private async Task<HashSet<long>> FilteredAssetIdsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AssetFilter? filter,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand { Connection = connection, Transaction = transaction };
        command.CommandText = $"SELECT a.id FROM {_s}.assets a WHERE {PostgresFilter.Conditions(filter, command)}";
        var ids = new HashSet<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            ids.Add(reader.GetInt64(0));
        return ids;
    }

    private static bool IsSearchable(ReadOnlySpan<float> vector)
    {
        var any = false;
        foreach (var value in vector)
        {
            if (!float.IsFinite(value))
                return false;
            any |= value != 0;
        }
        return any;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Writes.

    private void CheckAnalysis(AssetAnalysis analysis, string parameter)
    {
        ArgumentNullException.ThrowIfNull(analysis, parameter);
        ArgumentException.ThrowIfNullOrEmpty(analysis.Source, parameter);
        ArgumentNullException.ThrowIfNull(analysis.Version, parameter);
        ArgumentNullException.ThrowIfNull(analysis.Tags, parameter);
        ArgumentNullException.ThrowIfNull(analysis.Embeddings, parameter);
        int? length = null;
        foreach (var embedding in analysis.Embeddings)
        {
            ArgumentNullException.ThrowIfNull(embedding, parameter);
            ArgumentNullException.ThrowIfNull(embedding.Vector, parameter);
            if (embedding.Vector.Length == 0)
                throw new AssetIndexException($"{Location}: an embedding of source \"{analysis.Source}\" (shot {embedding.ShotIndex}) is empty; nothing was written.");
            length ??= embedding.Vector.Length;
            if (embedding.Vector.Length != length)
                throw new AssetIndexException($"{Location}: source \"{analysis.Source}\" gives embeddings of {length} and {embedding.Vector.Length} values; nothing was written.");
        }
        foreach (var tag in analysis.Tags)
        {
            ArgumentNullException.ThrowIfNull(tag, parameter);
            ArgumentNullException.ThrowIfNull(tag.Name, parameter);
        }
    }

    private async Task<long> UpsertAssetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AssetInfo info, string? error,
        CancellationToken cancellationToken)
    {
        // The upsert takes the row lock that serialises writers of the same path until this transaction ends.
        await using var command = new NpgsqlCommand(
            $"""
            INSERT INTO {_s}.assets (path, kind, size_bytes, modified_ticks, content_hash, width, height, duration_ticks, frame_rate, codec,
                                     timecode, captured_ticks, scanned_ticks, error, path_terms)
            VALUES (@path, @kind, @size, @modified, @hash, @width, @height, @duration, @rate, @codec, @timecode, @captured, @scanned, @error,
                    array_to_tsvector(@terms))
            ON CONFLICT (path) DO UPDATE SET kind = EXCLUDED.kind, size_bytes = EXCLUDED.size_bytes, modified_ticks = EXCLUDED.modified_ticks,
                content_hash = EXCLUDED.content_hash, width = EXCLUDED.width, height = EXCLUDED.height, duration_ticks = EXCLUDED.duration_ticks,
                frame_rate = EXCLUDED.frame_rate, codec = EXCLUDED.codec, timecode = EXCLUDED.timecode, captured_ticks = EXCLUDED.captured_ticks,
                scanned_ticks = EXCLUDED.scanned_ticks, error = EXCLUDED.error, path_terms = EXCLUDED.path_terms
            RETURNING id
            """, connection, transaction);
        command.Parameters.AddWithValue("path", info.Path);
        command.Parameters.AddWithValue("kind", (short)info.Kind);
        command.Parameters.AddWithValue("size", info.SizeBytes);
        command.Parameters.AddWithValue("modified", PostgresValues.UtcTicks(info.ModifiedUtc));
        command.Parameters.AddWithValue("hash", info.ContentHash ?? string.Empty);
        command.Parameters.AddWithValue("width", info.Width);
        command.Parameters.AddWithValue("height", info.Height);
        command.Parameters.AddWithValue("duration", info.Duration.Ticks);
        command.Parameters.AddWithValue("rate", info.FrameRate);
        command.Parameters.Add(new NpgsqlParameter<string?>("codec", NpgsqlDbType.Text) { TypedValue = info.Codec });
        command.Parameters.Add(new NpgsqlParameter<string?>("timecode", NpgsqlDbType.Text) { TypedValue = info.Timecode });
        command.Parameters.Add(new NpgsqlParameter<long?>("captured", NpgsqlDbType.Bigint) { TypedValue = info.CapturedUtc is { } captured ? PostgresValues.UtcTicks(captured) : null });
        command.Parameters.AddWithValue("scanned", DateTime.UtcNow.Ticks);
        command.Parameters.Add(new NpgsqlParameter<string?>("error", NpgsqlDbType.Text) { TypedValue = error });
        command.Parameters.Add(new NpgsqlParameter<string[]>("terms", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = Words(info.Path) });
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Deletes an asset's shots, tags, analyses and embeddings; returns the sources whose embeddings changed.</summary>
    private async Task<SortedSet<int>> ClearAssetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, CancellationToken cancellationToken)
    {
        var touched = new SortedSet<int>();
        await using var command = new NpgsqlCommand(
            $"""
            WITH d AS (DELETE FROM {_s}.embeddings WHERE asset_id = @id RETURNING source_id) SELECT DISTINCT source_id FROM d;
            DELETE FROM {_s}.analyses WHERE asset_id = @id;
            DELETE FROM {_s}.shots WHERE asset_id = @id;
            """, connection, transaction);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            touched.Add(reader.GetInt32(0));
        return touched;
    }

    private async Task InsertShotsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, IReadOnlyList<ShotRecord> shots,
        CancellationToken cancellationToken)
    {
        if (shots.Count == 0)
            return;
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var shot in shots)
        {
            var command = new NpgsqlBatchCommand(
                $"""
                INSERT INTO {_s}.shots (asset_id, shot_index, start_ticks, end_ticks, keyframe_ticks, transition, phash, dhash, thumbnail)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                """);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = shot.Index });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = shot.Start.Ticks });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = shot.End.Ticks });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = shot.Keyframe.Ticks });
            command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)shot.Transition });
            command.Parameters.Add(new NpgsqlParameter<long?> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = shot.Hashes is { } h ? PostgresValues.HashToBigint(h.Phash.Bits) : null });
            command.Parameters.Add(new NpgsqlParameter<long?> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = shot.Hashes is { } d ? PostgresValues.HashToBigint(d.Dhash.Bits) : null });
            command.Parameters.Add(new NpgsqlParameter<byte[]?> { NpgsqlDbType = NpgsqlDbType.Bytea, TypedValue = shot.Thumbnail });
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task InsertAnalysisAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, AssetAnalysis analysis,
        SortedSet<int> touched, CancellationToken cancellationToken)
    {
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            var row = new NpgsqlBatchCommand($"INSERT INTO {_s}.analyses (asset_id, source, version) VALUES ($1, $2, $3)");
            row.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
            row.Parameters.Add(new NpgsqlParameter<string> { TypedValue = analysis.Source });
            row.Parameters.Add(new NpgsqlParameter<string> { TypedValue = analysis.Version });
            batch.BatchCommands.Add(row);
            foreach (var tag in analysis.Tags)
            {
                var command = new NpgsqlBatchCommand(
                    $"""
                    INSERT INTO {_s}.tags (asset_id, shot_index, source, name, score, start_ticks, end_ticks, terms)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, array_to_tsvector($8))
                    """);
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = tag.ShotIndex });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = analysis.Source });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tag.Name });
                command.Parameters.Add(new NpgsqlParameter<float> { TypedValue = tag.Score });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = tag.Start.Ticks });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = tag.End.Ticks });
                command.Parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = Words(tag.Name) });
                batch.BatchCommands.Add(command);
            }
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        if (analysis.Embeddings.Count == 0)
            return;

        // The source row is locked while its embeddings are checked and written, so that two workers cannot both
        // store the first embeddings of a source with different lengths.
        int sourceId;
        await using (var command = new NpgsqlCommand(
            $"""
            INSERT INTO {_s}.sources (name) VALUES (@source) ON CONFLICT (name) DO NOTHING;
            SELECT id FROM {_s}.sources WHERE name = @source FOR UPDATE;
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("source", analysis.Source);
            sourceId = (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
        var dims = analysis.Embeddings[0].Vector.Length;
        await using (var command = new NpgsqlCommand($"SELECT dims FROM {_s}.embeddings WHERE source_id = @source LIMIT 1", connection, transaction))
        {
            command.Parameters.AddWithValue("source", sourceId);
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is int stored && stored != dims)
                throw new AssetIndexException($"{Location}: the embeddings of source \"{analysis.Source}\" have {dims} values but the ones stored have {stored}; nothing was written.");
        }
        if (_pgvectorStorage && dims <= MaxHnswDimensions)
            await EnsureHnswIndexAsync(connection, transaction, sourceId, dims, cancellationToken).ConfigureAwait(false);

        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            foreach (var embedding in analysis.Embeddings)
            {
                var command = new NpgsqlBatchCommand($"INSERT INTO {_s}.embeddings (asset_id, shot_index, source_id, dims, vec) VALUES ($1, $2, $3, $4, $5)");
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = embedding.ShotIndex });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = sourceId });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = dims });
                if (_pgvectorStorage)
                    command.Parameters.Add(new NpgsqlParameter<Pgvector.Vector> { TypedValue = new Pgvector.Vector(embedding.Vector) });
                else
                    command.Parameters.Add(new NpgsqlParameter<byte[]> { NpgsqlDbType = NpgsqlDbType.Bytea, TypedValue = PostgresValues.VectorToBytes(embedding.Vector) });
                batch.BatchCommands.Add(command);
            }
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        touched.Add(sourceId);
    }

    private async Task EnsureHnswIndexAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int sourceId, int dims, CancellationToken cancellationToken)
    {
        var name = $"embeddings_hnsw_{sourceId.ToString(CultureInfo.InvariantCulture)}_{dims.ToString(CultureInfo.InvariantCulture)}";
        if (_hnswIndexes.ContainsKey(name))
            return;
        await using (var exists = new NpgsqlCommand($"SELECT to_regclass('{_s}.{name}') IS NOT NULL", connection, transaction))
        {
            if ((bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                // Remembered only once seen committed: an index created by a write that rolled back is created again.
                _hnswIndexes[name] = true;
                return;
            }
        }
        // One partial expression index per source and length: pgvector's HNSW needs a fixed dimension (vector(D)).
        // Created inside the write, so it exists exactly when the source's first embeddings do.
        var d = dims.ToString(CultureInfo.InvariantCulture);
        await using var command = new NpgsqlCommand(
            $"CREATE INDEX IF NOT EXISTS {name} ON {_s}.embeddings USING hnsw ((vec::vector({d})) vector_cosine_ops) WHERE source_id = {sourceId.ToString(CultureInfo.InvariantCulture)} AND dims = {d}",
            connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task BumpSourcesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SortedSet<int> touched, CancellationToken cancellationToken)
    {
        if (touched.Count == 0)
            return;
        // The change counter tells every process's in-process vector cache that this source's embeddings changed.
        await using var command = new NpgsqlCommand($"UPDATE {_s}.sources SET change = change + 1 WHERE id = ANY(@ids)", connection, transaction);
        command.Parameters.AddWithValue("ids", touched.ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string[] Words(string text)
    {
        var terms = IndexText.Terms(text);
        var words = new string[terms.Count];
        for (var i = 0; i < words.Length; i++)
            words[i] = terms[i];
        return words;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Reads.

    private const string AssetColumns =
        "a.id, a.path, a.kind, a.size_bytes, a.modified_ticks, a.content_hash, a.width, a.height, a.duration_ticks, a.frame_rate, a.codec, a.timecode, a.captured_ticks, a.scanned_ticks, a.error";

    private async Task<IReadOnlyList<StoredAsset>> ReadAssetsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, NpgsqlCommand command,
        CancellationToken cancellationToken)
    {
        var rows = new List<(long Id, AssetInfo Info, DateTime Scanned, string? Error)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var info = new AssetInfo(reader.GetString(1), (AssetKind)reader.GetInt16(2), reader.GetInt64(3),
                    PostgresValues.FromTicks(reader.GetInt64(4)), reader.GetString(5))
                {
                    Width = reader.GetInt32(6),
                    Height = reader.GetInt32(7),
                    Duration = new TimeSpan(reader.GetInt64(8)),
                    FrameRate = reader.GetDouble(9),
                    Codec = reader.IsDBNull(10) ? null : reader.GetString(10),
                    Timecode = reader.IsDBNull(11) ? null : reader.GetString(11),
                    CapturedUtc = reader.IsDBNull(12) ? null : PostgresValues.FromTicks(reader.GetInt64(12)),
                };
                rows.Add((reader.GetInt64(0), info, PostgresValues.FromTicks(reader.GetInt64(13)), reader.IsDBNull(14) ? null : reader.GetString(14)));
            }
        }
        if (rows.Count == 0)
            return [];

        var analyses = new Dictionary<long, Dictionary<string, string>>();
        await using (var lookup = new NpgsqlCommand($"SELECT asset_id, source, version FROM {_s}.analyses WHERE asset_id = ANY(@ids)", connection, transaction))
        {
            var ids = new long[rows.Count];
            for (var i = 0; i < ids.Length; i++)
                ids[i] = rows[i].Id;
            lookup.Parameters.AddWithValue("ids", ids);
            await using var reader = await lookup.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var assetId = reader.GetInt64(0);
                if (!analyses.TryGetValue(assetId, out var versions))
                    analyses[assetId] = versions = new Dictionary<string, string>(StringComparer.Ordinal);
                versions[reader.GetString(1)] = reader.GetString(2);
            }
        }
        var assets = new StoredAsset[rows.Count];
        for (var i = 0; i < assets.Length; i++)
        {
            var row = rows[i];
            IReadOnlyDictionary<string, string> versions = analyses.TryGetValue(row.Id, out var found) ? found : new Dictionary<string, string>(StringComparer.Ordinal);
            assets[i] = new StoredAsset(row.Id, row.Info, row.Scanned, row.Error, versions);
        }
        return assets;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Transactions.

    /// <summary>Runs a read in one repeatable-read, read-only transaction (one snapshot for all its statements).</summary>
    private async Task<T> ReadAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
            var result = await read(connection, transaction).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
        catch (NpgsqlException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AssetIndexException($"{Location}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Runs a write in one read-committed transaction whose row locks (the asset row first, then source rows in
    /// id order) serialise conflicting writers; a deadlock or serialization failure is retried from the start.
    /// </summary>
    private async Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> write, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
                var result = await write(connection, transaction).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected
                                              && attempt < _options.MaxWriteRetries)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(5 * (attempt + 1) + Random.Shared.Next(10)), cancellationToken).ConfigureAwait(false);
            }
            catch (NpgsqlException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new AssetIndexException($"{Location}: the server refused the write ({e.Message}); nothing was written.", e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Connection.

    private static async Task<bool> TryInstallPgvectorAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (await ScalarAsync<bool>(connection, "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector')", cancellationToken).ConfigureAwait(false))
            return true;
        if (!await ScalarAsync<bool>(connection, "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector')", cancellationToken).ConfigureAwait(false))
            return false;
        try
        {
            // In public, so that every catalogue schema in the database shares it and dropping one keeps it.
            await using var command = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS vector SCHEMA public", connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateObject)
        {
            // Not allowed here (an administrator must create it), or created by another process at this moment.
            return await ScalarAsync<bool>(connection, "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector')", cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Host, port, database, user and schema: never the password.</summary>
    internal static string DescribeLocation(NpgsqlConnectionStringBuilder builder, string schema)
    {
        var user = string.IsNullOrEmpty(builder.Username) ? string.Empty : builder.Username + "@";
        var host = string.IsNullOrEmpty(builder.Host) ? "localhost" : builder.Host;
        var database = string.IsNullOrEmpty(builder.Database) ? "(default database)" : builder.Database;
        return $"postgresql://{user}{host}:{builder.Port.ToString(CultureInfo.InvariantCulture)}/{database} (schema {schema})";
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaName();
}
