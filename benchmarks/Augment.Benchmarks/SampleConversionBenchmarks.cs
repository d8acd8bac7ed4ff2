using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Augment.Benchmarks;

/// <summary>
/// Interleaved &lt;-&gt; planar conversion of 48 kHz audio on one thread: the SIMD kernel against its
/// scalar reference (the baseline of each category). One second is the block a streaming stage
/// converts and stays in cache; ten seconds of 5.1 (11.5 MB per side in floats) runs from main memory.
/// Stereo takes the shuffle/permute path; 5.1 (6 channels) the 4x4-transpose path.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class SampleConversionBenchmarks
{
    private int Frames => 48_000 * Seconds;

    private short[] _pcm16 = [];
    private int[] _pcm32 = [];
    private float[] _interleaved = [];
    private float[] _planes = [];

    [Params(1, 10)]
    public int Seconds { get; set; }

    [Params(2, 6)]
    public int Channels { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var samples = Frames * Channels;
        var random = new Random(7);
        _pcm16 = new short[samples];
        _pcm32 = new int[samples];
        _interleaved = new float[samples];
        for (var i = 0; i < samples; i++)
        {
            var value = random.NextSingle() * 2f - 1f;
            _interleaved[i] = value;
            _pcm16[i] = (short)(value * 32767f);
            _pcm32[i] = (int)(value * int.MaxValue);
        }
        _planes = new float[samples];
        _interleaved.CopyTo(_planes, 0);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("16-bit to planar")]
    public void Pcm16_to_planar_scalar() => SampleKernels.DeinterleaveScalar(_pcm16, _planes, Frames, Channels);

    [Benchmark, BenchmarkCategory("16-bit to planar")]
    public void Pcm16_to_planar_simd() => SampleKernels.Deinterleave(_pcm16, _planes, Frames, Channels);

    [Benchmark(Baseline = true), BenchmarkCategory("32-bit to planar")]
    public void Pcm32_to_planar_scalar() => SampleKernels.DeinterleaveScalar(_pcm32, _planes, Frames, Channels);

    [Benchmark, BenchmarkCategory("32-bit to planar")]
    public void Pcm32_to_planar_simd() => SampleKernels.Deinterleave(_pcm32, _planes, Frames, Channels);

    [Benchmark(Baseline = true), BenchmarkCategory("float to planar")]
    public void Float_to_planar_scalar() => SampleKernels.DeinterleaveScalar(_interleaved, _planes, Frames, Channels);

    [Benchmark, BenchmarkCategory("float to planar")]
    public void Float_to_planar_simd() => SampleKernels.Deinterleave(_interleaved, _planes, Frames, Channels);

    [Benchmark(Baseline = true), BenchmarkCategory("planar to float")]
    public void Planar_to_float_scalar() => SampleKernels.InterleaveScalar(_planes, Frames, Channels, _interleaved);

    [Benchmark, BenchmarkCategory("planar to float")]
    public void Planar_to_float_simd() => SampleKernels.Interleave(_planes, Frames, Channels, _interleaved);

    [Benchmark(Baseline = true), BenchmarkCategory("planar to 16-bit")]
    public void Planar_to_pcm16_scalar() => SampleKernels.InterleaveScalar(_planes, Frames, Channels, _pcm16);

    [Benchmark, BenchmarkCategory("planar to 16-bit")]
    public void Planar_to_pcm16_simd() => SampleKernels.Interleave(_planes, Frames, Channels, _pcm16);
}
