using System.Runtime.InteropServices;
using Augment.Vision;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Augment.Benchmarks;

/// <summary>
/// Lanczos-3 resize of a 6000 x 4000 RGB picture (24 MP) to 3000 x 2000 (6 MP): Augment's separable
/// SIMD resize against ImageSharp 2.1's <c>Resize</c> with <c>KnownResamplers.Lanczos3</c>, on the
/// same number of threads (ImageSharp's <c>Configuration.MaxDegreeOfParallelism</c>, Augment's
/// <see cref="ComputeBudget.MaxThreads"/>), in both lights (ImageSharp <c>Compand</c> = Augment
/// linear light). Each side starts from its own in-memory form: ImageSharp from an 8-bit
/// <c>Image&lt;Rgb24&gt;</c> (its usual form; it widens to float inside), Augment from a planar float
/// frame; the "from 8-bit" row adds Augment's conversion in and out of interleaved bytes so the
/// work matches ImageSharp's end to end.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class ResizeBenchmarks
{
    private const int SourceWidth = 6000, SourceHeight = 4000, TargetWidth = 3000, TargetHeight = 2000;

    private byte[] _pixels = null!;
    private ImageFrame _frame = null!;
    private Image<Rgb24> _image = null!;
    private Configuration _configuration = null!;

    /// <summary>Threads for both libraries: 1, or every logical core.</summary>
    [Params(1, 0)]
    public int Threads { get; set; }

    /// <summary>Linear light (ImageSharp Compand) or filtering the encoded values.</summary>
    [Params(true, false)]
    public bool LinearLight { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var threads = Threads == 0 ? Environment.ProcessorCount : Threads;
        _pixels = new byte[SourceWidth * SourceHeight * 3];
        var random = new Random(7);
        // Smooth gradients with noise and some hard edges: photographic enough for the caches.
        for (var y = 0; y < SourceHeight; y++)
        {
            for (var x = 0; x < SourceWidth; x++)
            {
                var i = ((y * SourceWidth) + x) * 3;
                var edge = ((x / 300) + (y / 200)) % 2 == 0 ? 40 : 0;
                _pixels[i] = (byte)Math.Clamp((x * 200 / SourceWidth) + edge + random.Next(8), 0, 255);
                _pixels[i + 1] = (byte)Math.Clamp((y * 200 / SourceHeight) + edge + random.Next(8), 0, 255);
                _pixels[i + 2] = (byte)Math.Clamp(((x + y) * 100 / SourceHeight) + random.Next(8), 0, 255);
            }
        }
        var budget = ComputeBudget.Default with { MaxThreads = threads };
        _frame = ImageFrame.FromPixels(_pixels, SourceWidth, SourceHeight, PixelLayout.Rgb, ColorSpace.Srgb, budget);
        _configuration = Configuration.Default.Clone();
        _configuration.MaxDegreeOfParallelism = threads;
        _image = Image.LoadPixelData<Rgb24>(_configuration, _pixels, SourceWidth, SourceHeight);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _frame.Dispose();
        _image.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int ImageSharp_Lanczos3()
    {
        using var result = _image.Clone(x => x.Resize(new SixLabors.ImageSharp.Processing.ResizeOptions
        {
            Size = new Size(TargetWidth, TargetHeight),
            Mode = ResizeMode.Stretch,
            Sampler = KnownResamplers.Lanczos3,
            Compand = LinearLight,
        }));
        return result.Width;
    }

    [Benchmark]
    public int Augment_Lanczos3_float_frame()
    {
        using var result = _frame.Resize(r => r.To(TargetWidth, TargetHeight).Using(ResampleKernel.Lanczos3).InLinearLight(LinearLight));
        return result.Width;
    }

    [Benchmark]
    public int Augment_Lanczos3_from_8_bit()
    {
        using var frame = ImageFrame.FromPixels(_pixels, SourceWidth, SourceHeight, PixelLayout.Rgb, ColorSpace.Srgb, _frame.Budget);
        using var result = frame.Resize(r => r.To(TargetWidth, TargetHeight).Using(ResampleKernel.Lanczos3).InLinearLight(LinearLight));
        var bytes = new byte[TargetWidth * TargetHeight * 3];
        result.CopyPixelsTo(bytes, PixelLayout.Rgb);
        return MemoryMarshal.GetArrayDataReference(bytes);
    }
}
