using Augment.Audio;
using BenchmarkDotNet.Attributes;

namespace Augment.Benchmarks;

/// <summary>
/// Procedural score: 60 s of stereo 48 kHz (tension ramp 0.2 to 0.8, three cuts, seed 1). "Synthesis, one thread"
/// (baseline): the five stems rendered one after another with no loudness pass; "Synthesis, five stems in parallel":
/// the same on the default budget; "Full": synthesis in parallel plus the -16 LUFS normalisation with the -1 dBTP
/// true-peak limiter. Real-time factor = 60 s / the mean time.
/// </summary>
[MemoryDiagnoser]
public class ScoreBenchmarks
{
    private static readonly ScoreOptions Options = new()
    {
        Duration = TimeSpan.FromSeconds(60),
        Tension = ScoreCurve.Ramp(0.2, 0.8),
        Cuts = [TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(23.3), TimeSpan.FromSeconds(41)],
    };

    private static readonly ComputeBudget One = ComputeBudget.Default with { MaxThreads = 1 };

    [Benchmark(Baseline = true, Description = "Synthesis, one thread")]
    public int SynthesisOneThread()
    {
        using var score = ScoreGenerator.Generate(Options with { TargetLufs = null }, One);
        return score.Mix.Frames;
    }

    [Benchmark(Description = "Synthesis, five stems in parallel")]
    public int SynthesisParallel()
    {
        using var score = ScoreGenerator.Generate(Options with { TargetLufs = null });
        return score.Mix.Frames;
    }

    [Benchmark(Description = "Full: synthesis + -16 LUFS normalisation")]
    public int Full()
    {
        using var score = ScoreGenerator.Generate(Options);
        return score.Mix.Frames;
    }
}
