using Augment;
using Augment.Audio;
using BenchmarkDotNet.Attributes;

namespace Augment.Benchmarks;

/// <summary>
/// EBU R128 measurement of 60 s of 48 kHz stereo (a programme-like signal: noise with a slowly varying
/// level and pauses, so that the gates have work): integrated loudness, range and true peak over the whole
/// buffer (the baseline, as <c>augment audio loudness</c> runs it), the same without true peak (what the
/// 4x oversampler costs), and the streaming meter fed 16384-frame planar blocks, as a file is read. The
/// true-peak kernel alone, SIMD against its scalar reference, on one channel, shows the vectorisation.
/// Real-time factor = 60 s / mean.
/// </summary>
[MemoryDiagnoser]
public class LoudnessBenchmarks
{
    private const int SampleRate = 48_000;
    private const int Seconds = 60;
    private const int BlockFrames = 1 << 14;
    private static readonly LoudnessMeterOptions Summary = new() { KeepSeries = false };
    private static readonly LoudnessMeterOptions NoTruePeak = new() { KeepSeries = false, TruePeak = false };
    private AudioBuffer _programme = null!;
    private float[] _block = [];

    [GlobalSetup]
    public void Setup()
    {
        _programme = AudioBuffer.Create(2, SampleRate * Seconds, SampleRate);
        var random = new Random(11);
        for (var c = 0; c < 2; c++)
        {
            var channel = _programme.Channel(c);
            for (var i = 0; i < channel.Length; i++)
            {
                // A level that wanders by about 20 dB over a few seconds, silent for 0.5 s in every 7 s.
                var t = i / (double)SampleRate;
                var level = t % 7 < 0.5 ? 0 : 0.05 * Math.Pow(10, Math.Sin(2 * Math.PI * t / 9.3) * 0.5);
                channel[i] = (float)(level * ((random.NextDouble() * 2) - 1));
            }
        }
        _block = new float[BlockFrames * 2];
    }

    [GlobalCleanup]
    public void Cleanup() => _programme.Dispose();

    [Benchmark(Baseline = true)]
    public double Integrated_range_and_true_peak_60s_stereo()
    {
        var result = LoudnessMeter.Measure(_programme, options: Summary);
        return result.IntegratedLufs + result.TruePeakDbtp;
    }

    [Benchmark]
    public double Integrated_and_range_without_true_peak_60s_stereo() =>
        LoudnessMeter.Measure(_programme, options: NoTruePeak).IntegratedLufs;

    [Benchmark]
    public double Streaming_16384_frame_blocks_60s_stereo()
    {
        var meter = new LoudnessMeter(new AudioFormat(SampleRate, 2), Summary);
        var left = _programme.Channel(0);
        var right = _programme.Channel(1);
        for (var start = 0; start < left.Length; start += BlockFrames)
        {
            var frames = Math.Min(BlockFrames, left.Length - start);
            left.Slice(start, frames).CopyTo(_block);
            right.Slice(start, frames).CopyTo(_block.AsSpan(frames));
            meter.Process(_block, frames);
        }
        var result = meter.GetResult();
        return result.IntegratedLufs + result.TruePeakDbtp;
    }

    [Benchmark]
    public float True_peak_kernel_one_channel_60s() => TruePeakKernel.MaxPeak(_programme.Channel(0));

    [Benchmark]
    public float True_peak_scalar_reference_one_channel_60s() => TruePeakKernel.MaxPeakReference(_programme.Channel(0));
}
