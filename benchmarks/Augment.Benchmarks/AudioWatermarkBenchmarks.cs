using Augment.Provenance.Watermarks;
using BenchmarkDotNet.Attributes;

namespace Augment.Benchmarks;

/// <summary>
/// Invisible audio watermark on 60 s of 48 kHz stereo music-like sound (harmonic notes and noise bursts). Embed
/// analyses the mix once (host cancellation) and runs one forward and one inverse FFT per frame and channel; detect
/// runs two analyses of the mix (half-hop phases) and stops at the first phase that decodes.
/// </summary>
[MemoryDiagnoser]
public class AudioWatermarkBenchmarks
{
    private static readonly WatermarkPayload Payload = new(0x0123456789ABCDEFUL);

    private AudioBuffer _audio = null!;
    private AudioBuffer _marked = null!;
    private AudioWatermarkOptions _options = null!;

    /// <summary>Threads allowed (1 = one core; 0 = all).</summary>
    [Params(1, 0)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        const int rate = 48_000, seconds = 60;
        _audio = AudioBuffer.Create(2, rate * seconds, rate);
        var random = new Random(1);
        var noteLength = rate * 3 / 10;
        for (var start = 0; start < _audio.Frames; start += noteLength)
        {
            var f0 = 196 * Math.Pow(2, random.Next(0, 24) / 12.0);
            for (var n = 0; n < noteLength && start + n < _audio.Frames; n++)
            {
                var t = (double)n / rate;
                double note = 0;
                for (var k = 1; k <= 10; k++)
                    note += Math.Sin(2 * Math.PI * f0 * k * t) / k;
                var hit = n < rate / 20 ? 0.1 * Math.Exp(-n * 60.0 / rate) * ((2 * random.NextDouble()) - 1) : 0;
                _audio.Channel(0)[start + n] = (float)((0.2 * Math.Exp(-4 * t) * note) + hit);
                _audio.Channel(1)[start + n] = (float)((0.15 * Math.Exp(-4 * t) * note) + hit);
            }
        }
        _options = new AudioWatermarkOptions { Budget = Threads == 0 ? ComputeBudget.Default : ComputeBudget.Default with { MaxThreads = Threads } };
        _marked = AudioWatermark.Embed(_audio, Payload, _options);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _audio.Dispose();
        _marked.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void Embed()
    {
        using var marked = AudioWatermark.Embed(_audio, Payload, _options);
    }

    [Benchmark]
    public bool DetectMarked() => AudioWatermark.Detect(_marked, _options).Found;

    [Benchmark]
    public bool DetectUnmarked() => AudioWatermark.Detect(_audio, _options).Found;
}
