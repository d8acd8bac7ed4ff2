using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Augment.Benchmarks;

/// <summary>
/// Interleaved &lt;-&gt; planar pixel conversion of one frame on one thread: the SIMD kernel against its
/// scalar reference (the baseline of each category). A 1920 x 1080 frame (25-66 MB of input and output
/// for RGB/RGBA floats) runs from main memory; a 640 x 360 frame stays in the last-level cache, which
/// separates the kernels' own speed from the memory bandwidth that bounds the float copies at 1080p.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class PixelConversionBenchmarks
{
    private int _pixels;

    private byte[] _bytes = [];
    private ushort[] _words = [];
    private float[] _floats = [];
    private float[] _planes = [];
    private int[] _order = [];

    /// <summary>Layout and frame size, e.g. "Rgba 1920x1080".</summary>
    [Params("Gray 1920x1080", "Rgb 1920x1080", "Rgba 1920x1080", "Rgb 640x360", "Rgba 640x360")]
    public string Frame { get; set; } = "Rgba 1920x1080";

    [GlobalSetup]
    public void Setup()
    {
        var parts = Frame.Split(' ', 'x');
        _order = Enum.Parse<PixelLayout>(parts[0]).PlaneOrder().ToArray();
        _pixels = int.Parse(parts[1]) * int.Parse(parts[2]);
        var samples = _pixels * _order.Length;
        var random = new Random(42);
        _bytes = new byte[samples];
        random.NextBytes(_bytes);
        _words = new ushort[samples];
        for (var i = 0; i < samples; i++) _words[i] = (ushort)random.Next(65536);
        _floats = new float[samples];
        for (var i = 0; i < samples; i++) _floats[i] = random.NextSingle();
        _planes = new float[samples];
        _floats.CopyTo(_planes, 0);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("8-bit to planar")]
    public void Bytes_to_planar_scalar() => PixelKernels.DeinterleaveScalar(_bytes, _planes, _pixels, _pixels, _order);

    [Benchmark, BenchmarkCategory("8-bit to planar")]
    public void Bytes_to_planar_simd() => PixelKernels.Deinterleave(_bytes, _planes, _pixels, _pixels, _order);

    [Benchmark(Baseline = true), BenchmarkCategory("16-bit to planar")]
    public void Words_to_planar_scalar() => PixelKernels.DeinterleaveScalar(_words, _planes, _pixels, _pixels, _order);

    [Benchmark, BenchmarkCategory("16-bit to planar")]
    public void Words_to_planar_simd() => PixelKernels.Deinterleave(_words, _planes, _pixels, _pixels, _order);

    [Benchmark(Baseline = true), BenchmarkCategory("float to planar")]
    public void Floats_to_planar_scalar() => PixelKernels.DeinterleaveScalar(_floats, _planes, _pixels, _pixels, _order);

    [Benchmark, BenchmarkCategory("float to planar")]
    public void Floats_to_planar_simd() => PixelKernels.Deinterleave(_floats, _planes, _pixels, _pixels, _order);

    [Benchmark(Baseline = true), BenchmarkCategory("planar to 8-bit")]
    public void Planar_to_bytes_scalar() => PixelKernels.InterleaveScalar(_planes, _pixels, _bytes, _pixels, _order);

    [Benchmark, BenchmarkCategory("planar to 8-bit")]
    public void Planar_to_bytes_simd() => PixelKernels.Interleave(_planes, _pixels, _bytes, _pixels, _order);

    [Benchmark(Baseline = true), BenchmarkCategory("planar to 16-bit")]
    public void Planar_to_words_scalar() => PixelKernels.InterleaveScalar(_planes, _pixels, _words, _pixels, _order);

    [Benchmark, BenchmarkCategory("planar to 16-bit")]
    public void Planar_to_words_simd() => PixelKernels.Interleave(_planes, _pixels, _words, _pixels, _order);

    [Benchmark(Baseline = true), BenchmarkCategory("planar to float")]
    public void Planar_to_floats_scalar() => PixelKernels.InterleaveScalar(_planes, _pixels, _floats, _pixels, _order);

    [Benchmark, BenchmarkCategory("planar to float")]
    public void Planar_to_floats_simd() => PixelKernels.Interleave(_planes, _pixels, _floats, _pixels, _order);
}
