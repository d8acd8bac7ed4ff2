using Augment.Audio;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Augment.Benchmarks;

/// <summary>
/// Phase vocoder, the voice tools' hot path: 10 s of 44.1 kHz mono harmonic tone with vibrato (2048-point frames,
/// hop 512), one thread. "Stretch": ×1.5 with identity phase locking (baseline) against no locking; "Shift":
/// +3 semitones without (baseline) and with formant preservation (12 true-envelope iterations per frame).
/// "Rotate": one 1025-bin frame's phase rotation, the scalar loop (baseline) against the TensorPrimitives path.
/// Real-time factor = 10 s / the mean time.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class PhaseVocoderBenchmarks
{
    private const int Rate = 44100;
    private const int Bins = 1025;

    private AudioBuffer _voice = null!;
    private PhaseVocoder _locked = null!;
    private PhaseVocoder _loose = null!;
    private PhaseVocoder _formants = null!;
    private readonly float[] _re = new float[Bins];
    private readonly float[] _im = new float[Bins];
    private readonly float[] _rotation = new float[Bins];
    private readonly float[] _gain = new float[Bins];
    private readonly float[] _sin = new float[Bins];
    private readonly float[] _cos = new float[Bins];
    private readonly float[] _outRe = new float[Bins];
    private readonly float[] _outIm = new float[Bins];

    [GlobalSetup]
    public void Setup()
    {
        _voice = AudioBuffer.Create(1, 10 * Rate, Rate, ComputeBudget.SingleThreaded);
        var x = _voice.Channel(0);
        var phase = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            phase += 2 * Math.PI * 140 * (1 + (0.03 * Math.Sin(2 * Math.PI * 5 * i / Rate))) / Rate;
            double v = 0;
            for (var h = 1; h <= 20; h++) v += Math.Sin(h * phase) / h;
            x[i] = (float)(0.2 * v);
        }
        _locked = new PhaseVocoder();
        _loose = new PhaseVocoder(new PhaseVocoderOptions { PhaseLocking = PhaseLocking.None });
        _formants = new PhaseVocoder(new PhaseVocoderOptions { PreserveFormants = true });
        var random = new Random(1);
        for (var b = 0; b < Bins; b++)
        {
            _re[b] = (float)random.NextDouble();
            _im[b] = (float)random.NextDouble();
            _rotation[b] = (float)((random.NextDouble() * 6.28) - 3.14);
            _gain[b] = 1;
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _voice.Dispose();

    [Benchmark(Baseline = true), BenchmarkCategory("Stretch")]
    public int StretchLocked()
    {
        using var y = _locked.Stretch(_voice, 1.5);
        return y.Frames;
    }

    [Benchmark, BenchmarkCategory("Stretch")]
    public int StretchUnlocked()
    {
        using var y = _loose.Stretch(_voice, 1.5);
        return y.Frames;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Shift")]
    public int Shift()
    {
        using var y = _locked.ShiftPitch(_voice, 3);
        return y.Frames;
    }

    [Benchmark, BenchmarkCategory("Shift")]
    public int ShiftPreservingFormants()
    {
        using var y = _formants.ShiftPitch(_voice, 3);
        return y.Frames;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Rotate")]
    public float RotateScalar()
    {
        PhaseVocoderKernels.RotateScalar(_re, _im, _rotation, _gain, _outRe, _outIm);
        return _outRe[7];
    }

    [Benchmark, BenchmarkCategory("Rotate")]
    public float RotateVector()
    {
        PhaseVocoderKernels.Rotate(_re, _im, _rotation, _gain, _sin, _cos, _outRe, _outIm);
        return _outRe[7];
    }
}
