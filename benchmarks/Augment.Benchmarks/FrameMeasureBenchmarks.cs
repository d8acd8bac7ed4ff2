using Augment.Splat.Training;
using BenchmarkDotNet.Attributes;

namespace Augment.Benchmarks;

/// <summary>
/// The per-frame work of <c>FrameSelector</c> at its default sizes: the focus/exposure/directional-blur pass on a
/// 640x360 luma image (scalar reference as baseline, the SIMD kernel on one and two threads), and the motion estimate
/// between two 256x144 luma images (one-pass phase correlation as the analyser runs it, and the precise two-pass
/// estimate with upsampled-DFT refinement).
/// </summary>
[MemoryDiagnoser]
public class FrameMeasureBenchmarks
{
    private const int Width = 640, Height = 360, MotionWidth = 256, MotionHeight = 144;
    private float[] _luma = [];
    private float[] _a = [];
    private float[] _b = [];
    private PhaseCorrelator _correlator = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _luma = new float[Width * Height];
        for (var i = 0; i < _luma.Length; i++) _luma[i] = (float)random.NextDouble();
        _a = new float[MotionWidth * MotionHeight];
        _b = new float[MotionWidth * MotionHeight];
        for (var y = 0; y < MotionHeight; y++)
        {
            for (var x = 0; x < MotionWidth; x++)
            {
                _a[(y * MotionWidth) + x] = _luma[(y * Width) + x];
                _b[(y * MotionWidth) + x] = _luma[(y * Width) + x + 3];
            }
        }
        _correlator = new PhaseCorrelator(MotionWidth, MotionHeight);
    }

    [Benchmark(Baseline = true)]
    public double MeasureScalar() => FrameMeasureKernels.MeasureReference(_luma, Width, Height).LaplacianVariance;

    [Benchmark]
    public double MeasureSimd() => FrameMeasureKernels.Measure(_luma, Width, Height, 1).LaplacianVariance;

    [Benchmark]
    public double MeasureSimdTwoThreads() => FrameMeasureKernels.Measure(_luma, Width, Height, 2).LaplacianVariance;

    [Benchmark]
    public double MotionOnePass() => _correlator.Register(_a, _b, precise: false).Dx;

    [Benchmark]
    public double MotionPrecise() => _correlator.Register(_a, _b, precise: true).Dx;
}
