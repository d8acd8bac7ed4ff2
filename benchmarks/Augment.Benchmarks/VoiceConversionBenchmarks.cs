using Augment.Audio;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Augment.Benchmarks;

/// <summary>
/// Voice conversion (RVC) hot paths. "Retrieval": one second of content frames (50 x 768, RVC v2) searched against a
/// 10,000-row bank with k = 8 and blended: the scalar brute force (baseline), the SIMD distance kernel on one
/// thread, and SIMD over the budget's threads. "Chunking": 10 s of 16 kHz voice through tiny frame-local models
/// (the pipeline's own cost: resampling none, encoder framing, upsampling, pitch preparation, noise, overlap-add),
/// one run (baseline) against 1 s chunks with 0.5 s context and 0.1 s crossfade; F0 from a fixed contour so the
/// pitch tracker's cost stays out.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class VoiceConversionBenchmarks
{
    private const int Dimensions = 768;
    private const int Rows = 10_000;
    private const int Frames = 50;

    private FeatureBank _bank = null!;
    private float[] _frames = null!;
    private readonly float[] _work = new float[Frames * Dimensions];
    private AudioBuffer _voice = null!;
    private VoiceConverter _whole = null!;
    private VoiceConverter _chunked = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        var rows = new float[Rows * Dimensions];
        for (var i = 0; i < rows.Length; i++) rows[i] = (float)((random.NextDouble() * 2) - 1);
        _bank = new FeatureBank(rows, Rows, Dimensions);
        _frames = new float[Frames * Dimensions];
        for (var i = 0; i < _frames.Length; i++) _frames[i] = (float)((random.NextDouble() * 2) - 1);

        _voice = AudioBuffer.Create(1, 160_000, 16_000);
        var x = _voice.Channel(0);
        for (var i = 0; i < x.Length; i++) x[i] = (float)(0.3 * Math.Sin(2 * Math.PI * 180 * i / 16_000.0));
        var whole = new VoiceConversionOptions { F0Source = ContourF0Source.Constant(180), ChunkLength = TimeSpan.FromMinutes(10), Budget = ComputeBudget.SingleThreaded };
        _whole = new VoiceConverter(OnnxModel.Load(Encoder()), OnnxModel.Load(Generator()), whole);
        _chunked = new VoiceConverter(OnnxModel.Load(Encoder()), OnnxModel.Load(Generator()),
            whole with { ChunkLength = TimeSpan.FromSeconds(1), Context = TimeSpan.FromMilliseconds(500), Crossfade = TimeSpan.FromMilliseconds(100) });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _voice.Dispose();
        _whole.Encoder.Dispose();
        _whole.Generator.Dispose();
        _chunked.Encoder.Dispose();
        _chunked.Generator.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Retrieval")]
    public float RetrievalScalar() => Retrieve(ComputeBudget.SingleThreaded, scalar: true);

    [Benchmark, BenchmarkCategory("Retrieval")]
    public float RetrievalSimdOneThread() => Retrieve(ComputeBudget.SingleThreaded, scalar: false);

    [Benchmark, BenchmarkCategory("Retrieval")]
    public float RetrievalSimdParallel() => Retrieve(ComputeBudget.Default, scalar: false);

    [Benchmark(Baseline = true), BenchmarkCategory("Chunking")]
    public int ConvertWhole()
    {
        using var result = _whole.Convert(_voice);
        return result.Frames;
    }

    [Benchmark, BenchmarkCategory("Chunking")]
    public int ConvertChunked()
    {
        using var result = _chunked.Convert(_voice);
        return result.Frames;
    }

    private float Retrieve(ComputeBudget budget, bool scalar)
    {
        _frames.CopyTo(_work, 0);
        FeatureRetrievalKernels.Blend(_bank, _work, 8, 0.75f, budget, scalar, CancellationToken.None);
        return _work[0];
    }

    /// <summary>Mean of each 320-sample frame, 4 features.</summary>
    private static byte[] Encoder()
    {
        var w = new float[320 * 4];
        for (var i = 0; i < 320; i++) w[i * 4] = 1f / 320;
        return new OnnxGraphBuilder("encoder")
            .Input("source", 1, 1, "n")
            .Int64Initializer("frames", [1, -1, 320], 3)
            .Initializer("w", w, 320, 4)
            .Node("Reshape", ["source", "frames"], ["framed"])
            .Node("MatMul", ["framed", "w"], ["feats"])
            .Output("feats", 1, "e", 4)
            .ToBytes();
    }

    /// <summary>phone·w + pitchf/1000, spread over 480 samples per frame (48 kHz).</summary>
    private static byte[] Generator() => new OnnxGraphBuilder("generator")
        .Input("phone", 1, "t", 4)
        .Input("phone_lengths", TensorElementType.Int64, 1)
        .Input("pitch", TensorElementType.Int64, 1, "t")
        .Input("pitchf", 1, "t")
        .Input("ds", TensorElementType.Int64, 1)
        .Input("rnd", 1, 192, "t")
        .Initializer("wp", [1f, 0f, 0f, 0f], 4, 1)
        .Initializer("scale", [0.001f])
        .Int64Initializer("column", [1, -1, 1], 3)
        .Int64Initializer("spread", [1, 1, 480], 3)
        .Int64Initializer("row", [1, 1, -1], 3)
        .Node("MatMul", ["phone", "wp"], ["p"])
        .Node("Reshape", ["pitchf", "column"], ["pf"])
        .Node("Mul", ["pf", "scale"], ["ps"])
        .Node("Add", ["p", "ps"], ["y"])
        .Node("Expand", ["y", "spread"], ["wide"])
        .Node("Reshape", ["wide", "row"], ["audio"])
        .Output("audio", 1, 1, "samples")
        .ToBytes();
}
