using Augment.Vision;
using Microsoft.Data.Sqlite;

namespace Augment.Library;

/// <summary>
/// The in-memory searches of the sources searched so far, each tagged with the source's generation in the database
/// (<c>embedding_sources</c>). A search reads the generation and, when it differs from the cached one, reloads the
/// rows in the same read transaction; so writes from this process or any other are seen by the next search.
/// </summary>
internal sealed class ShotVectorCache
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long Generation, IShotVectorSearch Search)> _entries = new(StringComparer.Ordinal);
    private readonly string? _databasePath;
    private readonly string _databaseId;
    private readonly int _approximateFrom;
    private readonly int _approximateEf;
    private int _approximateBuilds;
    private int _approximateLoads;

    /// <summary>A cache whose every search is exact.</summary>
    public ShotVectorCache()
        : this(null, "", int.MaxValue, 128)
    {
    }

    /// <param name="databasePath">The database file; approximate indexes are stored beside it.</param>
    /// <param name="databaseId">The database's random id (<see cref="HnswSidecarFile.DatabaseId"/>).</param>
    /// <param name="approximateFrom">Sources with at least this many rows are searched with HNSW (<see cref="int.MaxValue"/>: never).</param>
    /// <param name="approximateEf">Candidate list size of those searches.</param>
    public ShotVectorCache(string? databasePath, string databaseId, int approximateFrom, int approximateEf)
    {
        _databaseId = databaseId;
        _databasePath = databasePath;
        _approximateFrom = approximateFrom;
        _approximateEf = approximateEf;
    }

    /// <summary>How many approximate indexes this cache built from the database (and saved).</summary>
    public int ApproximateBuilds => Volatile.Read(ref _approximateBuilds);

    /// <summary>How many approximate indexes this cache loaded from their files instead of building.</summary>
    public int ApproximateLoads => Volatile.Read(ref _approximateLoads);

    /// <summary>The search for <paramref name="source"/> as of the connection's snapshot, loaded when stale.</summary>
    public IShotVectorSearch Get(SqliteConnection connection, string source, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var generation = Generation(connection, source);
        lock (_gate)
        {
            if (_entries.TryGetValue(source, out var entry) && entry.Generation == generation)
                return entry.Search;
        }
        var search = _databasePath is not null && _approximateFrom != int.MaxValue && RowCount(connection, source) >= Math.Max(1, _approximateFrom)
            ? BuildApproximate(connection, source, generation, budget, cancellationToken)
            : Build(connection, source, budget, cancellationToken);
        lock (_gate)
        {
            // Keep the newest: a slower reader with an older snapshot must not replace a newer load.
            if (!_entries.TryGetValue(source, out var entry) || entry.Generation <= generation)
                _entries[source] = (generation, search);
        }
        return search;
    }

    /// <summary>Marks the sources' embeddings as changed, inside the write's transaction.</summary>
    public static void Bump(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<string> sources)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO embedding_sources(source, generation) VALUES ($source, 1) " +
            "ON CONFLICT(source) DO UPDATE SET generation = generation + 1";
        var parameter = command.Parameters.Add("$source", SqliteType.Text);
        foreach (var source in sources)
        {
            parameter.Value = source;
            command.ExecuteNonQuery();
        }
    }

    private static long Generation(SqliteConnection connection, string source)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT generation FROM embedding_sources WHERE source = $source";
        command.Parameters.AddWithValue("$source", source);
        return command.ExecuteScalar() is long generation ? generation : 0;
    }

    /// <summary>
    /// Reads every embedding of <paramref name="source"/> in (asset id, shot index) order into a search. Vectors with
    /// no cosine direction (all zeros, or a NaN/infinity) are left out: they cannot be ranked.
    /// </summary>
    public static IShotVectorSearch Build(SqliteConnection connection, string source, ComputeBudget budget, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT asset_id, shot_index, dim, vector FROM embeddings WHERE source = $source ORDER BY asset_id, shot_index";
        command.Parameters.AddWithValue("$source", source);
        using var reader = command.ExecuteReader();
        VectorIndex? index = null;
        var keys = new List<ShotKey>();
        float[] row = [];
        var dimension = 0;
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (index is null)
            {
                dimension = reader.GetInt32(2);
                index = new VectorIndex(dimension, VectorMetric.Cosine, budget);
                row = new float[dimension];
            }
            // GetValue copies the blob once (GetBytes into a reused buffer measured worse: it copies twice).
            var blob = (byte[])reader.GetValue(3);
            if (blob.Length != dimension * sizeof(float))
                throw new AssetIndexException($"The embedding of asset {reader.GetInt64(0)} shot {reader.GetInt32(1)} from '{source}' holds {blob.Length} bytes, not {dimension} float32 values.");
            SqliteValues.ReadVector(blob, row);
            if (!HasDirection(row))
                continue;
            index.Add(keys.Count, row);
            keys.Add(new ShotKey(reader.GetInt64(0), reader.GetInt32(1)));
        }
        return new ExactShotVectorSearch(dimension, index, [.. keys]);
    }

    private static long RowCount(SqliteConnection connection, string source)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM embeddings WHERE source = $source";
        command.Parameters.AddWithValue("$source", source);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>
    /// The HNSW search of a large source: loaded from its file beside the database when the file carries the
    /// source's current generation, row count and keys, else built from the rows (ids = row positions in
    /// (asset id, shot index) order) and saved atomically for the next open.
    /// </summary>
    private IShotVectorSearch BuildApproximate(SqliteConnection connection, string source, long generation, ComputeBudget budget, CancellationToken cancellationToken)
    {
        // Keys and dimension come without the vector blobs (SQLite stops decoding a record at the last column read).
        var keys = new List<ShotKey>();
        var dimension = 0;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT asset_id, shot_index, dim FROM embeddings WHERE source = $source ORDER BY asset_id, shot_index";
            command.Parameters.AddWithValue("$source", source);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (keys.Count == 0)
                    dimension = reader.GetInt32(2);
                keys.Add(new ShotKey(reader.GetInt64(0), reader.GetInt32(1)));
            }
        }
        if (keys.Count == 0)
            return new ExactShotVectorSearch(0, null, []);
        var keyArray = keys.ToArray();
        var stamp = new HnswSidecarFile.Stamp(source, dimension, generation, keyArray.Length, HnswSidecarFile.HashKeys(_databaseId, source, keyArray));
        var path = HnswSidecarFile.PathFor(_databasePath!, source);
        var loaded = HnswSidecarFile.TryLoad(path, stamp, budget, cancellationToken);
        if (loaded is not null)
        {
            Interlocked.Increment(ref _approximateLoads);
            return new HnswShotVectorSearch(loaded, keyArray, _approximateEf);
        }

        var index = new HnswIndex(dimension, HnswOptions.Default.WithEfSearch(_approximateEf), budget);
        // Batches bound the extra memory to one batch of vectors beside the graph's own copy.
        var batchRows = Math.Max(1, (1 << 22) / dimension);
        var ids = new long[batchRows];
        var vectors = new float[batchRows * dimension];
        var filled = 0;
        var position = 0;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT asset_id, shot_index, dim, vector FROM embeddings WHERE source = $source ORDER BY asset_id, shot_index";
            command.Parameters.AddWithValue("$source", source);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (position >= keyArray.Length || keyArray[position] != new ShotKey(reader.GetInt64(0), reader.GetInt32(1)))
                    throw new AssetIndexException($"The embeddings of '{source}' changed between two reads of one snapshot.");
                var blob = (byte[])reader.GetValue(3);
                if (blob.Length != dimension * sizeof(float))
                    throw new AssetIndexException($"The embedding of asset {reader.GetInt64(0)} shot {reader.GetInt32(1)} from '{source}' holds {blob.Length} bytes, not {dimension} float32 values.");
                var row = vectors.AsSpan(filled * dimension, dimension);
                SqliteValues.ReadVector(blob, row);
                if (HasDirection(row))
                {
                    ids[filled++] = position;
                    if (filled == batchRows)
                    {
                        index.AddRange(ids, vectors, cancellationToken: cancellationToken);
                        filled = 0;
                    }
                }
                position++;
            }
        }
        if (filled > 0)
            index.AddRange(ids.AsSpan(0, filled), vectors.AsSpan(0, filled * dimension), cancellationToken: cancellationToken);
        try
        {
            HnswSidecarFile.Save(path, stamp, index);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only folder costs a rebuild on the next open, not the search.
        }
        Interlocked.Increment(ref _approximateBuilds);
        return new HnswShotVectorSearch(index, keyArray, _approximateEf);
    }

    private static bool HasDirection(ReadOnlySpan<float> vector)
    {
        double sum = 0;
        foreach (var v in vector)
        {
            if (!float.IsFinite(v))
                return false;
            sum += (double)v * v;
        }
        return sum > 0 && double.IsFinite(sum);
    }
}
