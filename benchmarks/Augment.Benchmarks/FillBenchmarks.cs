using Augment.Vision;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Augment.Benchmarks;

/// <summary>
/// Content-aware fill, the case: a 2-megapixel RGB picture (1632x1224, a procedural brick wall with
/// mortar, shading and noise) with a centred 365x274 hole (5 % of the pixels), default options (7x7 patches,
/// 4 EM iterations per level, 4 PatchMatch passes), all threads and one. "Patch distance": one 7x7x3 SSD,
/// the scalar reference (baseline) against the Vector256 kernel, on random data.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class FillBenchmarks
{
    private const int Width = 1632;
    private const int Height = 1224;
    private const int HoleWidth = 365;
    private const int HoleHeight = 274;

    private ImageFrame _image = null!;
    private ImageFrame _mask = null!;
    private readonly float[] _pixels = new float[64 * 64 * 3];

    [GlobalSetup]
    public void Setup()
    {
        _image = BrickWall(Width, Height, seed: 1);
        _mask = ImageFrame.Create(Width, Height, 1);
        for (var y = (Height - HoleHeight) / 2; y < (Height + HoleHeight) / 2; y++)
            _mask.Row(0, y).Slice((Width - HoleWidth) / 2, HoleWidth).Fill(1f);
        var random = new Random(2);
        for (var i = 0; i < _pixels.Length; i++) _pixels[i] = random.NextSingle();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _image.Dispose();
        _mask.Dispose();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Fill 2 MP, 5 % hole")]
    public float FillAllThreads()
    {
        using var result = ContentAwareFill.Fill(_image, _mask);
        return result.Data[0];
    }

    [Benchmark]
    [BenchmarkCategory("Fill 2 MP, 5 % hole")]
    public float FillOneThread()
    {
        using var result = ContentAwareFill.Fill(_image, _mask, FillOptions.Default.WithBudget(ComputeBudget.SingleThreaded));
        return result.Data[0];
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Patch distance 7x7x3")]
    public float DistanceScalar() => PatchDistanceKernels.Scalar(_pixels, 64 * 3, 21, 7, 3 * (5 * 64 + 5), 3 * (40 * 64 + 33), float.PositiveInfinity);

    [Benchmark]
    [BenchmarkCategory("Patch distance 7x7x3")]
    public float DistanceVector() => PatchDistanceKernels.Fast(_pixels, 64 * 3, 21, 7, 3 * (5 * 64 + 5), 3 * (40 * 64 + 33), float.PositiveInfinity);

    /// <summary>
    /// Staggered 64x24-pixel bricks with 4-pixel mortar, a per-brick tint, a soft vertical light falloff and
    /// uniform noise: structured, like the texture the fill is for. The same formula is in benchmarks/peers/fill-vs-opencv.py.
    /// </summary>
    internal static ImageFrame BrickWall(int width, int height, int seed)
    {
        var frame = ImageFrame.Create(width, height, 3);
        var random = new Random(seed);
        for (var y = 0; y < height; y++)
        {
            var course = y / 24;
            var shift = course % 2 == 0 ? 0 : 32;
            for (var x = 0; x < width; x++)
            {
                var bx = (x + shift) / 64;
                var mortar = (y % 24) < 4 || ((x + shift) % 64) < 4;
                var tint = ((bx * 73856093) ^ (course * 19349663)) & 0xFF;
                var light = 0.85 + 0.15 * Math.Cos(Math.PI * y / height);
                var noise = (random.NextDouble() - 0.5) * 0.06;
                double r, g, b;
                if (mortar)
                    (r, g, b) = (0.75, 0.73, 0.70);
                else
                    (r, g, b) = (0.55 + tint / 1275.0, 0.25 + tint / 2550.0, 0.18);
                frame.Row(0, y)[x] = (float)Math.Clamp(r * light + noise, 0, 1);
                frame.Row(1, y)[x] = (float)Math.Clamp(g * light + noise, 0, 1);
                frame.Row(2, y)[x] = (float)Math.Clamp(b * light + noise, 0, 1);
            }
        }
        return frame;
    }
}
