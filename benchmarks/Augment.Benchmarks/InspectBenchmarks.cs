using Augment.Vision;
using BenchmarkDotNet.Attributes;

namespace Augment.Benchmarks;

/// <summary>
/// AI-artifact inspection of a 24 MP (6000 x 4000) RGB image: camera-like noise over smooth gradients and a band
/// of dark glyph-like bars, so every check has work (spectral tiles, noise blocks, text components). Each check
/// alone and all three, on one thread and on the default budget.
/// </summary>
[MemoryDiagnoser]
public class InspectBenchmarks
{
    private ImageFrame _frame = null!;
    private InspectionOptions _all = null!;

    /// <summary>Threads allowed (1 = one core; 0 = all).</summary>
    [Params(1, 0)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        const int width = 6000, height = 4000;
        var budget = Threads == 0 ? ComputeBudget.Default : ComputeBudget.Default with { MaxThreads = Threads };
        _frame = ImageFrame.Create(width, height, 3, budget: budget);
        var random = new Random(1);
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < height; y++)
            {
                var row = _frame.Row(c, y);
                for (var x = 0; x < width; x++)
                {
                    var value = 0.2 + (0.5 * x / width) + (0.2 * y / height) + (0.02 * ((random.NextDouble() + random.NextDouble() + random.NextDouble()) - 1.5));
                    // A band of 40-pixel "glyphs": 5-pixel bars every 30 pixels.
                    if (y is >= 2000 and < 2040 && x % 30 < 5)
                        value = 0.05;
                    row[x] = (float)Math.Clamp(Math.Round(value * 255) / 255, 0, 1);
                }
            }
        }
        _all = InspectionOptions.Default;
    }

    [GlobalCleanup]
    public void Cleanup() => _frame.Dispose();

    [Benchmark(Baseline = true)]
    public ArtifactReport All() => ImageInspection.Inspect(_frame, _all);

    [Benchmark]
    public ArtifactReport Spectral() => ImageInspection.Inspect(_frame, _all.Checks(ArtifactChecks.PeriodicSpectrum));

    [Benchmark]
    public ArtifactReport Noise() => ImageInspection.Inspect(_frame, _all.Checks(ArtifactChecks.NoiseInconsistency));

    [Benchmark]
    public ArtifactReport Text() => ImageInspection.Inspect(_frame, _all.Checks(ArtifactChecks.IrregularText));
}
