namespace Augment.Vision.Tests.Library.Vectors;

/// <summary>Generated embeddings for the HNSW tests: Gaussian (hard: no structure) and clustered (many near-ties).</summary>
internal static class HnswTestData
{
    public static float[] Gaussian(int rows, int dimension, int seed)
    {
        var random = new Random(seed);
        var values = new float[rows * dimension];
        for (var i = 0; i < values.Length; i++)
            values[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        return values;
    }

    /// <summary>Points around <paramref name="clusters"/> Gaussian centres with noise 0.15 of the centres' spread.</summary>
    public static float[] Clustered(int rows, int dimension, int clusters, int seed)
    {
        var centres = Gaussian(clusters, dimension, seed);
        var noise = Gaussian(rows, dimension, seed + 1);
        var random = new Random(seed + 2);
        var values = new float[rows * dimension];
        for (var r = 0; r < rows; r++)
        {
            var c = random.Next(clusters);
            for (var i = 0; i < dimension; i++)
                values[(r * dimension) + i] = centres[(c * dimension) + i] + (0.15f * noise[(r * dimension) + i]);
        }
        return values;
    }

    public static long[] Ids(int rows, long offset = 0)
    {
        var ids = new long[rows];
        for (var i = 0; i < rows; i++)
            ids[i] = offset + i;
        return ids;
    }

    public static VectorIndex Exact(float[] values, int dimension, VectorMetric metric, Func<long, bool>? keep = null)
    {
        var index = new VectorIndex(dimension, metric);
        for (var r = 0; r < values.Length / dimension; r++)
        {
            if (keep is null || keep(r))
                index.Add(r, values.AsSpan(r * dimension, dimension));
        }
        return index;
    }

    /// <summary>Mean fraction of the exact top-k ids that the approximate search also returns.</summary>
    public static double RecallAtK(HnswIndex approximate, VectorIndex exact, float[] queries, int k, int ef, Func<long, bool>? filter = null)
    {
        var dimension = approximate.Dimension;
        var count = queries.Length / dimension;
        var found = 0;
        for (var q = 0; q < count; q++)
        {
            var query = queries.AsSpan(q * dimension, dimension);
            var truth = exact.Search(query, k, filter, TestContext.Current.CancellationToken);
            var got = approximate.Search(query, k, filter, ef);
            var ids = new HashSet<long>();
            foreach (var match in got)
                ids.Add(match.Id);
            foreach (var match in truth)
            {
                if (ids.Contains(match.Id))
                    found++;
            }
        }
        return found / (double)(count * k);
    }
}
