using Augment.Vision;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Augment.Benchmarks;

/// <summary>
/// Colour matching on a 12-megapixel (4000 x 3000) sRGB frame through the public API only:
/// <see cref="ColorMatch.Fit(ImageFrame, ImageFrame, ColorMatchOptions?, CancellationToken)"/> from a source
/// to a reference of the same size, and <see cref="ColorTransform.Apply"/> of the fitted transform, for
/// Reinhard and MKL, on one thread and on all cores. The peer comparison with numpy is in
/// <c>benchmarks/peers/</c>.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class ColorMatchBenchmarks
{
    private const int Width = 4000;
    private const int Height = 3000;
    private ImageFrame _source = null!;
    private ImageFrame _reference = null!;
    private ImageFrame _sourceSingle = null!;
    private ImageFrame _referenceSingle = null!;
    private ColorTransform _transform = null!;
    private ColorMatchOptions _options = null!;

    [Params(ColorMatchMethod.Reinhard, ColorMatchMethod.Mkl)]
    public ColorMatchMethod MatchMethod { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _options = ColorMatchOptions.Default.UseMethod(MatchMethod);
        _source = Scene(ComputeBudget.Default, cast: (1.1f, 0.95f, 0.8f), seed: 1);
        _reference = Scene(ComputeBudget.Default, cast: (0.85f, 1f, 1.15f), seed: 2);
        _sourceSingle = Scene(ComputeBudget.SingleThreaded, cast: (1.1f, 0.95f, 0.8f), seed: 1);
        _referenceSingle = Scene(ComputeBudget.SingleThreaded, cast: (0.85f, 1f, 1.15f), seed: 2);
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

    [Benchmark, BenchmarkCategory("Apply, 1 thread")]
    public void Apply_1_thread() => _transform.Apply(_sourceSingle).Dispose();

    [Benchmark, BenchmarkCategory("Apply, all cores")]
    public void Apply_all_cores() => _transform.Apply(_source).Dispose();

    /// <summary>A smooth colourful scene with noise and a colour cast per channel.</summary>
    private static ImageFrame Scene(ComputeBudget budget, (float R, float G, float B) cast, int seed) =>
        CastScenes.Create(Width, Height, budget, cast, seed, xFrequency: 0.004, yFrequency: 0.003);
}
