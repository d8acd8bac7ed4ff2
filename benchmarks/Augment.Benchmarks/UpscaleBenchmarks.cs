using Augment.Vision;
using BenchmarkDotNet.Attributes;

namespace Augment.Benchmarks;

/// <summary>
/// Upscaling x2 (docs/vision-upscaling.md). Model path: an exact nearest-neighbour x2 network (1x1
/// convolution + DepthToSpace, so ONNX Runtime's own cost is small and the tiling overhead shows)
/// on a 1024x1024 frame — the model on the whole frame, <see cref="OnnxModel.RunTiled(ImageFrame, TileOptions?, IProgress{AugmentProgress}?, CancellationToken)"/>
/// (whole float output) and <see cref="Upscaler.Upscale"/> (streamed rows, clamped and collected).
/// Classical path: Lanczos-3 with and without the edge-gated sharpening on a 2 MP frame (8 MP out),
/// on all cores and on one.
/// </summary>
[MemoryDiagnoser]
public class UpscaleBenchmarks
{
    private OnnxModel _model = null!;
    private ImageFrame _small = null!;
    private ImageFrame _medium = null!;
    private ImageFrame _mediumSingle = null!;
    private readonly TileOptions _tiles = new() { TileSizePixels = 256, OverlapPixels = 16 };

    [GlobalSetup]
    public void Setup()
    {
        _model = OnnxModel.Load(NearestX2());
        _small = Pattern(1024, 1024, ComputeBudget.Default);
        _medium = Pattern(1632, 1224, ComputeBudget.Default);
        _mediumSingle = Pattern(1632, 1224, ComputeBudget.SingleThreaded);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _model.Dispose();
        _small.Dispose();
        _medium.Dispose();
        _mediumSingle.Dispose();
    }

    [Benchmark(Baseline = true, Description = "1 MP model, whole frame (Run)")]
    public float ModelWhole()
    {
        using var output = _model.Run(_small);
        return output.Data[^1];
    }

    [Benchmark(Description = "1 MP model, RunTiled 256/16")]
    public float ModelTiled()
    {
        using var output = _model.RunTiled(_small, _tiles);
        return output.Data[^1];
    }

    [Benchmark(Description = "1 MP model, Upscaler (streamed)")]
    public float ModelUpscaler()
    {
        using var output = _small.Upscale(new UpscaleOptions { Model = _model, Tiles = _tiles });
        return output.Data[^1];
    }

    [Benchmark(Description = "2 MP classical Lanczos-3 + sharpen")]
    public float ClassicalSharpened()
    {
        using var output = _medium.Upscale(new UpscaleOptions { ScaleFactor = 2 });
        return output.Data[^1];
    }

    [Benchmark(Description = "2 MP classical Lanczos-3 only")]
    public float ClassicalPlain()
    {
        using var output = _medium.Upscale(new UpscaleOptions { ScaleFactor = 2, SharpenAmount = 0f });
        return output.Data[^1];
    }

    [Benchmark(Description = "2 MP classical Lanczos-3 + sharpen, 1 thread")]
    public float ClassicalSingleThread()
    {
        using var output = _mediumSingle.Upscale(new UpscaleOptions { ScaleFactor = 2 });
        return output.Data[^1];
    }

    private static ImageFrame Pattern(int width, int height, ComputeBudget budget)
    {
        var frame = ImageFrame.Create(width, height, 3, budget: budget);
        var random = new Random(3);
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < height; y++)
            {
                var row = frame.Row(c, y);
                for (var x = 0; x < width; x++)
                    row[x] = Math.Clamp(0.5f + 0.4f * MathF.Sin(0.02f * x * (c + 1) + 0.015f * y) + 0.02f * (random.NextSingle() - 0.5f), 0f, 1f);
            }
        }
        return frame;
    }

    private static byte[] NearestX2()
    {
        var weights = new float[12 * 3];
        for (var c = 0; c < 3; c++)
        {
            for (var k = 0; k < 4; k++) weights[(c * 4 + k) * 3 + c] = 1f;
        }
        return new OnnxGraphBuilder("nearest_x2")
            .Input("input", "n", 3, "h", "w")
            .Initializer("weight", weights, 12, 3, 1, 1)
            .Node("Conv", ["input", "weight"], ["features"], OnnxAttributeValue.Ints("kernel_shape", 1, 1))
            .Node("DepthToSpace", ["features"], ["output"], OnnxAttributeValue.Int("blocksize", 2), OnnxAttributeValue.String("mode", "CRD"))
            .Output("output", "n", 3, "oh", "ow")
            .ToBytes();
    }
}
