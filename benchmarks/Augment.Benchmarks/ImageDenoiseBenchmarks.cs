using Augment.Vision;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Augment.Benchmarks;

/// <summary>
/// Image denoising on one thread (<see cref="ComputeBudget.SingleThreaded"/>), σ 25/255 Gaussian noise on a smooth
/// colourful scene. "NLM kernel 256x256": the sliding-integral, half-offset SIMD kernel against the brute-force
/// scalar reference (<c>NonLocalMeansKernel.Reference</c>, the baseline) with the σ-25 defaults (3x3 patches,
/// 13x13 search). "Denoise 1024x768": the whole <see cref="ImageDenoiser"/> call per method (luma/chroma
/// conversion, filter, texture re-injection), and the noise estimate.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class ImageDenoiseBenchmarks
{
    private const float Sigma = 25 / 255f;
    private ImageFrame _small = null!;
    private ImageFrame _large = null!;
    private PaddedPlanes _padded = null!;
    private float[] _output = null!;
    private NlmParameters _parameters;

    [GlobalSetup]
    public void Setup()
    {
        _small = Scene(256, 256);
        _large = Scene(1024, 768);
        _parameters = new NlmParameters(1, 6, Sigma, 0.7f * Sigma, 0.7f * Sigma);
        _padded = new PaddedPlanes(3, 256, 256, 7);
        for (var c = 0; c < 3; c++)
            _padded.Fill(c, _small.Plane(c));
        _output = new float[3 * 256 * 256];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _small.Dispose();
        _large.Dispose();
        _padded.Dispose();
    }

    [Benchmark(Baseline = true, Description = "NLM reference (scalar, brute force)")]
    [BenchmarkCategory("NLM kernel 256x256")]
    public void NlmReference() => NonLocalMeansKernel.Reference(_padded, _parameters, _output);

    [Benchmark(Description = "NLM fast (integral, half offsets, SIMD)")]
    [BenchmarkCategory("NLM kernel 256x256")]
    public void NlmFast()
    {
        for (var y0 = 0; y0 < 256; y0 += NonLocalMeansKernel.TileHeight)
            NonLocalMeansKernel.DenoiseTile(_padded, _parameters, 0, y0, 256, Math.Min(NonLocalMeansKernel.TileHeight, 256 - y0), _output);
    }

    [Benchmark(Baseline = true, Description = "NonLocalMeans")]
    [BenchmarkCategory("Denoise 1024x768")]
    public void NonLocalMeans()
    {
        using var result = _large.Denoise(new DenoiseOptions { NoiseSigma = Sigma });
    }

    [Benchmark(Description = "Bilateral")]
    [BenchmarkCategory("Denoise 1024x768")]
    public void Bilateral()
    {
        using var result = _large.Denoise(new DenoiseOptions { NoiseSigma = Sigma, Method = DenoiseMethod.Bilateral });
    }

    [Benchmark(Description = "Guided")]
    [BenchmarkCategory("Denoise 1024x768")]
    public void Guided()
    {
        using var result = _large.Denoise(new DenoiseOptions { NoiseSigma = Sigma, Method = DenoiseMethod.Guided });
    }

    [Benchmark(Description = "NoiseLevel.Estimate")]
    [BenchmarkCategory("Denoise 1024x768")]
    public NoiseEstimate Estimate() => NoiseLevel.Estimate(_large);

    private static ImageFrame Scene(int width, int height)
    {
        var frame = ImageFrame.Create(width, height, 3, budget: ComputeBudget.SingleThreaded);
        var random = new Random(42);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                for (var c = 0; c < 3; c++)
                {
                    var clean = 0.5 + 0.35 * Math.Sin(x * 0.03 + c) * Math.Cos(y * 0.02 - c);
                    var u1 = 1 - random.NextDouble();
                    var noise = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * random.NextDouble());
                    frame.Row(c, y)[x] = (float)(clean + Sigma * noise);
                }
        return frame;
    }
}
