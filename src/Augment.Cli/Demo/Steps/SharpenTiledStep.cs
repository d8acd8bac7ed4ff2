using System.Diagnostics;
using Augment.Cli.Demo.Media;

namespace Augment.Cli.Demo.Steps;

/// <summary>
/// Builds a 3x3 sharpening convolution as an ONNX model, loads it with its signature checked, runs it
/// on the test picture whole and in overlapping tiles, and checks that the tiled result equals the
/// whole-image result (the tiler's promise: no seams).
/// </summary>
internal sealed class SharpenTiledStep : IDemoStep
{
    public const string ModelFileName = "sharpen-3x3.onnx";
    public const string FileName = "sharpened.ppm";

    /// <summary>Tiled and whole outputs may differ by float rounding only.</summary>
    public const float Tolerance = 1e-5f;

    /// <summary>The classic 4-neighbour sharpen: 5 x centre minus the four neighbours (sums to 1).</summary>
    private static readonly float[] Kernel = [0, -1, 0, -1, 5, -1, 0, -1, 0];

    public string Name => "sharpen";

    public Task<DemoStepResult> RunAsync(DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        var modelPath = context.OutputPath(ModelFileName);
        OnnxGraphBuilder.DepthwiseConv3x3(3, Kernel).Save(modelPath);

        using var model = OnnxModel.Load(modelPath, new OnnxModelOptions { Budget = context.Budget })
            .Expect(ModelSignature.ImageToImage(3, 3));
        var image = context.TestImage;
        context.Progress.Report(new AugmentProgress(Name, 0.1));

        var clock = Stopwatch.StartNew();
        using var whole = model.Run(image, ct);
        var wholeTime = clock.Elapsed;
        context.Progress.Report(new AugmentProgress(Name, 0.3));

        var tiles = TileOptionsFor(context.ImageSize);
        var tileProgress = new StageProgress(context.Progress, 0.3, 0.9);
        clock.Restart();
        using var tiled = model.RunTiled(image, tiles, tileProgress, ct);
        var tiledTime = clock.Elapsed;

        var maxDifference = SampleMath.MaxAbsDifference(whole.Data, tiled.Data);
        if (!(maxDifference <= Tolerance))
            throw new AugmentException($"Tiled inference differs from the whole-image run by {maxDifference:G3} (tolerance {Tolerance:G1}): a seam.");

        var path = context.OutputPath(FileName);
        PortablePixmap.Write(path, tiled);
        context.Progress.Report(new AugmentProgress(Name, 1));

        return Task.FromResult(new DemoStepResult(
            Name,
            $"3x3 sharpen as ONNX on {ShortProvider(model.ExecutionProvider)}: whole image vs {tiles.TileSizePixels} px tiles",
            $"{Count(tileProgress.ItemsTotal)} tiles, max |tiled - whole| {maxDifference:G2}; whole {wholeTime.TotalMilliseconds:N0} ms, tiled {tiledTime.TotalMilliseconds:N0} ms",
            [path, modelPath]));
    }

    /// <summary>Tiles about a third of the shorter side (so there are always several), 32..256 pixels.</summary>
    internal static TileOptions TileOptionsFor(ImageSize size) => new()
    {
        TileSizePixels = Math.Clamp(Math.Min(size.Width, size.Height) / 3, 32, 256),
        OverlapPixels = 16,
    };

    /// <summary>"CPU" for "CPUExecutionProvider": the table has little room.</summary>
    internal static string ShortProvider(string provider) =>
        provider.EndsWith("ExecutionProvider", StringComparison.Ordinal) ? provider[..^"ExecutionProvider".Length] : provider;

    private static string Count(long items) => items > 0 ? items.ToString("N0") : "?";
}
