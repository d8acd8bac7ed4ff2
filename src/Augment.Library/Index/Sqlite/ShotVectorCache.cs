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

    /// <summary>The search for <paramref name="source"/> as of the connection's snapshot, loaded when stale.</summary>
    public IShotVectorSearch Get(SqliteConnection connection, string source, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var generation = Generation(connection, source);
        lock (_gate)
        {
            if (_entries.TryGetValue(source, out var entry) && entry.Generation == generation)
                return entry.Search;
        }
        var search = Build(connection, source, budget, cancellationToken);
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
            var blob = (byte[])reader.GetValue(3);
            if (blob.Length != dimension * sizeof(float))
                throw new AssetIndexException($"The embedding of asset {reader.GetInt64(0)} shot {reader.GetInt32(1)} from '{source}' holds {blob.Length} bytes, not {dimension} float32 values.");
            SqliteValues.ReadVector(blob, row);
            if (!HasDirection(row))
                continue;
            index.Add(keys.Count, row);
            keys.Add(new ShotKey(reader.GetInt64(0), reader.GetInt32(1)));
        }
        // Seam: for a large source, a persisted approximate index would be opened or built here instead.
        return new ExactShotVectorSearch(dimension, index, [.. keys]);
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
