using Augment.Vision;
using Microsoft.Data.Sqlite;

namespace Augment.Library;

/// <summary>
/// The in-memory searches of the sources searched so far. A write drops the entries of the sources it touched and
/// bumps a generation; a search that loaded rows installs its entry only if no write happened while it read, so a
/// stale load never outlives the write that made it stale.
/// </summary>
internal sealed class ShotVectorCache
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IShotVectorSearch> _entries = new(StringComparer.Ordinal);
    private long _generation;

    public long Generation
    {
        get
        {
            lock (_gate)
                return _generation;
        }
    }

    public bool TryGet(string source, out IShotVectorSearch search)
    {
        lock (_gate)
            return _entries.TryGetValue(source, out search!);
    }

    public void Install(string source, IShotVectorSearch search, long generation)
    {
        lock (_gate)
        {
            if (generation == _generation)
                _entries[source] = search;
        }
    }

    /// <summary>Forgets the given sources (all when null).</summary>
    public void Invalidate(IEnumerable<string>? sources)
    {
        lock (_gate)
        {
            _generation++;
            if (sources is null)
            {
                _entries.Clear();
                return;
            }
            foreach (var source in sources)
                _entries.Remove(source);
        }
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
