using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Augment.Vision;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment image fill &lt;in&gt; --mask &lt;mask.png&gt; --out &lt;file&gt; [--model lama.onnx] [--seed N] [--patch 7]</c>:
/// removes what the mask covers (white, above 50 %) by content-aware fill (<see cref="ContentAwareFill"/>)
/// or a LaMa-style model (<see cref="OnnxInpainter"/>). An empty mask writes the input unchanged. The
/// output is written atomically.
/// </summary>
internal static class FillCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var output = new Option<string>("--out", "-o") { Description = "The image to write (.png, .jpg, .tif, .webp, .bmp).", HelpName = "file", Required = true };
        output.AcceptLegalFilePathsOnly();
        var maskOption = new Option<string>("--mask") { Description = "The mask, same size as the input: white (above 50 %) where content is removed.", HelpName = "mask.png", Required = true };
        maskOption.AcceptLegalFilePathsOnly();
        var model = new Option<string?>("--model") { Description = "A LaMa-style ONNX inpainting model (inputs image [1,3,H,W] 0..1 and mask [1,1,H,W], output [1,3,H,W] 0..1) to use instead of patch-based fill.", HelpName = "lama.onnx" };
        model.AcceptLegalFilePathsOnly();
        var seed = new Option<int>("--seed") { Description = "Seed of the patch search; the same seed gives the same output.", HelpName = "N", DefaultValueFactory = _ => 0 };
        var patch = new Option<int>("--patch") { Description = "Patch side in pixels (odd, 3..21).", HelpName = "pixels", DefaultValueFactory = _ => 7 };
        var input = new Argument<string>("in") { Description = "The image to fill.", HelpName = "in" };
        input.AcceptLegalFilePathsOnly();
        var command = new Command("fill", "Content-aware fill: remove what a mask covers (PatchMatch, or a LaMa-style model); writes the image atomically.")
        {
            output, maskOption, model, seed, patch, input,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var inputPath = parseResult.GetRequiredValue(input);
            var outputPath = parseResult.GetRequiredValue(output);
            var maskPath = parseResult.GetRequiredValue(maskOption);
            var patchSize = parseResult.GetValue(patch);
            if (patchSize is < 3 or > 21 || patchSize % 2 == 0)
                throw new ArgumentException($"--patch: {patchSize} is not an odd number of pixels between 3 and 21.");
            var format = InpaintCli.PrepareOutput(inputPath, outputPath);
            if (!File.Exists(maskPath))
                throw new FileNotFoundException($"--mask: '{maskPath}' does not exist.", maskPath);
            using var inpainter = InpaintCli.LoadModel(parseResult.GetValue(model));
            using var image = ImageFile.Load(inputPath);
            using var mask = ImageFile.Load(maskPath);
            if (mask.Width != image.Width || mask.Height != image.Height)
                throw new ArgumentException($"--mask: '{maskPath}' is {mask.Width}x{mask.Height} pixels but '{inputPath}' is {image.Width}x{image.Height}; they must be the same size.");
            var clock = Stopwatch.StartNew();
            var options = FillOptions.Default.PatchSize(patchSize).Seed(parseResult.GetValue(seed));
            using var result = CliProgress.Run(context, "fill", progress => inpainter is not null
                ? inpainter.Inpaint(image, mask, progress, cancellationToken)
                : ContentAwareFill.Fill(image, mask, options, progress, cancellationToken));
            result.Save(outputPath, new ImageSaveOptions { Format = format });
            var masked = CountMasked(mask);
            var method = inpainter is not null
                ? $"model {Path.GetFileName(inpainter.Model.Source)} ({inpainter.Model.ExecutionProvider})"
                : string.Create(CultureInfo.InvariantCulture, $"patch fill {patchSize}x{patchSize}, seed {options.RandomSeed}");
            var note = masked == 0 ? " (mask empty: image unchanged)" : "";
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"fill {inputPath} -> {outputPath}: {masked} of {image.PixelCount} pixels filled by {method}{note} in {clock.Elapsed.TotalMilliseconds:N0} ms"));
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static int CountMasked(ImageFrame mask)
    {
        var n = 0;
        for (var i = 0; i < mask.PixelCount; i++)
        {
            var sum = 0f;
            for (var c = 0; c < mask.ColorChannels; c++) sum += mask.Data[c * mask.PixelCount + i];
            if (sum > 0.5f * mask.ColorChannels) n++;
        }
        return n;
    }
}
