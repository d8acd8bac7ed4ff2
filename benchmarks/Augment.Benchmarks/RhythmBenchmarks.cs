using Augment;
using Augment.Audio;
using BenchmarkDotNet.Attributes;

namespace Augment.Benchmarks;

/// <summary>
/// Rhythm analysis of a 5-minute 44.1 kHz stereo track (a synthesised kick/snare/hat pattern at 128 BPM
/// over faint noise): the onset envelope alone (the baseline), and onsets + tempo + beats + downbeats as
/// <c>augment audio beats</c> runs them, with the default budget and on one thread. Real-time factor =
/// 300 s / mean. The spectral-flux kernel, vectorised against its scalar reference, on one 64-band frame pair.
/// </summary>
[MemoryDiagnoser]
public class RhythmBenchmarks
{
    private const int SampleRate = 44_100;
    private const int Seconds = 300;
    private AudioBuffer _track = null!;
    private AudioBuffer _trackOneThread = null!;
    private readonly float[] _previous = new float[64], _current = new float[64], _scratch = new float[64];

    [GlobalSetup]
    public void Setup()
    {
        _track = AudioBuffer.Create(2, SampleRate * Seconds, SampleRate);
        var random = new Random(5);
        var left = _track.Channel(0);
        for (var i = 0; i < left.Length; i++) left[i] = (float)(0.002 * (random.NextDouble() - 0.5));
        var beat = 60.0 / 128;
        for (var b = 0; b * beat < Seconds - 1; b++)
        {
            var start = (int)(b * beat * SampleRate);
            var phase = 0.0;
            for (var i = 0; i < SampleRate / 5; i++)
            {
                var t = (double)i / SampleRate;
                if (b % 2 == 0)
                {
                    phase += 2 * Math.PI * (50 + (70 * Math.Exp(-t / 0.03))) / SampleRate;
                    left[start + i] += (float)(0.8 * Math.Exp(-t / 0.08) * Math.Sin(phase));
                }
                else
                {
                    left[start + i] += (float)(0.3 * Math.Exp(-t / 0.05) * ((2 * random.NextDouble()) - 1));
                }
                var hat = start + (int)(beat * SampleRate / 2) + i;
                if (i < SampleRate / 25 && hat < left.Length) left[hat] += (float)(0.04 * Math.Exp(-t / 0.01) * ((2 * random.NextDouble()) - 1));
            }
        }
        left.CopyTo(_track.Channel(1));
        _trackOneThread = AudioBuffer.Create(2, _track.Frames, SampleRate, ComputeBudget.SingleThreaded);
        _track.Data.CopyTo(_trackOneThread.Data);
        for (var b = 0; b < 64; b++)
        {
            _previous[b] = (float)random.NextDouble();
            _current[b] = (float)random.NextDouble();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _track.Dispose();
        _trackOneThread.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int Onsets_5min_stereo() => OnsetDetector.Analyze(_track).OnsetSeconds.Count;

    [Benchmark]
    public int Onsets_and_beats_5min_stereo() => BeatTracker.Analyze(_track).BeatSeconds.Count;

    [Benchmark]
    public int Onsets_and_beats_5min_stereo_one_thread() => BeatTracker.Analyze(_trackOneThread).BeatSeconds.Count;

    [Benchmark(OperationsPerInvoke = 1000)]
    public float Flux_kernel_64_bands()
    {
        var sum = 0f;
        for (var i = 0; i < 1000; i++) sum += OnsetKernels.Flux(_previous, _current, _scratch);
        return sum;
    }

    [Benchmark(OperationsPerInvoke = 1000)]
    public float Flux_scalar_64_bands()
    {
        var sum = 0f;
        for (var i = 0; i < 1000; i++) sum += OnsetKernels.FluxScalar(_previous, _current);
        return sum;
    }
}
