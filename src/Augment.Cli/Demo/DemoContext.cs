using Augment.Cli.Demo.Media;

namespace Augment.Cli.Demo;

/// <summary>
/// What every demo step shares: where to write, how big the test picture is, the cancellation token,
/// the progress sink of the running step, and the generated test media (made once, on first use, and
/// owned here so that later steps work on the same picture and sound as earlier ones).
/// </summary>
internal sealed class DemoContext : IDisposable
{
    private byte[]? _testImagePixels;
    private ImageFrame? _testImage;
    private AudioBuffer? _testTone;

    public DemoContext(string outputDirectory, ImageSize imageSize, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        OutputDirectory = Path.GetFullPath(outputDirectory);
        ImageSize = imageSize;
        CancellationToken = cancellationToken;
    }

    /// <summary>Folder that receives every output (full path; it exists once the demo starts).</summary>
    public string OutputDirectory { get; }

    /// <summary>Size of the generated test picture.</summary>
    public ImageSize ImageSize { get; }

    /// <summary>Cancelled by Ctrl+C.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Where the running step reports progress; the runner points it at that step's bar.</summary>
    public IProgress<AugmentProgress> Progress { get; set; } = SilentProgress.Instance;

    /// <summary>Threads and memory the steps may use.</summary>
    public ComputeBudget Budget { get; init; } = ComputeBudget.Default;

    /// <summary>Sample rate of the generated test tone in hertz.</summary>
    public int ToneSampleRate { get; init; } = 48_000;

    /// <summary>Frequency of the generated test tone in hertz (997 Hz: not a divisor of common rates).</summary>
    public double ToneFrequencyHz { get; init; } = 997;

    /// <summary>Length of the generated test tone.</summary>
    public TimeSpan ToneDuration { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The full path of an output file called <paramref name="fileName"/>.</summary>
    public string OutputPath(string fileName) => Path.Combine(OutputDirectory, fileName);

    /// <summary>The test picture as interleaved 8-bit RGB, generated on first use.</summary>
    public ReadOnlySpan<byte> TestImagePixels =>
        _testImagePixels ??= TestImages.ColorBarsRgb8(ImageSize.Width, ImageSize.Height);

    /// <summary>The test picture as a planar sRGB frame, generated on first use.</summary>
    public ImageFrame TestImage =>
        _testImage ??= ImageFrame.FromPixels(TestImagePixels, ImageSize.Width, ImageSize.Height, PixelLayout.Rgb, ColorSpace.Srgb, Budget);

    /// <summary>The stereo test tone, generated on first use.</summary>
    public AudioBuffer TestTone =>
        _testTone ??= TestSignals.StereoTone(ToneFrequencyHz, ToneSampleRate, (int)Math.Round(ToneDuration.TotalSeconds * ToneSampleRate), Budget);

    public void Dispose()
    {
        _testImage?.Dispose();
        _testTone?.Dispose();
        _testImage = null;
        _testTone = null;
    }
}
