using Augment.Vision;
using Microsoft.Data.Sqlite;

namespace Augment.Library;

/// <summary>
/// The embedded asset index: one SQLite file (WAL mode) holding assets, shots, tags, analyses and embeddings, with
/// FTS5 full-text search over tags and paths and in-process cosine search over embeddings (exact; approximate HNSW,
/// persisted beside the file, for sources of at least <see cref="SqliteIndexOptions.ApproximateSearchFrom"/> rows). Safe to share
/// between parallel ingest tasks: writes are serialised on one connection, each in its own transaction; reads use
/// their own pooled connections and see the last committed state. Layout and limits: docs/library-index.md.
/// </summary>
/// <example>
/// <code>
/// await using var index = await SqliteAssetIndex.OpenAsync("library.db");
/// var id = await index.SaveAsync(record);
/// var hits = await index.SearchTextAsync(["red", "car"], new AssetFilter { Kind = AssetKind.Video });
/// var similar = await index.SearchVectorsAsync("clip", queryEmbedding, k: 10);
/// </code>
/// </example>
public sealed class SqliteAssetIndex : IAssetIndex
{
    private const string AssetColumns =
        "a.id, a.path, a.kind, a.size_bytes, a.modified_ticks, a.content_hash, a.width, a.height, a.duration_ticks, " +
        "a.frame_rate, a.codec, a.timecode, a.captured_ticks, a.scanned_ticks, a.error";

    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly ShotVectorCache _vectors;
    private readonly ComputeBudget _budget;
    private SqliteTransaction? _transaction; // the write in progress (set under the write gate)
    private bool _disposed;

    private SqliteAssetIndex(string path, string connectionString, SqliteConnection writer, ComputeBudget budget, SqliteIndexOptions options, string databaseId)
    {
        Location = path;
        _vectors = new ShotVectorCache(path, databaseId, options.ApproximateSearchFrom, options.ApproximateSearchEf);
        _connectionString = connectionString;
        _writer = writer;
        _budget = budget;
    }

    /// <inheritdoc />
    public string Location { get; }

    /// <summary>Opens the index at <paramref name="path"/>, creating the file and its schema when it does not exist.</summary>
    /// <param name="path">The database file (its folder is created when missing).</param>
    /// <param name="options">Search budget and lock timeout; <see cref="SqliteIndexOptions.Default"/> when null.</param>
    /// <exception cref="AssetIndexException">The file is not an SQLite database, is corrupt, or holds another schema or
    /// version (the message names the path).</exception>
    public static SqliteAssetIndex Open(string path, SqliteIndexOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= SqliteIndexOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BusyTimeout, TimeSpan.Zero, nameof(options));
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(folder))
            Directory.CreateDirectory(folder);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();
        var writer = new SqliteConnection(connectionString);
        string databaseId;
        try
        {
            writer.Open();
            // WAL: readers never block the writer nor see half a transaction; NORMAL sync is crash-safe in WAL mode
            // (a power cut may lose the last commits, never consistency).
            using (var pragma = writer.CreateCommand())
            {
                pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";
                pragma.ExecuteNonQuery();
            }
            SqliteSchema.EnsureCreated(writer, full);
            databaseId = HnswSidecarFile.DatabaseId(writer);
        }
        catch (SqliteException e)
        {
            Close(writer);
            throw new AssetIndexException($"{full} is not a readable Augment asset index: {e.Message}", e);
        }
        catch
        {
            Close(writer);
            throw;
        }
        return new SqliteAssetIndex(full, connectionString, writer, options.Budget ?? ComputeBudget.Default, options, databaseId);
    }

    /// <summary>Opens the index at <paramref name="path"/> on a worker thread (see <see cref="Open"/>).</summary>
    /// <param name="path">The database file.</param>
    /// <param name="options">Search budget and lock timeout.</param>
    /// <param name="cancellationToken">Cancels before the file is opened.</param>
    public static Task<SqliteAssetIndex> OpenAsync(string path, SqliteIndexOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => Open(path, options), cancellationToken);

    // ------------------------------------------------------------------ writes

    /// <inheritdoc />
    public Task<long> SaveAsync(AssetRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(record.Info);
        ArgumentException.ThrowIfNullOrEmpty(record.Info.Path, nameof(record));
        return WriteAsync(touched =>
        {
            var id = AssetId(record.Info.Path);
            if (id is { } existing)
            {
                touched.UnionWith(EmbeddingSources(existing));
                WriteAssetRow(existing, record.Info, null);
                DeleteContent(existing);
            }
            else
            {
                id = WriteAssetRow(null, record.Info, null);
            }
            var shots = InsertShots(id.Value, record.Shots);
            var dimensions = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var analysis in record.Analyses)
            {
                touched.Add(analysis.Source);
                InsertAnalysis(id.Value, analysis, shots, dimensions);
            }
            return id.Value;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task SaveAnalysisAsync(long assetId, AssetAnalysis analysis, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentException.ThrowIfNullOrEmpty(analysis.Source, nameof(analysis));
        return WriteAsync(touched =>
        {
            using (var exists = Command("SELECT count(*) FROM assets WHERE id = $id", ("$id", assetId)))
            {
                if ((long)exists.ExecuteScalar()! == 0)
                    throw new AssetIndexException($"No asset has id {assetId} in {Location}; the analysis '{analysis.Source}' was not stored.");
            }
            var shots = new HashSet<int>();
            using (var select = Command("SELECT shot_index FROM shots WHERE asset_id = $id", ("$id", assetId)))
            using (var reader = select.ExecuteReader())
            {
                while (reader.Read())
                    shots.Add(reader.GetInt32(0));
            }
            touched.Add(analysis.Source);
            Execute("DELETE FROM tags WHERE asset_id = $id AND source = $source", ("$id", assetId), ("$source", analysis.Source));
            Execute("DELETE FROM embeddings WHERE asset_id = $id AND source = $source", ("$id", assetId), ("$source", analysis.Source));
            InsertAnalysis(assetId, analysis, shots, new Dictionary<string, int>(StringComparer.Ordinal));
            Execute("UPDATE assets SET scanned_ticks = $now WHERE id = $id", ("$now", DateTime.UtcNow.Ticks), ("$id", assetId));
            return 0;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task RecordFailureAsync(AssetFailure failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentException.ThrowIfNullOrEmpty(failure.Path, nameof(failure));
        ArgumentNullException.ThrowIfNull(failure.Error, nameof(failure));
        // A failed file keeps only what the scan knew: path, size and time; the rest reads as unknown.
        var info = new AssetInfo(failure.Path, AssetKind.Image, failure.SizeBytes, failure.ModifiedUtc, string.Empty);
        return WriteAsync(touched =>
        {
            if (AssetId(failure.Path) is { } existing)
            {
                touched.UnionWith(EmbeddingSources(existing));
                WriteAssetRow(existing, info, failure.Error);
                DeleteContent(existing);
            }
            else
            {
                WriteAssetRow(null, info, failure.Error);
            }
            return 0;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> RemoveAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        return WriteAsync(touched =>
        {
            if (AssetId(path) is not { } id)
                return false;
            touched.UnionWith(EmbeddingSources(id));
            DeleteContent(id);
            Execute("DELETE FROM assets WHERE id = $id", ("$id", id));
            return true;
        }, cancellationToken);
    }

    // ------------------------------------------------------------------ reads

    /// <inheritdoc />
    public Task<StoredAsset?> FindAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {AssetColumns} FROM assets a WHERE a.path = $path";
            command.Parameters.AddWithValue("$path", path);
            using var reader = command.ExecuteReader();
            if (!reader.Read())
                return null;
            var (id, info, scanned, error) = ReadAsset(reader);
            return new StoredAsset(id, info, scanned, error, Analyses(connection, id));
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<StoredAsset?> GetAsync(long assetId, CancellationToken cancellationToken = default) =>
        Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {AssetColumns} FROM assets a WHERE a.id = $id";
            command.Parameters.AddWithValue("$id", assetId);
            using var reader = command.ExecuteReader();
            if (!reader.Read())
                return null;
            var (id, info, scanned, error) = ReadAsset(reader);
            return (StoredAsset?)new StoredAsset(id, info, scanned, error, Analyses(connection, id));
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredAsset>> AssetsAsync(AssetFilter? filter = null, CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<StoredAsset>>(connection =>
        {
            var analyses = new Dictionary<long, Dictionary<string, string>>();
            using (var command = connection.CreateCommand())
            {
                var where = SqliteFilter.Where(filter, command);
                command.CommandText = $"SELECT n.asset_id, n.source, n.version FROM analyses n JOIN assets a ON a.id = n.asset_id WHERE {where}";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    var id = reader.GetInt64(0);
                    if (!analyses.TryGetValue(id, out var map))
                        analyses[id] = map = new Dictionary<string, string>(StringComparer.Ordinal);
                    map[reader.GetString(1)] = reader.GetString(2);
                }
            }
            var assets = new List<StoredAsset>();
            using (var command = connection.CreateCommand())
            {
                var where = SqliteFilter.Where(filter, command);
                command.CommandText = $"SELECT {AssetColumns} FROM assets a WHERE {where} ORDER BY a.path";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    var (id, info, scanned, error) = ReadAsset(reader);
                    IReadOnlyDictionary<string, string> map = analyses.TryGetValue(id, out var found) ? found : new Dictionary<string, string>();
                    assets.Add(new StoredAsset(id, info, scanned, error, map));
                }
            }
            return assets;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredShot>> ShotsAsync(long assetId, CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<StoredShot>>(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT shot_index, start_ticks, end_ticks, keyframe_ticks, transition, phash, dhash FROM shots WHERE asset_id = $id ORDER BY shot_index";
            command.Parameters.AddWithValue("$id", assetId);
            using var reader = command.ExecuteReader();
            var shots = new List<StoredShot>();
            while (reader.Read())
            {
                ImageHashes? hashes = reader.IsDBNull(5)
                    ? null
                    : new ImageHashes(SqliteValues.Hash(reader.GetInt64(5)), SqliteValues.Hash(reader.GetInt64(6)));
                shots.Add(new StoredShot(new ShotKey(assetId, reader.GetInt32(0)), TimeSpan.FromTicks(reader.GetInt64(1)),
                    TimeSpan.FromTicks(reader.GetInt64(2)), TimeSpan.FromTicks(reader.GetInt64(3)), (ShotTransition)reader.GetInt32(4), hashes));
            }
            return shots;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<byte[]?> ThumbnailAsync(ShotKey shot, CancellationToken cancellationToken = default) =>
        Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT thumbnail FROM shots WHERE asset_id = $id AND shot_index = $shot";
            command.Parameters.AddWithValue("$id", shot.AssetId);
            command.Parameters.AddWithValue("$shot", shot.ShotIndex);
            return command.ExecuteScalar() as byte[];
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ShotHashes>> HashesAsync(AssetFilter? filter = null, CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<ShotHashes>>(connection =>
        {
            using var command = connection.CreateCommand();
            var where = SqliteFilter.Where(filter, command);
            command.CommandText = "SELECT s.asset_id, s.shot_index, s.phash, s.dhash FROM shots s JOIN assets a ON a.id = s.asset_id " +
                $"WHERE s.phash IS NOT NULL AND {where} ORDER BY s.asset_id, s.shot_index";
            using var reader = command.ExecuteReader();
            var hashes = new List<ShotHashes>();
            while (reader.Read())
            {
                hashes.Add(new ShotHashes(new ShotKey(reader.GetInt64(0), reader.GetInt32(1)),
                    new ImageHashes(SqliteValues.Hash(reader.GetInt64(2)), SqliteValues.Hash(reader.GetInt64(3)))));
            }
            return hashes;
        }, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A term is not one word as <see cref="IndexText.Terms"/> makes them (this
    /// also keeps FTS5 query syntax out of the query).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is below 1.</exception>
    public Task<IReadOnlyList<TextHit>> SearchTextAsync(IReadOnlyList<string> terms, AssetFilter? filter = null, int limit = 1000,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var distinct = IndexText.CheckedTerms(terms);
        if (distinct.Count == 0)
            return Task.FromResult<IReadOnlyList<TextHit>>([]);
        // Each term is a quoted FTS5 string of letters and digits only, so the query is "any of these words".
        var match = string.Join(" OR ", distinct.Select(t => "\"" + t + "\""));
        return Read<IReadOnlyList<TextHit>>(connection =>
        {
            using var command = connection.CreateCommand();
            var where = SqliteFilter.Where(filter, command);
            command.CommandText = $"""
                SELECT asset_id, shot_index, text, source, score, start_ticks, end_ticks FROM (
                    SELECT t.asset_id AS asset_id, t.shot_index AS shot_index, t.name AS text, t.source AS source, t.score AS score,
                           t.start_ticks AS start_ticks, t.end_ticks AS end_ticks
                    FROM tags t JOIN assets a ON a.id = t.asset_id
                    WHERE t.id IN (SELECT rowid FROM tags_fts WHERE tags_fts MATCH $match) AND {where}
                    UNION ALL
                    SELECT a.id, -1, a.path, 'path', 1.0, 0, a.duration_ticks
                    FROM assets a
                    WHERE a.id IN (SELECT rowid FROM paths_fts WHERE paths_fts MATCH $match) AND {where})
                ORDER BY score DESC, asset_id, shot_index, text
                LIMIT $limit
                """;
            command.Parameters.AddWithValue("$match", match);
            command.Parameters.AddWithValue("$limit", limit);
            using var reader = command.ExecuteReader();
            var hits = new List<TextHit>();
            while (reader.Read())
            {
                hits.Add(new TextHit(reader.GetInt64(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), (float)reader.GetDouble(4),
                    TimeSpan.FromTicks(reader.GetInt64(5)), TimeSpan.FromTicks(reader.GetInt64(6))));
            }
            return hits;
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is below 1.</exception>
    /// <exception cref="ArgumentException">The query holds a NaN or infinity, or is all zeros.</exception>
    public async Task<IReadOnlyList<ShotMatch>> SearchVectorsAsync(string source, ReadOnlyMemory<float> query, int k, AssetFilter? filter = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var search = await VectorSearchAsync(source, cancellationToken).ConfigureAwait(false);
        if (search.Dimension == 0)
            return [];
        if (query.Length != search.Dimension)
            throw new AssetIndexException($"The query has {query.Length} values but the embeddings from '{source}' in {Location} have {search.Dimension}.");
        HashSet<long>? allowed = null;
        if (!SqliteFilter.OnlyHidesFailures(filter))
        {
            allowed = await Read(connection =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"SELECT a.id FROM assets a WHERE {SqliteFilter.Where(filter, command)}";
                using var reader = command.ExecuteReader();
                var ids = new HashSet<long>();
                while (reader.Read())
                    ids.Add(reader.GetInt64(0));
                return ids;
            }, cancellationToken).ConfigureAwait(false);
        }
        return search.Search(query.Span, k, allowed is null ? null : allowed.Contains, cancellationToken);
    }

    /// <inheritdoc />
    public Task<float[]?> EmbeddingAsync(ShotKey shot, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT vector FROM embeddings WHERE source = $source AND asset_id = $id AND shot_index = $shot";
            command.Parameters.AddWithValue("$source", source);
            command.Parameters.AddWithValue("$id", shot.AssetId);
            command.Parameters.AddWithValue("$shot", shot.ShotIndex);
            if (command.ExecuteScalar() is not byte[] blob)
                return null;
            var vector = new float[blob.Length / sizeof(float)];
            SqliteValues.ReadVector(blob, vector);
            return vector;
        }, cancellationToken);
    }

    /// <summary>Closes the writer connection and releases the file's pooled connections.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        await _writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            Close(_writer);
        }
        finally
        {
            _writeGate.Release();
        }
        _writeGate.Dispose();
    }

    // ------------------------------------------------------------------ internals

    /// <summary>The in-memory vector searches (exposes how many approximate indexes were built or loaded, for tests).</summary>
    internal ShotVectorCache VectorCache => _vectors;

    /// <summary>The search over <paramref name="source"/>'s embeddings, from the cache or loaded now.</summary>
    internal Task<IShotVectorSearch> VectorSearchAsync(string source, CancellationToken cancellationToken) =>
        Read(connection => _vectors.Get(connection, source, _budget, cancellationToken), cancellationToken);

    /// <summary>Runs <paramref name="work"/> in one write transaction, bumping the generation of the embedding sources it touched.</summary>
    private async Task<T> WriteAsync<T>(Func<HashSet<string>, T> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var touched = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            cancellationToken.ThrowIfCancellationRequested();
            using var transaction = _writer.BeginTransaction();
            _transaction = transaction;
            var result = work(touched);
            ShotVectorCache.Bump(_writer, transaction, touched);
            transaction.Commit();
            return result;
        }
        catch (SqliteException e)
        {
            throw new AssetIndexException($"The asset index {Location} refused the write ({e.SqliteErrorCode}): {e.Message}; nothing was written.", e);
        }
        finally
        {
            _transaction = null;
            _writeGate.Release();
        }
    }

    private async Task<T> Read<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // One read transaction: every statement of the read sees the same committed snapshot.
            using var transaction = connection.BeginTransaction(deferred: true);
            return work(connection);
        }
        catch (SqliteException e)
        {
            throw new AssetIndexException($"The asset index {Location} could not be read ({e.SqliteErrorCode}): {e.Message}", e);
        }
    }

    private long? AssetId(string path)
    {
        using var command = Command("SELECT id FROM assets WHERE path = $path", ("$path", path));
        return command.ExecuteScalar() is long id ? id : null;
    }

    private List<string> EmbeddingSources(long assetId)
    {
        using var command = Command("SELECT DISTINCT source FROM embeddings WHERE asset_id = $id", ("$id", assetId));
        using var reader = command.ExecuteReader();
        var sources = new List<string>();
        while (reader.Read())
            sources.Add(reader.GetString(0));
        return sources;
    }

    /// <summary>Tags first (their delete trigger keeps the FTS table in step), then embeddings, shots, analyses.</summary>
    private void DeleteContent(long assetId)
    {
        Execute("DELETE FROM tags WHERE asset_id = $id", ("$id", assetId));
        Execute("DELETE FROM embeddings WHERE asset_id = $id", ("$id", assetId));
        Execute("DELETE FROM shots WHERE asset_id = $id", ("$id", assetId));
        Execute("DELETE FROM analyses WHERE asset_id = $id", ("$id", assetId));
    }

    /// <summary>Inserts (id null) or updates the asset row; returns its id.</summary>
    private long WriteAssetRow(long? id, AssetInfo info, string? error)
    {
        using var command = _writer.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = id is null
            ? """
              INSERT INTO assets(path, path_words, kind, size_bytes, modified_ticks, content_hash, width, height, duration_ticks, frame_rate,
                                 codec, timecode, captured_ticks, date_ticks, scanned_ticks, error)
              VALUES ($path, $words, $kind, $size, $modified, $hash, $width, $height, $duration, $rate, $codec, $timecode, $captured, $date, $scanned, $error)
              RETURNING id
              """
            : """
              UPDATE assets SET path_words = $words, kind = $kind, size_bytes = $size, modified_ticks = $modified, content_hash = $hash,
                  width = $width, height = $height, duration_ticks = $duration, frame_rate = $rate, codec = $codec, timecode = $timecode,
                  captured_ticks = $captured, date_ticks = $date, scanned_ticks = $scanned, error = $error
              WHERE id = $id AND path = $path
              RETURNING id
              """;
        var modified = SqliteValues.UtcTicks(info.ModifiedUtc);
        long? captured = info.CapturedUtc is { } c ? SqliteValues.UtcTicks(c) : null;
        var p = command.Parameters;
        p.AddWithValue("$id", id ?? 0);
        p.AddWithValue("$path", info.Path);
        p.AddWithValue("$words", IndexText.Normalize(info.Path));
        p.AddWithValue("$kind", (long)info.Kind);
        p.AddWithValue("$size", info.SizeBytes);
        p.AddWithValue("$modified", modified);
        p.AddWithValue("$hash", info.ContentHash ?? string.Empty);
        p.AddWithValue("$width", (long)info.Width);
        p.AddWithValue("$height", (long)info.Height);
        p.AddWithValue("$duration", info.Duration.Ticks);
        p.AddWithValue("$rate", info.FrameRate);
        p.AddWithValue("$codec", (object?)info.Codec ?? DBNull.Value);
        p.AddWithValue("$timecode", (object?)info.Timecode ?? DBNull.Value);
        p.AddWithValue("$captured", (object?)captured ?? DBNull.Value);
        p.AddWithValue("$date", captured ?? modified);
        p.AddWithValue("$scanned", DateTime.UtcNow.Ticks);
        p.AddWithValue("$error", (object?)error ?? DBNull.Value);
        return (long)command.ExecuteScalar()!;
    }

    private HashSet<int> InsertShots(long assetId, IReadOnlyList<ShotRecord> shots)
    {
        ArgumentNullException.ThrowIfNull(shots);
        var indexes = new HashSet<int>();
        using var command = _writer.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = """
            INSERT INTO shots(asset_id, shot_index, start_ticks, end_ticks, keyframe_ticks, transition, phash, dhash, thumbnail)
            VALUES ($id, $shot, $start, $end, $keyframe, $transition, $phash, $dhash, $thumbnail)
            """;
        var id = command.Parameters.AddWithValue("$id", assetId);
        var shot = command.Parameters.Add("$shot", SqliteType.Integer);
        var start = command.Parameters.Add("$start", SqliteType.Integer);
        var end = command.Parameters.Add("$end", SqliteType.Integer);
        var keyframe = command.Parameters.Add("$keyframe", SqliteType.Integer);
        var transition = command.Parameters.Add("$transition", SqliteType.Integer);
        var phash = command.Parameters.Add("$phash", SqliteType.Integer);
        var dhash = command.Parameters.Add("$dhash", SqliteType.Integer);
        var thumbnail = command.Parameters.Add("$thumbnail", SqliteType.Blob);
        foreach (var record in shots)
        {
            if (!indexes.Add(record.Index))
                throw new AssetIndexException($"Shot {record.Index} appears twice in the record of asset {assetId}; nothing was written.");
            shot.Value = (long)record.Index;
            start.Value = record.Start.Ticks;
            end.Value = record.End.Ticks;
            keyframe.Value = record.Keyframe.Ticks;
            transition.Value = (long)record.Transition;
            phash.Value = record.Hashes is { } h ? SqliteValues.HashBits(h.Phash) : DBNull.Value;
            dhash.Value = record.Hashes is { } h2 ? SqliteValues.HashBits(h2.Dhash) : DBNull.Value;
            thumbnail.Value = (object?)record.Thumbnail ?? DBNull.Value;
            command.ExecuteNonQuery();
        }
        return indexes;
    }

    /// <summary>
    /// Stores one analysis (its old rows already deleted). Shots are checked against <paramref name="shots"/>; each
    /// embedding's length against the source's other stored embeddings and the ones written before it in this write
    /// (<paramref name="dimensions"/>), so a mismatch rolls the whole write back.
    /// </summary>
    private void InsertAnalysis(long assetId, AssetAnalysis analysis, HashSet<int> shots, Dictionary<string, int> dimensions)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentException.ThrowIfNullOrEmpty(analysis.Source, nameof(analysis));
        ArgumentNullException.ThrowIfNull(analysis.Version, nameof(analysis));
        Execute("INSERT OR REPLACE INTO analyses(asset_id, source, version) VALUES ($id, $source, $version)",
            ("$id", assetId), ("$source", analysis.Source), ("$version", analysis.Version));

        using (var command = _writer.CreateCommand())
        {
            command.Transaction = _transaction;
            command.CommandText = """
                INSERT INTO tags(asset_id, shot_index, source, name, words, score, start_ticks, end_ticks)
                VALUES ($id, $shot, $source, $name, $words, $score, $start, $end)
                """;
            command.Parameters.AddWithValue("$id", assetId);
            command.Parameters.AddWithValue("$source", analysis.Source);
            var shot = command.Parameters.Add("$shot", SqliteType.Integer);
            var name = command.Parameters.Add("$name", SqliteType.Text);
            var words = command.Parameters.Add("$words", SqliteType.Text);
            var score = command.Parameters.Add("$score", SqliteType.Real);
            var start = command.Parameters.Add("$start", SqliteType.Integer);
            var end = command.Parameters.Add("$end", SqliteType.Integer);
            foreach (var tag in analysis.Tags)
            {
                if (!shots.Contains(tag.ShotIndex))
                    throw new AssetIndexException($"The tag '{tag.Name}' from '{analysis.Source}' is on shot {tag.ShotIndex}, which asset {assetId} does not have ({shots.Count} shots); nothing was written.");
                shot.Value = (long)tag.ShotIndex;
                name.Value = tag.Name;
                words.Value = IndexText.Normalize(tag.Name);
                score.Value = (double)tag.Score;
                start.Value = tag.Start.Ticks;
                end.Value = tag.End.Ticks;
                command.ExecuteNonQuery();
            }
        }

        if (analysis.Embeddings.Count == 0)
            return;
        if (!dimensions.TryGetValue(analysis.Source, out var expected))
        {
            using var stored = Command("SELECT dim FROM embeddings WHERE source = $source LIMIT 1", ("$source", analysis.Source));
            expected = stored.ExecuteScalar() is long dim ? (int)dim : 0;
        }
        using (var command = _writer.CreateCommand())
        {
            command.Transaction = _transaction;
            command.CommandText = "INSERT INTO embeddings(source, asset_id, shot_index, dim, vector) VALUES ($source, $id, $shot, $dim, $vector)";
            command.Parameters.AddWithValue("$source", analysis.Source);
            command.Parameters.AddWithValue("$id", assetId);
            var shot = command.Parameters.Add("$shot", SqliteType.Integer);
            var dim = command.Parameters.Add("$dim", SqliteType.Integer);
            var vector = command.Parameters.Add("$vector", SqliteType.Blob);
            foreach (var embedding in analysis.Embeddings)
            {
                ArgumentNullException.ThrowIfNull(embedding.Vector, nameof(analysis));
                if (!shots.Contains(embedding.ShotIndex))
                    throw new AssetIndexException($"An embedding from '{analysis.Source}' is on shot {embedding.ShotIndex}, which asset {assetId} does not have ({shots.Count} shots); nothing was written.");
                var length = embedding.Vector.Length;
                if (length == 0)
                    throw new AssetIndexException($"The embedding of shot {embedding.ShotIndex} from '{analysis.Source}' has no values; nothing was written.");
                if (expected == 0)
                    expected = length;
                else if (length != expected)
                    throw new AssetIndexException($"The embedding of shot {embedding.ShotIndex} from '{analysis.Source}' has {length} values but the source's embeddings have {expected}; nothing was written.");
                shot.Value = (long)embedding.ShotIndex;
                dim.Value = (long)length;
                vector.Value = SqliteValues.VectorBlob(embedding.Vector);
                command.ExecuteNonQuery();
            }
        }
        dimensions[analysis.Source] = expected;
    }

    private static Dictionary<string, string> Analyses(SqliteConnection connection, long assetId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT source, version FROM analyses WHERE asset_id = $id";
        command.Parameters.AddWithValue("$id", assetId);
        using var reader = command.ExecuteReader();
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
            map[reader.GetString(0)] = reader.GetString(1);
        return map;
    }

    private static (long Id, AssetInfo Info, DateTime Scanned, string? Error) ReadAsset(SqliteDataReader reader)
    {
        var info = new AssetInfo(reader.GetString(1), (AssetKind)reader.GetInt32(2), reader.GetInt64(3), SqliteValues.Utc(reader.GetInt64(4)), reader.GetString(5))
        {
            Width = reader.GetInt32(6),
            Height = reader.GetInt32(7),
            Duration = TimeSpan.FromTicks(reader.GetInt64(8)),
            FrameRate = reader.GetDouble(9),
            Codec = reader.IsDBNull(10) ? null : reader.GetString(10),
            Timecode = reader.IsDBNull(11) ? null : reader.GetString(11),
            CapturedUtc = reader.IsDBNull(12) ? null : SqliteValues.Utc(reader.GetInt64(12)),
        };
        return (reader.GetInt64(0), info, SqliteValues.Utc(reader.GetInt64(13)), reader.IsDBNull(14) ? null : reader.GetString(14));
    }

    private SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = _writer.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return command;
    }

    private void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        command.ExecuteNonQuery();
    }

    private static void Close(SqliteConnection connection)
    {
        SqliteConnection.ClearPool(connection);
        connection.Dispose();
    }
}
