using Augment.Cli.Demo.Media;

namespace Augment.Cli.Demo.Steps;

/// <summary>
/// Generates the test picture, converts it to a planar <see cref="ImageFrame"/> and back to 8-bit, checks
/// that the round trip is exact, and writes it as PPM.
/// </summary>
internal sealed class TestImageStep : IDemoStep
{
    public const string FileName = "test-image.ppm";

    public string Name => "image";

    public Task<DemoStepResult> RunAsync(DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var size = context.ImageSize;
        var source = context.TestImagePixels;
        var frame = context.TestImage;
        context.Progress.Report(new AugmentProgress("image", 0.3));

        var back = frame.ToPixels8(PixelLayout.Rgb);
        var differences = CountDifferences(source, back, out var first);
        if (differences > 0)
            throw new AugmentException($"8-bit -> ImageFrame -> 8-bit changed {differences} of {source.Length} samples; the first at sample {first}.");
        context.Progress.Report(new AugmentProgress("image", 0.6));

        context.CancellationToken.ThrowIfCancellationRequested();
        var path = context.OutputPath(FileName);
        PortablePixmap.WriteRgb8(path, back, size.Width, size.Height);
        context.Progress.Report(new AugmentProgress("image", 1));

        return Task.FromResult(new DemoStepResult(
            Name,
            "Colour bars, ramps, skin tones: 8-bit -> float32 -> 8-bit",
            $"{size}, {source.Length:N0} samples, 0 differences",
            [path]));
    }

    private static int CountDifferences(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual, out int first)
    {
        first = -1;
        if (expected.Length != actual.Length)
        {
            first = Math.Min(expected.Length, actual.Length);
            return Math.Abs(expected.Length - actual.Length);
        }
        var count = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            if (expected[i] == actual[i]) continue;
            if (count++ == 0) first = i;
        }
        return count;
    }
}
