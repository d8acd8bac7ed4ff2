using Augment.Audio;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Augment.Benchmarks;

/// <summary>
/// Pitch tracking, the speed case (at least 100x real time for 16 kHz speech): 10 s of 16 kHz mono
/// speech-like sound (vowels of 150–250 ms with gliding f0 between pauses with faint noise), one thread,
/// defaults (60–1000 Hz, 10 ms hop). "Track": YIN (baseline) against pYIN. "Difference": one 25 ms + 16.7 ms
/// frame's difference function summed directly (baseline, the paper's eq. 6) against the FFT form.
/// "Psola": a +3 semitone shift of the same 10 s (tracking included). Real-time factor = 10 s / the mean time.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class PitchBenchmarks
{
    private const int Rate = 16000;

    private float[] _speech = null!;
    private AudioBuffer _buffer = null!;
    private PitchTracker _yin = null!;
    private PitchTracker _pyin = null!;
    private float[] _frame = null!;
    private readonly float[] _difference = new float[269];
    private float[] _scratch = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _speech = new float[10 * Rate];
        double phase = 0;
        for (var i = 0; i < _speech.Length; i++)
        {
            var t = (double)i / Rate;
            var syllable = t * 4 % 1;
            var voiced = syllable < 0.7;
            var f0 = 150 + (60 * Math.Sin(2 * Math.PI * 0.4 * t)) + (20 * syllable);
            phase += f0 / Rate;
            phase -= Math.Floor(phase);
            double voice = 0;
            for (var h = 1; h <= 15; h++) voice += Math.Sin(2 * Math.PI * h * phase) * Math.Exp(-0.25 * h);
            _speech[i] = (float)((voiced ? 0.3 * voice : 0) + (0.003 * ((2 * random.NextDouble()) - 1)));
        }
        _buffer = AudioBuffer.Create(1, _speech.Length, Rate);
        _speech.CopyTo(_buffer.Channel(0));
        var one = ComputeBudget.SingleThreaded;
        _yin = new PitchTracker(new PitchTrackerOptions { Method = PitchMethod.Yin, Budget = one });
        _pyin = new PitchTracker(new PitchTrackerOptions { Method = PitchMethod.PYin, Budget = one });
        _frame = _speech.AsSpan(4000, 400 + _difference.Length - 1).ToArray();
        _scratch = new float[5 * YinKernels.FftLength(_frame.Length)];
    }

    [GlobalCleanup]
    public void Cleanup() => _buffer.Dispose();

    [Benchmark(Baseline = true), BenchmarkCategory("Track")]
    public int Yin() => _yin.Track(_speech, Rate).Count;

    [Benchmark, BenchmarkCategory("Track")]
    public int PYin() => _pyin.Track(_speech, Rate).Count;

    [Benchmark(Baseline = true), BenchmarkCategory("Difference")]
    public float DirectSum()
    {
        YinKernels.DifferenceReference(_frame, 400, _difference);
        return _difference[100];
    }

    [Benchmark, BenchmarkCategory("Difference")]
    public float Fft()
    {
        YinKernels.Difference(_frame, 400, _difference, _scratch);
        return _difference[100];
    }

    [Benchmark, BenchmarkCategory("Psola")]
    public int PitchShift()
    {
        using var shifted = Psola.Process(_buffer, PsolaOptions.Default with { PitchShiftSemitones = 3, Tracker = new PitchTrackerOptions { Budget = ComputeBudget.SingleThreaded } });
        return shifted.Frames;
    }
}
