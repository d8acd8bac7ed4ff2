using Augment.Audio;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Augment.Benchmarks;

/// <summary>
/// Speech noise reduction, the speed case: 10 s of 48 kHz mono noisy speech-like signal (harmonic syllables
/// in white noise at 5 dB SNR), one thread. "Reducer": the classic setting (log-MMSE, decision-directed weight 0.98,
/// 12 dB; the old default, baseline) against the default OM-LSA at 20 dB. "Gain kernel": one 513-bin frame of the
/// log-MMSE gain, the scalar loop (baseline) against the Vector256 path. "Learned": the built-in SpeechDenoiser model
/// (resampled to 16 kHz and back, ONNX Runtime on one thread). Real-time factor = 10 s / the mean time.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class DenoiseBenchmarks
{
    private const int Rate = 48000;
    private const int Bins = 513;

    private AudioBuffer _noisy = null!;
    private NoiseReducer _classic = null!;
    private NoiseReducer _default = null!;
    private OnnxModel _model = null!;
    private LearnedNoiseReducer _learned = null!;
    private readonly float[] _xi = new float[Bins];
    private readonly float[] _gamma = new float[Bins];
    private readonly float[] _gain = new float[Bins];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _noisy = AudioBuffer.Create(1, 10 * Rate, Rate);
        var x = _noisy.Channel(0);
        var phase = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            // 200 ms syllables at a 3 Hz rate over a 130 Hz harmonic buzz, white noise underneath (about 5 dB SNR).
            var t = (double)i / Rate;
            phase += 2 * Math.PI * 130 * (1 + (0.1 * Math.Sin(2 * Math.PI * 1.3 * t))) / Rate;
            var gate = (t * 3 % 1) < 0.6 ? 1.0 : 0.0;
            double voice = 0;
            for (var h = 1; h <= 20; h++) voice += Math.Sin(h * phase) / h;
            x[i] = (float)((0.2 * gate * voice) + (0.06 * ((2 * random.NextDouble()) - 1)));
        }
        var one = ComputeBudget.Default with { MaxThreads = 1 };
        _classic = new NoiseReducer(new NoiseReducerOptions { ReductionDb = 12, Gain = NoiseReductionGain.LogMmse, DecisionDirectedAlpha = 0.98, Budget = one });
        _default = new NoiseReducer(new NoiseReducerOptions { Budget = one });
        _model = SpeechDenoiser.LoadModel(new OnnxModelOptions { ExecutionProvider = OnnxExecutionProvider.Cpu, Budget = one });
        _learned = new LearnedNoiseReducer(_model, SpeechDenoiser.Options with { Budget = one });
        for (var k = 0; k < Bins; k++)
        {
            _xi[k] = (float)Math.Pow(10, -2 + (4 * random.NextDouble()));
            _gamma[k] = (float)Math.Pow(10, -1 + (3 * random.NextDouble()));
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _noisy.Dispose();
        _model.Dispose();
    }

    [Benchmark(Baseline = true, Description = "classic log-MMSE 12 dB (10 s, 48 kHz mono)")]
    [BenchmarkCategory("Reducer")]
    public void Classic()
    {
        using var output = _classic.Process(_noisy);
    }

    [Benchmark(Description = "default OM-LSA 20 dB (10 s, 48 kHz mono)")]
    [BenchmarkCategory("Reducer")]
    public void OmLsaDefault()
    {
        using var output = _default.Process(_noisy);
    }

    [Benchmark(Description = "built-in learned model (10 s, 48 kHz mono, via 16 kHz)")]
    [BenchmarkCategory("Reducer")]
    public void Learned()
    {
        using var output = _learned.Process(_noisy);
    }

    [Benchmark(Baseline = true, Description = "log-MMSE gain, scalar (513 bins)")]
    [BenchmarkCategory("Gain kernel")]
    public void GainScalar() => DenoiseKernels.LogMmseGainScalar(_xi, _gamma, _gain);

    [Benchmark(Description = "log-MMSE gain, Vector256 (513 bins)")]
    [BenchmarkCategory("Gain kernel")]
    public void GainSimd() => DenoiseKernels.LogMmseGain(_xi, _gamma, _gain);
}
