using BenchmarkDotNet.Attributes;

namespace Augment.Benchmarks;

/// <summary>
/// A 3x3 convolution (3 → 3 channels, bias) on a 1024x1024 RGB frame: ONNX Runtime on the whole
/// frame, tiled 256 px with 16 px overlap (batch 1 and 4), against a naive scalar C# convolution.
/// The model is written by <see cref="OnnxGraphBuilder.Conv3x3"/>; ONNX Runtime runs on the CPU
/// with the default budget (all cores), the scalar baseline on one.
/// </summary>
[MemoryDiagnoser]
public class TiledInferenceBenchmarks
{
    private const int Size = 1024;
    private const int Channels = 3;

    private OnnxModel _model = null!;
    private ImageFrame _frame = null!;
    private float[] _weights = null!;
    private float[] _bias = null!;
    private float[] _scalarOutput = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _weights = new float[Channels * Channels * 9];
        for (var i = 0; i < _weights.Length; i++) _weights[i] = (float)random.NextDouble() - 0.5f;
        _bias = [0.01f, -0.02f, 0.03f];
        _model = OnnxModel.Load(OnnxGraphBuilder.Conv3x3(Channels, Channels, _weights, _bias).ToBytes());
        _frame = ImageFrame.Create(Size, Size, Channels);
        for (var i = 0; i < _frame.Data.Length; i++) _frame.Data[i] = (float)random.NextDouble();
        _scalarOutput = new float[Channels * Size * Size];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _model.Dispose();
        _frame.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Scalar C# conv 3x3")]
    public float ScalarConvolution()
    {
        ScalarConv3x3(_frame.Data, _weights, _bias, _scalarOutput);
        return _scalarOutput[^1];
    }

    [Benchmark(Description = "ONNX whole frame")]
    public float WholeFrame()
    {
        using var output = _model.Run(_frame);
        return output.Data[^1];
    }

    [Benchmark(Description = "ONNX tiled 256/16")]
    public float Tiled256()
    {
        using var output = _model.RunTiled(_frame, new TileOptions { TileSizePixels = 256, OverlapPixels = 16 });
        return output.Data[^1];
    }

    [Benchmark(Description = "ONNX tiled 256/16 batch 4")]
    public float Tiled256Batch4()
    {
        using var output = _model.RunTiled(_frame, new TileOptions { TileSizePixels = 256, OverlapPixels = 16, BatchSize = 4 });
        return output.Data[^1];
    }

    /// <summary>The textbook loop: zero padding, weights [out, in, 3, 3], one thread.</summary>
    private static void ScalarConv3x3(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output)
    {
        for (var o = 0; o < Channels; o++)
        for (var y = 0; y < Size; y++)
        for (var x = 0; x < Size; x++)
        {
            var sum = bias[o];
            for (var i = 0; i < Channels; i++)
            for (var ky = -1; ky <= 1; ky++)
            {
                var sy = y + ky;
                if ((uint)sy >= Size) continue;
                for (var kx = -1; kx <= 1; kx++)
                {
                    var sx = x + kx;
                    if ((uint)sx >= Size) continue;
                    sum += weights[((o * Channels + i) * 3 + ky + 1) * 3 + kx + 1] * input[(i * Size + sy) * Size + sx];
                }
            }
            output[(o * Size + y) * Size + x] = sum;
        }
    }
}
