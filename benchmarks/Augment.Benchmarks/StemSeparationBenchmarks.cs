using Augment.Audio;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Augment.Benchmarks;

/// <summary>
/// Model-free stem separation, the speed case: HPSS of a 5-minute stereo 44.1 kHz track on ONE thread
/// (target ≥ 20x real time: under 15 s), plus the median-filter kernels on one 31-wide row pass (sliding sorted
/// window against sorting every window, the scalar baseline), and REPET-SIM / NMF on 30 s mono for scale.
/// The track is synthetic (tones, a pitched kick and noise hits) so the run needs no files.
/// Real-time factor = track seconds / mean time.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class StemSeparationBenchmarks
{
    private const int Rate = 44100;
    private static readonly ComputeBudget One = ComputeBudget.Default with { MaxThreads = 1 };

    private AudioBuffer _track = null!;
    private AudioBuffer _short = null!;
    private HarmonicPercussiveSeparator _hpss = null!;
    private RepetSimSeparator _repet = null!;
    private NmfSeparator _nmf = null!;
    private float[] _row = null!;
    private float[] _filtered = null!;
    private float[] _scratch = null!;

    /// <summary>Builds the track and the separators.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _track = Track(2, 300);
        _short = Track(1, 30);
        _hpss = new HarmonicPercussiveSeparator(new HpssOptions { Budget = One });
        _repet = new RepetSimSeparator(new RepetSimOptions { Budget = One });
        _nmf = new NmfSeparator(new NmfOptions { Budget = One, Iterations = 50 });
        var random = new Random(3);
        _row = new float[25_840];
        for (var i = 0; i < _row.Length; i++) _row[i] = random.NextSingle();
        _filtered = new float[_row.Length];
        _scratch = new float[31];
    }

    /// <summary>Releases the buffers.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _track.Dispose();
        _short.Dispose();
    }

    /// <summary>A tone bed with a kick every 0.5 s and noise hits every 0.25 s.</summary>
    internal static AudioBuffer Track(int channels, int seconds)
    {
        var buffer = AudioBuffer.Create(channels, seconds * Rate, Rate);
        var random = new Random(11);
        for (var c = 0; c < channels; c++)
        {
            var x = buffer.Channel(c);
            for (var i = 0; i < x.Length; i++)
            {
                var t = (double)i / Rate;
                var beat = i % (Rate / 2);
                var hit = i % (Rate / 4);
                var tones = (0.1 * Math.Sin(2 * Math.PI * 220 * t)) + (0.07 * Math.Sin(2 * Math.PI * 277.18 * t)) + (0.05 * Math.Sin(2 * Math.PI * (330 + (c * 0.5)) * t));
                var kick = 0.5 * Math.Exp(-beat / (0.05 * Rate)) * Math.Sin(2 * Math.PI * 55 * beat / Rate);
                var noise = 0.2 * Math.Exp(-hit / (0.02 * Rate)) * ((random.NextDouble() * 2) - 1);
                x[i] = (float)(tones + kick + noise);
            }
        }
        return buffer;
    }

    /// <summary>HPSS of 5 minutes of stereo, one thread.</summary>
    [Benchmark]
    [BenchmarkCategory("Separate")]
    public int Hpss5MinStereo()
    {
        using var stems = _hpss.Separate(_track);
        return stems.Frames;
    }

    /// <summary>REPET-SIM of 30 s mono (±12 s similarity band), one thread.</summary>
    [Benchmark]
    [BenchmarkCategory("Separate")]
    public int RepetSim30SecMono()
    {
        using var stems = _repet.Separate(_short);
        return stems.Frames;
    }

    /// <summary>NMF (16 components, 50 KL iterations) of 30 s mono, one thread.</summary>
    [Benchmark]
    [BenchmarkCategory("Separate")]
    public int Nmf30SecMono()
    {
        using var stems = _nmf.Separate(_short);
        return stems.Frames;
    }

    /// <summary>Median of every 31-wide window of a 25 840-value row by sorting each window (the reference).</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Median row")]
    public float MedianScalar()
    {
        MedianFilterKernels.ScalarRow(_row, 31, _filtered);
        return _filtered[100];
    }

    /// <summary>The same row with the sliding sorted window.</summary>
    [Benchmark]
    [BenchmarkCategory("Median row")]
    public float MedianSliding()
    {
        MedianFilterKernels.SlidingRow(_row, 31, _filtered, _scratch);
        return _filtered[100];
    }
}
