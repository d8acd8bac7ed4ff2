using Augment.Provenance.Watermarks;
using BenchmarkDotNet.Attributes;

namespace Augment.Benchmarks;

/// <summary>
/// Invisible image watermark on a 12-megapixel RGB frame (issue target: embed and detect each under 500 ms).
/// Detect is measured on a marked image (the uncropped alignment decodes at once) and on an unmarked one (the
/// worst case: every crop ratio is searched).
/// </summary>
[MemoryDiagnoser]
public class WatermarkBenchmarks
{
    private static readonly WatermarkPayload Payload = new(0x0123456789ABCDEFUL);

    private ImageFrame _frame = null!;
    private ImageFrame _marked = null!;
    private ImageWatermarkOptions _options = null!;

    /// <summary>Threads allowed (1 = one core, as the other targets).</summary>
    [Params(1, 0)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        const int width = 4000, height = 3000;
        _frame = ImageFrame.Create(width, height, 3);
        var random = new Random(1);
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < height; y++)
            {
                var row = _frame.Row(c, y);
                for (var x = 0; x < width; x++)
                    row[x] = (float)(0.5 + 0.3 * Math.Sin(x * 0.003 + c) * Math.Cos(y * 0.004) + 0.05 * (random.NextDouble() - 0.5));
            }
        }
        _options = new ImageWatermarkOptions { Budget = Threads == 0 ? ComputeBudget.Default : ComputeBudget.Default with { MaxThreads = Threads } };
        _marked = ImageWatermark.Embed(_frame, Payload, _options);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _frame.Dispose();
        _marked.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void Embed()
    {
        using var marked = ImageWatermark.Embed(_frame, Payload, _options);
    }

    [Benchmark]
    public bool DetectMarked() => ImageWatermark.Detect(_marked, _options).Found;

    [Benchmark]
    public bool DetectUnmarkedFullSearch() => ImageWatermark.Detect(_frame, _options).Found;
}
