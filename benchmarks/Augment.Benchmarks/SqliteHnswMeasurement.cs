using System.Diagnostics;
using System.Globalization;
using Augment.Library;
using Augment.Vision;
using Microsoft.Data.Sqlite;

namespace Augment.Benchmarks;

/// <summary>
/// Console measurement of the SQLite index's approximate search (not BenchmarkDotNet: one build takes minutes):
/// <c>Augment.Benchmarks sqlite-hnsw-measure N DIM [queries=200] [folder]</c>. Stores N clustered embeddings
/// (100 centres ~ N(0,1), each point a centre plus 0.15·N(0,1) noise, as hnsw-measure's "clustered") through
/// SaveAsync as N/50 videos of 50 shots in 20 folders, then times: the first approximate search (HNSW build + save of
/// the .aughnsw file), the first search of a second open (file load), the exact first search (embeddings read into
/// memory), and per-query latency and recall@10 of approximate against exact search, without and with a one-folder
/// filter (5 % of the assets).
/// </summary>
public static class SqliteHnswMeasurement
{
    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: sqlite-hnsw-measure N DIM [queries=200] [folder]");
            return 2;
        }
        var n = int.Parse(args[0], CultureInfo.InvariantCulture);
        var dimension = int.Parse(args[1], CultureInfo.InvariantCulture);
        var queryCount = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200;
        var folder = args.Length > 3 ? args[3] : Path.Combine(Path.GetTempPath(), "augment-sqlite-hnsw-" + Environment.ProcessId);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "measure.db");
        var random = new Random(42);
        var centres = new float[100][];
        for (var c = 0; c < centres.Length; c++)
            centres[c] = Normal(random, dimension, 1f, null);

        var clock = Stopwatch.StartNew();
        await using (var writer = SqliteAssetIndex.Open(path))
        {
            const int shots = 50;
            for (var v = 0; v * shots < n; v++)
            {
                var count = Math.Min(shots, n - (v * shots));
                var shotRecords = new ShotRecord[count];
                var embeddings = new AssetEmbedding[count];
                for (var s = 0; s < count; s++)
                {
                    shotRecords[s] = new ShotRecord(s, TimeSpan.FromSeconds(s), TimeSpan.FromSeconds(s + 1));
                    embeddings[s] = new AssetEmbedding(s, Normal(random, dimension, 0.15f, centres[random.Next(centres.Length)]));
                }
                var info = new AssetInfo($"/footage/day{v % 20:D2}/clip{v:D5}.mov", AssetKind.Video, 1 << 20, new DateTime(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc), "hash")
                {
                    Duration = TimeSpan.FromSeconds(count),
                };
                writer.SaveAsync(new AssetRecord(info, shotRecords, [new AssetAnalysis("clip", "v1", [], embeddings)])).GetAwaiter().GetResult();
            }
        }
        Console.WriteLine($"stored {n} x {dimension} through SaveAsync in {clock.Elapsed.TotalSeconds:F1} s ({Environment.ProcessorCount} cores)");

        var queries = new float[queryCount][];
        for (var q = 0; q < queryCount; q++)
            queries[q] = Normal(random, dimension, 0.15f, centres[random.Next(centres.Length)]);
        var approximateOptions = SqliteIndexOptions.Default.WithApproximateSearchFrom(1);

        await using (var build = SqliteAssetIndex.Open(path, approximateOptions))
        {
            clock.Restart();
            build.SearchVectorsAsync("clip", queries[0], 10).GetAwaiter().GetResult();
            Console.WriteLine($"first approximate search (HNSW build + save): {clock.Elapsed.TotalSeconds:F1} s, builds {build.VectorCache.ApproximateBuilds}, " +
                $"file {new FileInfo(path + ".clip.aughnsw").Length / (1024.0 * 1024):F0} MiB");
        }
        await using var approximate = SqliteAssetIndex.Open(path, approximateOptions);
        clock.Restart();
        approximate.SearchVectorsAsync("clip", queries[0], 10).GetAwaiter().GetResult();
        Console.WriteLine($"first search of a second open (file load): {clock.Elapsed.TotalSeconds:F2} s, loads {approximate.VectorCache.ApproximateLoads}");
        await using var exact = SqliteAssetIndex.Open(path);
        clock.Restart();
        exact.SearchVectorsAsync("clip", queries[0], 10).GetAwaiter().GetResult();
        Console.WriteLine($"first exact search (embeddings read into memory): {clock.Elapsed.TotalSeconds:F2} s");

        foreach (var filter in new AssetFilter?[] { null, new AssetFilter { Folder = "/footage/day07" } })
        {
            var exactMs = new double[queryCount];
            var approximateMs = new double[queryCount];
            var hits = 0;
            for (var q = 0; q < queryCount; q++)
            {
                clock.Restart();
                var truth = exact.SearchVectorsAsync("clip", queries[q], 10, filter).GetAwaiter().GetResult();
                exactMs[q] = clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                var found = approximate.SearchVectorsAsync("clip", queries[q], 10, filter).GetAwaiter().GetResult();
                approximateMs[q] = clock.Elapsed.TotalMilliseconds;
                var set = truth.Select(m => m.Shot).ToHashSet();
                hits += found.Count(m => set.Contains(m.Shot));
            }
            Console.WriteLine($"filter {filter?.Folder ?? "none"}: recall@10 {hits / (10.0 * queryCount):F3}; approximate mean {approximateMs.Average():F2} ms p50 {Median(approximateMs):F2} ms; " +
                $"exact mean {exactMs.Average():F2} ms p50 {Median(exactMs):F2} ms; ratio (p50) {Median(exactMs) / Median(approximateMs):F1}x");
        }
        await approximate.DisposeAsync();
        await exact.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        return 0;
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted[sorted.Length / 2];
    }

    private static float[] Normal(Random random, int dimension, float sigma, float[]? centre)
    {
        var v = new float[dimension];
        for (var i = 0; i < dimension; i++)
        {
            var g = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            v[i] = (float)(sigma * g) + (centre?[i] ?? 0f);
        }
        return v;
    }
}
