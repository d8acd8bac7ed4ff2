using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

namespace Augment.Benchmarks;

/// <summary>
/// Runs the benchmarks: <c>dotnet run -c Release --project benchmarks/Augment.Benchmarks -- --filter '*'</c>.
/// Without a <c>--job</c> argument every benchmark runs one short job (1 launch, 3 warm-ups,
/// 5 measured iterations of about 250 ms) so that the whole suite fits in a few minutes on a
/// 2-core machine; pass <c>--job default</c> for BenchmarkDotNet's longer, tighter runs.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["splat-compression-table", .. var tableArgs])
            Environment.Exit(SplatCompressionTable.Run(tableArgs));
        if (args is ["hnsw-measure", .. var hnswArgs])
            Environment.Exit(HnswMeasurement.Run(hnswArgs));
        if (args is ["sqlite-hnsw-measure", .. var sqliteHnswArgs])
            Environment.Exit(SqliteHnswMeasurement.Run(sqliteHnswArgs));
        if (args is ["bss-eval-measure", .. var bssEvalArgs])
            Environment.Exit(BssEvalMeasurement.Run(bssEvalArgs));
        IConfig config = DefaultConfig.Instance;
        if (!Array.Exists(args, a => a is "--job" or "-j" || a.StartsWith("--job=", StringComparison.Ordinal)))
        {
            config = config.AddJob(Job.Default
                .WithId("Short")
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(5)
                .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250)));
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
