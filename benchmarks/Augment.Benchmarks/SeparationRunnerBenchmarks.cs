using Augment.Audio;
using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;

namespace Augment.Benchmarks;

/// <summary>
/// Chunked-inference overhead of <see cref="WaveformSeparator"/>: 20 s of 44.1 kHz stereo noise separated into 4 stems
/// by a tiny waveform model, in 2 s chunks with 0.5 s overlap (13 chunks), ONNX Runtime and the runner on one thread.
/// "RawModelRuns" (baseline) runs the model session on the same number of [1, 2, 88200] chunks with the input already in
/// place — the model's own cost, ONNX Runtime's output allocation included. "Separator" is the whole
/// <see cref="WaveformSeparator.Separate"/>: copying chunks in, the cross-faded accumulation into four stems, the stem
/// buffers; the mix's budget allows several threads, so the runner's work overlaps the model's (pipelined).
/// "SeparatorOneThread" is the same on a mix whose budget allows one thread: nothing overlaps.
/// Overhead = (Separator − RawModelRuns) / Separator. Models: "conv" (three 1-D convolutions with 8 channels,
/// kernel 9, ReLU between: 1,296 weights, the shape of a waveform model's first layers at a tiny width), "conv32" (the
/// same with 32 channels: 12,096 weights, 48 KB), "fir31" (a
/// 31-tap FIR per stem, a model that computes a little) and "gain" (one multiply per stem: the worst case, where the
/// model is as cheap as the bookkeeping).
/// </summary>
[MemoryDiagnoser]
public class SeparationRunnerBenchmarks
{
    private const int Rate = 44100;
    private const int Stems = 4;

    private AudioBuffer _mix = null!;
    private AudioBuffer _mixOneThread = null!;
    private OnnxModel _model = null!;
    private WaveformSeparator _separator = null!;
    private float[] _chunk = null!;
    private int _chunks;
    private int _chunkFrames;

    /// <summary>The tiny model.</summary>
    [Params("conv32", "conv", "fir31", "gain")]
    public string Model { get; set; } = "fir31";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _mix = AudioBuffer.Create(2, 20 * Rate, Rate);
        var data = _mix.Data;
        for (var i = 0; i < data.Length; i++) data[i] = (float)(random.NextDouble() - 0.5);
        var one = ComputeBudget.Default with { MaxThreads = 1 };
        _mixOneThread = AudioBuffer.Create(2, 20 * Rate, Rate, one);
        data.CopyTo(_mixOneThread.Data);
        var modelOptions = new OnnxModelOptions { ExecutionProvider = OnnxExecutionProvider.Cpu, Budget = one };
        if (Model.StartsWith("conv", StringComparison.Ordinal))
        {
            _model = OnnxModel.Load(ConvModel(random, Model == "conv32" ? 32 : 8).ToBytes(), modelOptions, "waveform-conv");
            Finish(data);
            return;
        }
        var taps = Model == "gain" ? 1 : 31;
        var weights = new float[Stems * taps];
        for (var i = 0; i < weights.Length; i++) weights[i] = (float)(random.NextDouble() - 0.5) / taps;
        var graph = new OnnxGraphBuilder("waveform-fir")
            .Input("mix", "n", 2, "t")
            .Int64Initializer("axes", [1L], 1)
            .Initializer("weight", weights, Stems, 1, 1, taps)
            .Node("Unsqueeze", ["mix", "axes"], ["mix4"])
            .Node("Conv", ["mix4", "weight"], ["stems"],
                OnnxAttributeValue.Ints("kernel_shape", 1, taps),
                OnnxAttributeValue.Ints("pads", 0, taps / 2, 0, taps / 2))
            .Output("stems", "n", Stems, 2, "t");
        _model = OnnxModel.Load(graph.ToBytes(), modelOptions, "waveform-fir");
        Finish(data);
    }

    /// <summary>mix [n, 2, t] → Conv 2→w → ReLU → Conv w→w → ReLU → Conv w→8 (kernel 9, same padding) → [n, 4, 2, t].</summary>
    private static OnnxGraphBuilder ConvModel(Random random, int width)
    {
        const int kernel = 9;
        float[] Weights(int count, int fanIn)
        {
            var w = new float[count];
            for (var i = 0; i < w.Length; i++) w[i] = (float)((random.NextDouble() - 0.5) * 2 / Math.Sqrt(fanIn));
            return w;
        }
        OnnxAttributeValue[] Same() => [OnnxAttributeValue.Ints("kernel_shape", kernel), OnnxAttributeValue.Ints("pads", kernel / 2, kernel / 2)];
        return new OnnxGraphBuilder("waveform-conv")
            .Input("mix", "n", 2, "t")
            .Initializer("w1", Weights(width * 2 * kernel, 2 * kernel), width, 2, kernel)
            .Initializer("w2", Weights(width * width * kernel, width * kernel), width, width, kernel)
            .Initializer("w3", Weights(Stems * 2 * width * kernel, width * kernel), Stems * 2, width, kernel)
            .Int64Initializer("shape", [0L, Stems, 2, -1], 4)
            .Node("Conv", ["mix", "w1"], ["c1"], Same())
            .Node("Relu", ["c1"], ["r1"])
            .Node("Conv", ["r1", "w2"], ["c2"], Same())
            .Node("Relu", ["c2"], ["r2"])
            .Node("Conv", ["r2", "w3"], ["c3"], Same())
            .Node("Reshape", ["c3", "shape"], ["stems"])
            .Output("stems", "n", Stems, 2, "t");
    }

    private void Finish(Span<float> data)
    {
        var options = new WaveformSeparatorOptions { ChunkFrames = 2 * Rate, OverlapFrames = Rate / 2 };
        _separator = new WaveformSeparator(_model, options);
        var plan = new SeparationChunkPlan(_mix.Frames, options.ChunkFrames, options.OverlapFrames, fixedLength: false, options.Blend);
        _chunks = plan.Count;
        _chunkFrames = plan.ChunkLength;
        _chunk = new float[2 * _chunkFrames];
        data[..(2 * _chunkFrames)].CopyTo(_chunk);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _model.Dispose();
        _mix.Dispose();
        _mixOneThread.Dispose();
    }

    [Benchmark(Baseline = true)]
    public float RawModelRuns()
    {
        float last = 0;
        for (var k = 0; k < _chunks; k++)
        {
            using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _chunk.AsMemory(), [1, 2, _chunkFrames]);
            using var results = _model.Run(new Dictionary<string, OrtValue> { ["mix"] = input }, ["stems"]);
            last = results[0].GetTensorDataAsSpan<float>()[0];
        }
        return last;
    }

    [Benchmark]
    public float Separator()
    {
        using var stems = _separator.Separate(_mix);
        return stems[0].Data[0];
    }

    /// <summary>The separator on a mix whose budget allows one thread: no pipelining, the runner's work adds to the model's.</summary>
    [Benchmark]
    public float SeparatorOneThread()
    {
        using var stems = _separator.Separate(_mixOneThread);
        return stems[0].Data[0];
    }
}
