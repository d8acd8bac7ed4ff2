using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Augment.Vision;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment image style &lt;in&gt; --model style.onnx --out &lt;file&gt;</c> runs a feed-forward style
/// network (0–255 RGB, tiled); without a model, <c>--reference still.jpg --grain 0.3 --grain-size 1.5</c>
/// gives the classical film look (colour statistics of the still plus seeded grain).
/// </summary>
internal static class StyleCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = new Argument<string>("input") { Description = "The image to restyle.", HelpName = "input" };
        input.AcceptLegalFilePathsOnly();
        var output = new Option<string>("--out", "-o") { Description = "Where to write the result (.png, .jpg, .tif, .webp, .bmp); written atomically.", HelpName = "file", Required = true };
        output.AcceptLegalFilePathsOnly();
        var model = new Option<string?>("--model") { Description = "A fast style-transfer ONNX model: float NCHW [n, 3, h, w] RGB in 0..255 in, the same shape out.", HelpName = "style.onnx" };
        var strength = new Option<float>("--strength") { Description = "Mix of the stylised result with the original, 0..1 (model only).", HelpName = "0..1", DefaultValueFactory = _ => 1f };
        var tile = new Option<int>("--tile") { Description = "Tile size for model runs, pixels.", HelpName = "pixels", DefaultValueFactory = _ => 256 };
        var reference = new Option<string?>("--reference") { Description = "Film look: a still whose colour statistics (OKLab mean and spread) the image takes on.", HelpName = "still.jpg" };
        var colorStrength = new Option<double>("--color-strength") { Description = "Film look: how far colours move toward the reference, 0..1.", HelpName = "0..1", DefaultValueFactory = _ => 1.0 };
        var grain = new Option<float>("--grain") { Description = "Film look: grain intensity 0..1 (standard deviation 0.1 x intensity at mid-grey).", HelpName = "0..1", DefaultValueFactory = _ => 0f };
        var grainSize = new Option<float>("--grain-size") { Description = "Film look: grain size in pixels (0.25..16).", HelpName = "pixels", DefaultValueFactory = _ => 1.5f };
        var seed = new Option<int>("--seed") { Description = "Film look: grain seed (the same seed gives the same grain).", HelpName = "n", DefaultValueFactory = _ => 0 };
        var command = new Command("style", "Restyle an image with a style-transfer model, or give it a film look (reference colours + grain) without one.")
        {
            input, output, model, strength, tile, reference, colorStrength, grain, grainSize, seed,
        };
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Run(
            context,
            parseResult.GetRequiredValue(input),
            parseResult.GetRequiredValue(output),
            parseResult.GetValue(model),
            parseResult.GetValue(strength),
            parseResult.GetValue(tile),
            parseResult.GetValue(reference),
            parseResult.GetValue(colorStrength),
            parseResult.GetValue(grain),
            parseResult.GetValue(grainSize),
            parseResult.GetValue(seed),
            cancellationToken)));
        return command;
    }

    private static int Run(CliContext context, string inputPath, string outputPath, string? modelPath, float strength, int tile,
        string? referencePath, double colorStrength, float grain, float grainSize, int seed, CancellationToken cancellationToken)
    {
        if (!File.Exists(inputPath))
            throw new FileNotFoundException($"input '{inputPath}' does not exist.", inputPath);
        if (modelPath is not null && !File.Exists(modelPath))
            throw new FileNotFoundException($"model '{modelPath}' does not exist.", modelPath);
        if (referencePath is not null && !File.Exists(referencePath))
            throw new FileNotFoundException($"reference '{referencePath}' does not exist.", referencePath);
        if (modelPath is null && referencePath is null && grain == 0f)
            throw new ArgumentException("Give --model style.onnx, or a film look with --reference still.jpg and/or --grain 0..1.");
        if (modelPath is not null && (referencePath is not null || grain > 0f))
            throw new ArgumentException("--model runs a style network; --reference and --grain make the film look without one. Choose one.");
        if (strength is < 0f or > 1f)
            throw new ArgumentException($"--strength must be between 0 and 1; got {strength.ToString(CultureInfo.InvariantCulture)}.");
        if (colorStrength is < 0 or > 1)
            throw new ArgumentException($"--color-strength must be between 0 and 1; got {colorStrength.ToString(CultureInfo.InvariantCulture)}.");
        if (grain is < 0f or > 1f)
            throw new ArgumentException($"--grain must be between 0 and 1; got {grain.ToString(CultureInfo.InvariantCulture)}.");
        if (grainSize is < 0.25f or > 16f)
            throw new ArgumentException($"--grain-size must be between 0.25 and 16 pixels; got {grainSize.ToString(CultureInfo.InvariantCulture)}.");
        if (tile < 16)
            throw new ArgumentException($"--tile must be at least 16 pixels; got {tile}.");
        var format = ImageFile.FormatFromExtension(outputPath);

        var clock = Stopwatch.StartNew();
        using var frame = ImageFile.Load(inputPath);
        ImageFrame result;
        string what;
        if (modelPath is not null)
        {
            using var onnx = OnnxModel.Load(modelPath);
            var options = StyleTransferOptions.Default.WithStrength(strength).WithTiles(tile, Math.Min(32, tile / 4));
            result = StyleTransfer.Apply(frame, onnx, options, cancellationToken: cancellationToken);
            what = string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(modelPath)} on {onnx.ExecutionProvider}, strength {strength:0.##}");
        }
        else
        {
            using var still = referencePath is null ? null : ImageFile.Load(referencePath);
            var options = new FilmLookOptions { Reference = still, ColorStrength = colorStrength, GrainIntensity = grain, GrainSizePixels = grainSize, Seed = seed };
            result = FilmLook.Apply(frame, options, cancellationToken);
            what = string.Create(CultureInfo.InvariantCulture,
                $"film look ({(referencePath is null ? "no reference" : $"colours of {Path.GetFileName(referencePath)}")}, grain {grain:0.##} size {grainSize:0.##} px seed {seed})");
        }
        using (result)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var outputDirectory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
            if (!string.IsNullOrEmpty(outputDirectory))
                Directory.CreateDirectory(outputDirectory);
            result.Save(outputPath, new ImageSaveOptions { Format = format });
        }
        context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"styled {inputPath} ({frame.Width}x{frame.Height}) with {what} -> {outputPath} in {clock.Elapsed.TotalMilliseconds:N0} ms"));
        return ExitCodes.Success;
    }
}
