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
    private static ImageFrame Scene(ComputeBudget budget, (float R, float G, float B) cast)
    {
        var frame = ImageFrame.Create(Width, Height, 3, ColorSpace.Srgb, budget: budget);
        var random = new Random(7);
        float[] gains = [cast.R, cast.G, cast.B];
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < Height; y++)
            {
                var row = frame.Row(c, y);
                for (var x = 0; x < Width; x++)
                {
                    var wave = 0.5 + (0.35 * Math.Sin((x * 0.006 * (c + 1)) + (y * 0.004)));
                    row[x] = (float)Math.Clamp((wave * gains[c]) + (0.03 * (random.NextDouble() - 0.5)), 0, 1);
                }
            }
        }
        return frame;
    }
}
