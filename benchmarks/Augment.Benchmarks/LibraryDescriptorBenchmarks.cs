using Augment.Library;
using Augment.Vision;
using BenchmarkDotNet.Attributes;

namespace Augment.Benchmarks;

/// <summary>
/// Model-free descriptors (docs/library-descriptors.md): <see cref="ImageDescriptors.Compute"/> of a 1920x1080 keyframe
/// and of a 455x256 one (the scan's default analysis size), the measures on the 128x72 analysis picture alone, the box
/// downscale alone, and, for comparison, Vision's Lanczos-3 linear-light resize to the same 128x72 that the
/// descriptors could have used instead of the box average. The picture is the smooth three-sine pattern that
/// benchmarks/peers/descriptors-vs-numpy.py builds too.
/// </summary>
[MemoryDiagnoser]
public class LibraryDescriptorBenchmarks
{
    private ImageFrame _hd = null!;
    private ImageFrame _keyframe = null!;
    private ImageFrame _small = null!;

    /// <summary>Threads allowed (1 = one core; 0 = all).</summary>
    [Params(1, 0)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var budget = Threads == 0 ? ComputeBudget.Default : ComputeBudget.Default with { MaxThreads = Threads };
        _hd = Pattern(1920, 1080, budget);
        _keyframe = Pattern(455, 256, budget);
        _small = DescriptorKernels.BoxDownscale(_hd, 128, 72, CancellationToken.None);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _hd.Dispose();
        _keyframe.Dispose();
        _small.Dispose();
    }

    /// <summary>Every descriptor of a 1920x1080 keyframe.</summary>
    [Benchmark(Baseline = true)]
    public double Descriptors1080p() => ImageDescriptors.Compute(_hd).Colorfulness;

    /// <summary>Every descriptor of a 455x256 keyframe.</summary>
    [Benchmark]
    public double Descriptors455x256() => ImageDescriptors.Compute(_keyframe).Colorfulness;

    /// <summary>The measures after the downscale (CIELAB, statistics, k-means, names) on the 128x72 picture.</summary>
    [Benchmark]
    public double Measure128x72() => DescriptorKernels.Measure(_small, 5).Colorfulness;

    /// <summary>The box downscale of the 1080p frame to 128x72 alone.</summary>
    [Benchmark]
    public int BoxDownscale1080p()
    {
        using var small = DescriptorKernels.BoxDownscale(_hd, 128, 72, CancellationToken.None);
        return small.Width;
    }

    /// <summary>Vision's default resize (Lanczos-3, linear light) of the 1080p frame to 128x72.</summary>
    [Benchmark]
    public int LanczosResize1080p()
    {
        using var small = _hd.Resize(128, 72);
        return small.Width;
    }

    /// <summary>The pattern the peer script computes too: three slanted sines, sRGB-encoded 0.05..0.95.</summary>
    internal static ImageFrame Pattern(int width, int height, ComputeBudget budget)
    {
        var frame = ImageFrame.Create(width, height, 3, budget: budget);
        for (var y = 0; y < height; y++)
        {
            var r = frame.Row(0, y);
            var g = frame.Row(1, y);
            var b = frame.Row(2, y);
            for (var x = 0; x < width; x++)
            {
                r[x] = (float)(0.5 + 0.45 * Math.Sin(x * 0.013 + y * 0.007));
                g[x] = (float)(0.5 + 0.45 * Math.Sin(x * 0.005 - y * 0.011 + 1.0));
                b[x] = (float)(0.5 + 0.45 * Math.Sin((x + y) * 0.003 + 2.0));
            }
        }
        return frame;
    }
}
