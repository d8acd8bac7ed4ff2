using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Augment.Vision;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment image extend &lt;in&gt; --aspect 16:9 --out &lt;file&gt; [--anchor center|left|right|top|bottom] [--model lama.onnx] [--seed N]</c>:
/// outpainting. The canvas grows (never shrinks) to the aspect ratio and the new area is filled
/// (<see cref="CanvasExtension"/>). The output is written atomically.
/// </summary>
internal static class ExtendCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var output = new Option<string>("--out", "-o") { Description = "The image to write (.png, .jpg, .tif, .webp, .bmp).", HelpName = "file", Required = true };
        output.AcceptLegalFilePathsOnly();
        var aspect = new Option<string>("--aspect") { Description = "Target width:height, such as 16:9, 4:5 or 1.85.", HelpName = "W:H", Required = true };
        var anchor = new Option<string>("--anchor") { Description = "Where the original sits: center, left, right, top or bottom.", HelpName = "position", DefaultValueFactory = _ => "center" };
        anchor.AcceptOnlyFromAmong("center", "left", "right", "top", "bottom");
        var model = new Option<string?>("--model") { Description = "A LaMa-style ONNX inpainting model to fill the new area instead of patch-based fill.", HelpName = "lama.onnx" };
        model.AcceptLegalFilePathsOnly();
        var seed = new Option<int>("--seed") { Description = "Seed of the patch search.", HelpName = "N", DefaultValueFactory = _ => 0 };
        var input = new Argument<string>("in") { Description = "The image to extend.", HelpName = "in" };
        input.AcceptLegalFilePathsOnly();
        var command = new Command("extend", "Outpainting: extend the canvas to an aspect ratio and fill the new area; writes the image atomically.")
        {
            output, aspect, anchor, model, seed, input,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var inputPath = parseResult.GetRequiredValue(input);
            var outputPath = parseResult.GetRequiredValue(output);
            var aspectText = parseResult.GetRequiredValue(aspect);
            if (!AspectRatio.TryParse(aspectText, out var ratio))
                throw new ArgumentException($"--aspect: '{aspectText}' is not an aspect ratio; write width:height with positive numbers, such as 16:9.");
            var position = (parseResult.GetValue(anchor) ?? "center") switch
            {
                "left" => ExtendAnchor.Left,
                "right" => ExtendAnchor.Right,
                "top" => ExtendAnchor.Top,
                "bottom" => ExtendAnchor.Bottom,
                _ => ExtendAnchor.Center,
            };
            var format = InpaintCli.PrepareOutput(inputPath, outputPath);
            using var inpainter = InpaintCli.LoadModel(parseResult.GetValue(model));
            using var image = ImageFile.Load(inputPath);
            var options = ExtendOptions.Default.Anchor(position).Filling(f => f.Seed(parseResult.GetValue(seed)));
            if (inpainter is not null) options = options.UsingModel(inpainter);
            var clock = Stopwatch.StartNew();
            using var result = CliProgress.Run(context, "extend", progress => CanvasExtension.Extend(image, ratio, options, progress, cancellationToken));
            result.Save(outputPath, new ImageSaveOptions { Format = format });
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"extend {inputPath} ({image.Width}x{image.Height}) -> {outputPath} ({result.Width}x{result.Height}, {ratio}, anchor {position.ToString().ToLowerInvariant()}) by {(inpainter is not null ? "model " + Path.GetFileName(inpainter.Model.Source) : "patch fill")} in {clock.Elapsed.TotalMilliseconds:N0} ms"));
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
