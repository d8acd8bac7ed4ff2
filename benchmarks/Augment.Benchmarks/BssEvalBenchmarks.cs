using Augment.Audio;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Augment.Benchmarks;

/// <summary>
/// BSS-Eval v4 (museval definitions) on the case: 4 stereo stems of 30 s at 44.1 kHz, 1 s windows, 512-tap
/// filters; estimates are each stem with 20 % leakage of the next one and white noise. One evaluation takes seconds,
/// so the job measures three single runs (monitoring) instead of many short iterations. "All cores" against one thread.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class BssEvalBenchmarks
{
    private const int Rate = 44100;
    private AudioBuffer[] _references = null!;
    private AudioBuffer[] _estimates = null!;
    private readonly string[] _names = ["drums", "bass", "other", "vocals"];

    [GlobalSetup]
    public void Setup() => (_references, _estimates) = BssEvalMeasurement.Make(4, 2, 30 * Rate, Rate);

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var b in _references) b.Dispose();
        foreach (var b in _estimates) b.Dispose();
    }

    /// <summary>One thread.</summary>
    [Benchmark(Baseline = true)]
    public BssEvalReport OneThread() =>
        BssEval.Evaluate(_names, _references, _estimates, new BssEvalOptions { Budget = ComputeBudget.Default with { MaxThreads = 1 } });

    /// <summary>Every core.</summary>
    [Benchmark]
    public BssEvalReport AllCores() => BssEval.Evaluate(_names, _references, _estimates);
}
