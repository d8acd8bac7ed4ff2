using Augment.Audio;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using MathNet.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace Augment.Benchmarks;

/// <summary>
/// One forward transform on one thread, plans built in setup (as a streaming caller would hold
/// them): Augment's complex split-array FFT and real-input FFT (half spectrum), each against
/// MathNet.Numerics 5 (managed provider, single-threaded) as the baseline of its category, plus
/// Augment's real round trip. Sizes 256..65536 cover STFT frames up to long convolution partitions;
/// 65536 complex points (512 KiB) no longer fit in L2 on most cores. Complex inputs are copied back
/// before each transform (a few percent of the time, on both sides): transforming the same array
/// over and over would overflow to infinities. MathNet's real transform works in place, so its
/// input is copied too; Augment's reads the signal and writes separate bin arrays.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class FftBenchmarks
{
    private FftPlan _complex = null!;
    private RealFftPlan _real = null!;
    private float[] _re = [];
    private float[] _im = [];
    private float[] _sourceRe = [];
    private float[] _sourceIm = [];
    private float[] _signal = [];
    private float[] _binsRe = [];
    private float[] _binsIm = [];
    private Complex32[] _mathNetSource = [];
    private Complex32[] _mathNet = [];
    private float[] _mathNetReal = [];

    [Params(256, 1024, 4096, 16384, 65536)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Control.UseSingleThread();
        Control.UseManaged();
        _complex = FftPlan.Create(Length);
        _real = RealFftPlan.Create(Length);
        var random = new Random(1);
        _re = new float[Length];
        _im = new float[Length];
        _signal = new float[Length];
        _mathNetSource = new Complex32[Length];
        for (var i = 0; i < Length; i++)
        {
            _re[i] = random.NextSingle() - 0.5f;
            _im[i] = random.NextSingle() - 0.5f;
            _signal[i] = random.NextSingle() - 0.5f;
            _mathNetSource[i] = new Complex32(_re[i], _im[i]);
        }
        _sourceRe = _re.ToArray();
        _sourceIm = _im.ToArray();
        _mathNet = new Complex32[Length];
        _mathNetReal = new float[Length + 2];
        _binsRe = new float[_real.BinCount];
        _binsIm = new float[_real.BinCount];
    }

    [Benchmark(Baseline = true), BenchmarkCategory("complex forward")]
    public void MathNet_complex_forward()
    {
        _mathNetSource.CopyTo(_mathNet, 0);
        Fourier.Forward(_mathNet, FourierOptions.NoScaling);
    }

    [Benchmark, BenchmarkCategory("complex forward")]
    public void Complex_forward()
    {
        _sourceRe.CopyTo(_re, 0);
        _sourceIm.CopyTo(_im, 0);
        _complex.Forward(_re, _im);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("real forward")]
    public void MathNet_real_forward()
    {
        _signal.CopyTo(_mathNetReal, 0);
        Fourier.ForwardReal(_mathNetReal, Length, FourierOptions.NoScaling);
    }

    [Benchmark, BenchmarkCategory("real forward")]
    public void Real_forward() => _real.Forward(_signal, _binsRe, _binsIm);

    [Benchmark, BenchmarkCategory("round trip")]
    public void Real_forward_and_inverse()
    {
        _real.Forward(_signal, _binsRe, _binsIm);
        _real.Inverse(_binsRe, _binsIm, _signal);
    }
}
