using Augment.Vision;
using BenchmarkDotNet.Attributes;

namespace Augment.Benchmarks;

/// <summary>
/// Shot detection's per-frame work on a decoded 1080p RGB frame (1920 x 1080, float planes): the box
/// downsize to the 160-pixel analysis image, HSV histogram, Sobel edges with dilation, edge change ratio,
/// Laplacian sharpness and the dissolve triple. Decoding is not included (see docs/vision-library-shots.md for end-to-end numbers).
/// </summary>
[MemoryDiagnoser]
public class ShotDetectionBenchmarks
{
    private ImageFrame[] _frames = null!;
    private ShotFeatureExtractor _extractor = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        const int width = 1920, height = 1080;
        var random = new Random(1);
        _frames = new ImageFrame[2];
        for (var f = 0; f < _frames.Length; f++)
        {
            _frames[f] = ImageFrame.Create(width, height, 3);
            for (var c = 0; c < 3; c++)
            {
                for (var y = 0; y < height; y++)
                {
                    var row = _frames[f].Row(c, y);
                    for (var x = 0; x < width; x++)
                        row[x] = (float)Math.Clamp((0.3 * (((x + (f * 7)) / 40) % 2)) + (0.4 * y / height) + (0.05 * random.NextDouble()) + (0.1 * c), 0, 1);
                }
            }
        }
        _extractor = new ShotFeatureExtractor(width, height, ShotDetectionOptions.Default.AnalysisWidthPixels, ShotDetector.HalfWindow(25));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var frame in _frames) frame.Dispose();
    }

    /// <summary>One 1080p frame through the feature extractor (alternating two frames so every change score is real).</summary>
    [Benchmark]
    public int Features1080p()
    {
        _extractor.Add(_frames[_next++ & 1]);
        return _extractor.Features.Count;
    }
}
