using Augment;
using Augment.Audio;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Augment.Benchmarks;

/// <summary>
/// Convolution reverb with a 3-second stereo IR (decaying noise, RT60 about 3 s) at 48 kHz, the case.
/// "Offline": <see cref="ConvolutionReverb.ApplyTo(AudioBuffer, CancellationToken)"/> on 10 s of stereo noise,
/// uniform partitions of 1024 (the old default, baseline) against the automatic block (32768 for this IR) on
/// one thread and on every core. "Streaming": one channel, 10 s fed in blocks of 256 frames (5.3 ms latency),
/// a uniform 256-frame partitioning (baseline: 563 partitions per block) against the non-uniform plan
/// 256 → 8192 (<see cref="NonUniformConvolver"/>). Real-time factor = 10 s / the mean time.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class ReverbBenchmarks
{
    private const int Rate = 48000;
    private const int Latency = 256;

    private AudioBuffer _signal = null!;
    private AudioBuffer _impulseResponse = null!;
    private ConvolutionReverb _uniform1024 = null!;
    private ConvolutionReverb _automatic = null!;
    private ConvolutionReverb _automaticAllCores = null!;
    private PartitionedConvolver _uniformStreaming = null!;
    private NonUniformConvolver _nonUniformStreaming = null!;
    private float[] _mono = [];
    private float[] _monoOut = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _signal = AudioBuffer.Create(2, 10 * Rate, Rate);
        _impulseResponse = AudioBuffer.Create(2, 3 * Rate, Rate);
        for (var c = 0; c < 2; c++)
        {
            var x = _signal.Channel(c);
            for (var i = 0; i < x.Length; i++) x[i] = 0.3f * ((2 * random.NextSingle()) - 1);
            var h = _impulseResponse.Channel(c);
            for (var i = 0; i < h.Length; i++) h[i] = (float)(0.05 * ((2 * random.NextDouble()) - 1) * Math.Exp(-2.3 * i / Rate));
        }
        var one = ComputeBudget.Default with { MaxThreads = 1 };
        _uniform1024 = new ConvolutionReverb(_impulseResponse, new ConvolutionReverbOptions { BlockSizeFrames = 1024, Budget = one });
        _automatic = new ConvolutionReverb(_impulseResponse, new ConvolutionReverbOptions { Budget = one });
        _automaticAllCores = new ConvolutionReverb(_impulseResponse, new ConvolutionReverbOptions { Budget = ComputeBudget.Default });
        _uniformStreaming = new PartitionedConvolver(_impulseResponse.Channel(0), Latency);
        _nonUniformStreaming = new NonUniformConvolver(_impulseResponse.Channel(0), Latency, 8192);
        _mono = _signal.Channel(0).ToArray();
        _monoOut = new float[_mono.Length];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _signal.Dispose();
        _impulseResponse.Dispose();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Offline")]
    public int ApplyTo_uniform_1024_one_thread()
    {
        using var wet = _uniform1024.ApplyTo(_signal);
        return wet.Frames;
    }

    [Benchmark]
    [BenchmarkCategory("Offline")]
    public int ApplyTo_automatic_block_one_thread()
    {
        using var wet = _automatic.ApplyTo(_signal);
        return wet.Frames;
    }

    [Benchmark]
    [BenchmarkCategory("Offline")]
    public int ApplyTo_automatic_block_all_cores()
    {
        using var wet = _automaticAllCores.ApplyTo(_signal);
        return wet.Frames;
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Streaming")]
    public float Uniform_256_latency_256()
    {
        _uniformStreaming.Reset();
        for (var i = 0; i + Latency <= _mono.Length; i += Latency)
            _uniformStreaming.Process(_mono.AsSpan(i, Latency), _monoOut.AsSpan(i, Latency));
        return _monoOut[^1];
    }

    [Benchmark]
    [BenchmarkCategory("Streaming")]
    public float NonUniform_256_to_8192_latency_256()
    {
        _nonUniformStreaming.Reset();
        for (var i = 0; i + Latency <= _mono.Length; i += Latency)
            _nonUniformStreaming.Process(_mono.AsSpan(i, Latency), _monoOut.AsSpan(i, Latency));
        return _monoOut[^1];
    }
}
