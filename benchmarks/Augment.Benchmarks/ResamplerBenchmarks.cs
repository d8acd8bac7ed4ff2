using Augment;
using Augment.Audio;
using BenchmarkDotNet.Attributes;

namespace Augment.Benchmarks;

/// <summary>
/// 48 kHz → 44.1 kHz of 10 s of stereo noise (the brief's workload), each quality preset:
/// the whole-buffer call (channels in parallel within the default budget) and one channel through
/// the streaming converter in 4096-sample chunks on one thread. Real-time factor = 10 s / mean.
/// </summary>
[MemoryDiagnoser]
public class ResamplerBenchmarks
{
    private const int InputRate = 48_000;
    private const int OutputRate = 44_100;
    private AudioBuffer _source = null!;
    private float[] _output = [];

    [Params(ResamplerQuality.Fast, ResamplerQuality.Balanced, ResamplerQuality.High)]
    public ResamplerQuality Quality { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _source = AudioBuffer.Create(2, InputRate * 10, InputRate);
        var random = new Random(4);
        foreach (ref var sample in _source.Data)
            sample = (random.NextSingle() - 0.5f) * 0.5f;
        _output = new float[new Resampler(InputRate, OutputRate, Quality).MaxOutputLength(4_096)];
    }

    [GlobalCleanup]
    public void Cleanup() => _source.Dispose();

    [Benchmark(Baseline = true)]
    public int Stereo_10s_whole_buffer()
    {
        using var result = Resampler.Resample(_source, OutputRate, Quality);
        return result.Frames;
    }

    [Benchmark]
    public int One_channel_10s_streaming_4096_chunks()
    {
        var resampler = new Resampler(InputRate, OutputRate, Quality);
        var channel = _source.Channel(0);
        var total = 0;
        for (var start = 0; start < channel.Length; start += 4_096)
            total += resampler.Process(channel.Slice(start, Math.Min(4_096, channel.Length - start)), _output);
        return total + resampler.Flush(_output);
    }
}
