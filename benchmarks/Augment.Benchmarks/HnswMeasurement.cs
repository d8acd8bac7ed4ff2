using System.Diagnostics;
using System.Globalization;
using Augment.Vision;

namespace Augment.Benchmarks;

/// <summary>
/// Console measurement of <see cref="HnswIndex"/> (not BenchmarkDotNet: one build takes minutes):
/// <c>Augment.Benchmarks hnsw-measure random|clustered N DIM [M] [efConstruction] [threads] [queries] [ef,ef,...] [dump-folder]</c>.
/// Builds the index with AddRange in batches of 50k, builds the exact <see cref="VectorIndex"/> beside it,
/// then for each ef reports recall@10 against exact search and per-query latency (one query at a time on
/// one thread). With a dump folder it writes base.f32 / queries.f32 (raw float32) for the hnswlib peer
/// (benchmarks/peers/hnsw-vs-hnswlib.py), which reads the same data.
/// </summary>
public static class HnswMeasurement
{
    public static int Run(string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: hnsw-measure random|clustered N DIM [M=16] [efC=200] [threads=all] [queries=200] [ef list=16,32,64,96,128,256] [dump-folder]");
            return 2;
        }
        var kind = args[0];
        var n = int.Parse(args[1], CultureInfo.InvariantCulture);
        var dimension = int.Parse(args[2], CultureInfo.InvariantCulture);
        var m = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 16;
        var efConstruction = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 200;
        var threads = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : Environment.ProcessorCount;
        var queryCount = args.Length > 6 ? int.Parse(args[6], CultureInfo.InvariantCulture) : 200;
        var efs = (args.Length > 7 ? args[7] : "16,32,64,96,128,256").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var dump = args.Length > 8 ? args[8] : null;

        var generator = new Generator(kind, dimension, 42);
        var options = HnswOptions.Default.WithM(m).WithEfConstruction(efConstruction);
        var budget = ComputeBudget.Default with { MaxThreads = threads };
        var index = new HnswIndex(dimension, options, budget);
        var exact = new VectorIndex(dimension, VectorMetric.Cosine, budget);
        using var baseFile = dump is null ? null : File.Create(Path.Combine(dump, "base.f32"));
        var queries = generator.Next(queryCount);
        if (dump is not null)
            File.WriteAllBytes(Path.Combine(dump, "queries.f32"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(queries.AsSpan()).ToArray());

        var before = GC.GetTotalMemory(true);
        var build = new Stopwatch();
        const int batch = 50_000;
        for (var start = 0; start < n; start += batch)
        {
            var rows = Math.Min(batch, n - start);
            var values = generator.Next(rows);
            baseFile?.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
            var ids = new long[rows];
            for (var i = 0; i < rows; i++)
                ids[i] = start + i;
            build.Start();
            index.AddRange(ids, values);
            build.Stop();
            for (var i = 0; i < rows; i++)
                exact.Add(start + i, values.AsSpan(i * dimension, dimension));
            Console.Error.WriteLine($"  {start + rows} / {n} inserted, {build.Elapsed.TotalSeconds:F1} s");
        }
        var after = GC.GetTotalMemory(true);
        Console.WriteLine($"data {kind} {n} x {dimension}, M {m}, efConstruction {efConstruction}, {threads} build threads, {queryCount} queries, {Environment.ProcessorCount} cores, load {LoadAverage()}");
        Console.WriteLine($"build {build.Elapsed.TotalSeconds:F1} s ({n / build.Elapsed.TotalSeconds:F0} vectors/s); index {index.StoredBytes / 1048576.0:F0} MiB (vectors {(long)n * dimension * 4 / 1048576.0:F0} MiB); managed heap growth incl. exact index {(after - before) / 1048576.0:F0} MiB");

        var truth = new HashSet<long>[queryCount];
        for (var q = 0; q < queryCount; q++)
        {
            truth[q] = [];
            foreach (var match in exact.Search(queries.AsSpan(q * dimension, dimension), 10))
                truth[q].Add(match.Id);
        }
        Console.WriteLine("| ef | recall@10 | mean ms/query | p50 ms | p99 ms |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        var latencies = new double[queryCount];
        foreach (var ef in efs)
        {
            for (var q = 0; q < Math.Min(20, queryCount); q++)
                index.Search(queries.AsSpan(q * dimension, dimension), 10, ef: ef); // warm-up
            var found = 0;
            for (var q = 0; q < queryCount; q++)
            {
                var started = Stopwatch.GetTimestamp();
                var result = index.Search(queries.AsSpan(q * dimension, dimension), 10, ef: ef);
                latencies[q] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                foreach (var match in result)
                    found += truth[q].Contains(match.Id) ? 1 : 0;
            }
            Array.Sort(latencies);
            Console.WriteLine($"| {ef} | {found / (10.0 * queryCount):F4} | {latencies.Average():F3} | {latencies[queryCount / 2]:F3} | {latencies[(int)(queryCount * 0.99)]:F3} |");
        }
        return 0;
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <summary>Gaussian vectors, or points around 100 Gaussian centres with noise 0.15 (queries come from the same centres).</summary>
    private sealed class Generator(string kind, int dimension, int seed)
    {
        private const int Clusters = 100;
        private readonly Random _random = new(seed);
        private float[]? _centres;

        public float[] Next(int rows)
        {
            var values = new float[rows * dimension];
            for (var i = 0; i < values.Length; i++)
                values[i] = Normal();
            if (kind != "clustered")
                return values;
            _centres ??= Centres();
            for (var r = 0; r < rows; r++)
            {
                var c = _random.Next(Clusters);
                for (var i = 0; i < dimension; i++)
                    values[(r * dimension) + i] = _centres[(c * dimension) + i] + (0.15f * values[(r * dimension) + i]);
            }
            return values;
        }

        private float[] Centres()
        {
            var centres = new float[Clusters * dimension];
            for (var i = 0; i < centres.Length; i++)
                centres[i] = Normal();
            return centres;
        }

        private float Normal() => (float)(Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble()));
    }
}
