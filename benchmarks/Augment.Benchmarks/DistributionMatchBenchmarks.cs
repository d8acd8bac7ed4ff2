using Augment.Vision;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Augment.Benchmarks;

/// <summary>
/// The LUT-based matches on a 1920 x 1080 sRGB frame through the public API: sliced optimal transport
/// (sampling, 25 iterations of 1D transport, lattice-regression fit of a 33³ LUT) and the regularised
/// LUT fit from aligned pixel pairs, on one thread and on all cores; and applying the fitted LUT
/// transform to the frame.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class DistributionMatchBenchmarks
{
    private const int Width = 1920;
    private const int Height = 1080;
    private ImageFrame _source = null!;
    private ImageFrame _reference = null!;
    private ImageFrame _sourceSingle = null!;
    private ImageFrame _referenceSingle = null!;
    private ColorTransform _transform = null!;
    private ColorMatchOptions _options = null!;

    [Params(ColorMatchMethod.SlicedOt, ColorMatchMethod.Lut)]
    public ColorMatchMethod MatchMethod { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _options = ColorMatchOptions.Default.UseMethod(MatchMethod);
        _source = Scene(ComputeBudget.Default, cast: (1.1f, 0.95f, 0.8f));
        _reference = Scene(ComputeBudget.Default, cast: (0.85f, 1f, 1.15f));
        _sourceSingle = Scene(ComputeBudget.SingleThreaded, cast: (1.1f, 0.95f, 0.8f));
        _referenceSingle = Scene(ComputeBudget.SingleThreaded, cast: (0.85f, 1f, 1.15f));
        _transform = ColorMatch.Fit(_source, _reference, _options);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _source.Dispose();
        _reference.Dispose();
        _sourceSingle.Dispose();
        _referenceSingle.Dispose();
    }

    [Benchmark, BenchmarkCategory("Fit, 1 thread")]
    public ColorTransform Fit_1_thread() => ColorMatch.Fit(_sourceSingle, _referenceSingle, _options);

    [Benchmark, BenchmarkCategory("Fit, all cores")]
    public ColorTransform Fit_all_cores() => ColorMatch.Fit(_source, _reference, _options);

    [Benchmark, BenchmarkCategory("Apply, all cores")]
    public void Apply_all_cores() => _transform.Apply(_source).Dispose();

    /// <summary>The same smooth, noisy scene under a per-channel cast (the same seed, so the frames are aligned pairs).</summary>
    private static ImageFrame Scene(ComputeBudget budget, (float R, float G, float B) cast) =>
        CastScenes.Create(Width, Height, budget, cast, seed: 7, xFrequency: 0.006, yFrequency: 0.004);
}
