using System.Diagnostics;
using Augment.Cli.Demo.Media;

namespace Augment.Cli.Demo.Steps;

/// <summary>
/// Builds a 2x pixel-shuffle upscaler (convolution to 4 x channels, then DepthToSpace, the ESPCN
/// layout real super-resolution models use) with nearest-neighbour weights, runs it in tiles, and
/// checks the result against pixel replication computed here: the tiler must infer the 2x scale from
/// the model and place every output tile exactly.
/// </summary>
internal sealed class UpscaleTiledStep : IDemoStep
{
    public const string ModelFileName = "upscale-2x.onnx";
    public const string FileName = "upscaled-2x.ppm";

    public const float Tolerance = 1e-5f;

    public string Name => "upscale";

    public Task<DemoStepResult> RunAsync(DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        var modelPath = context.OutputPath(ModelFileName);
        OnnxGraphBuilder.PixelShuffleUpscaler(3, NearestWeights(3)).Save(modelPath);

        using var model = OnnxModel.Load(modelPath, new OnnxModelOptions { Budget = context.Budget })
            .Expect(ModelSignature.ImageToImage(3, 3));
        var image = context.TestImage;
        context.Progress.Report(new AugmentProgress(Name, 0.1));

        var tiles = SharpenTiledStep.TileOptionsFor(context.ImageSize);
        var tileProgress = new StageProgress(context.Progress, 0.1, 0.8);
        var clock = Stopwatch.StartNew();
        using var upscaled = model.RunTiled(image, tiles, tileProgress, ct);
        var time = clock.Elapsed;

        if (upscaled.Width != image.Width * 2 || upscaled.Height != image.Height * 2 || upscaled.Channels != image.Channels)
            throw new AugmentException($"The 2x upscaler produced {upscaled}, expected {image.Width * 2}x{image.Height * 2}x{image.Channels}.");
        using var reference = ReplicatePixels(image);
        var maxDifference = SampleMath.MaxAbsDifference(reference.Data, upscaled.Data);
        if (!(maxDifference <= Tolerance))
            throw new AugmentException($"Tiled 2x upscale differs from pixel replication by {maxDifference:G3} (tolerance {Tolerance:G1}).");

        var path = context.OutputPath(FileName);
        PortablePixmap.Write(path, upscaled);
        context.Progress.Report(new AugmentProgress(Name, 1));

        var megapixelsPerSecond = image.PixelCount / 1e6 / Math.Max(time.TotalSeconds, 1e-9);
        return Task.FromResult(new DemoStepResult(
            Name,
            $"2x pixel-shuffle upscaler as ONNX on {SharpenTiledStep.ShortProvider(model.ExecutionProvider)}, {tiles.TileSizePixels} px tiles",
            $"{image.Width}x{image.Height} -> {upscaled.Width}x{upscaled.Height}, {tileProgress.ItemsTotal:N0} tiles, max |tiled - reference| {maxDifference:G2}, {megapixelsPerSecond:N1} MP/s",
            [path, modelPath]));
    }

    /// <summary>
    /// Weights [4*channels, channels, 3, 3] whose convolution channel c*4 + k copies the centre tap of
    /// input channel c: after DepthToSpace every input pixel becomes a 2x2 block of itself.
    /// </summary>
    internal static float[] NearestWeights(int channels)
    {
        var weights = new float[4 * channels * channels * 9];
        for (var c = 0; c < channels; c++)
        {
            for (var k = 0; k < 4; k++)
            {
                var outChannel = c * 4 + k;
                weights[((outChannel * channels) + c) * 9 + 4] = 1f; // centre of the 3x3 kernel
            }
        }
        return weights;
    }

    /// <summary>The reference: each pixel copied into a 2x2 block, computed without any model.</summary>
    private static ImageFrame ReplicatePixels(ImageFrame source)
    {
        var result = ImageFrame.Create(source.Width * 2, source.Height * 2, source.Channels, source.ColorSpace, source.HasAlpha, source.Budget);
        for (var c = 0; c < source.Channels; c++)
        {
            for (var y = 0; y < result.Height; y++)
            {
                var from = source.Row(c, y / 2);
                var to = result.Row(c, y);
                for (var x = 0; x < to.Length; x++)
                    to[x] = from[x / 2];
            }
        }
        return result;
    }
}
