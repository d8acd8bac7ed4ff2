using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Augment.Vision;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment image upscale &lt;in&gt; --scale 2|4 --out &lt;file&gt; [--model sr.onnx] [--detail 0..1] [--tile N]</c>:
/// enlarges a still with a super-resolution model (tiled, streamed) or classically (Lanczos-3 plus
/// edge-gated sharpening). The output is streamed into the encoder and written atomically.
/// </summary>
internal static class UpscaleCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = new Argument<string>("input") { Description = "The image to enlarge (PNG, JPEG, TIFF, WebP, BMP, ...).", HelpName = "input" };
        input.AcceptLegalFilePathsOnly();
        var output = new Option<string>("--out", "-o") { Description = "Where to write the result (.png, .jpg, .tif, .webp, .bmp); written atomically.", HelpName = "file", Required = true };
        output.AcceptLegalFilePathsOnly();
        var scale = new Option<int?>("--scale") { Description = "Enlargement per axis: 2 or 4 (any whole factor 2..8 without a model). With a model, defaults to the model's scale and must match it.", HelpName = "2|4" };
        var model = new Option<string?>("--model") { Description = "A super-resolution ONNX model: float NCHW [n, 3, h, w] RGB in 0..1 in, [n, 3, h*s, w*s] out. Without it: Lanczos-3 plus edge-aware sharpening.", HelpName = "sr.onnx" };
        var detail = new Option<float>("--detail") { Description = "Detail guard 0..1 (model only): blends the source's fine detail back onto the model output against 'plastic' texture.", HelpName = "0..1", DefaultValueFactory = _ => 0f };
        var sharpen = new Option<float>("--sharpen") { Description = "Edge-aware sharpening of the classical path, 0..2.", HelpName = "amount", DefaultValueFactory = _ => 0.5f };
        var tile = new Option<int>("--tile") { Description = "Tile size for model runs, input pixels.", HelpName = "pixels", DefaultValueFactory = _ => 256 };
        var overlap = new Option<int>("--overlap") { Description = "Overlap between tiles, input pixels.", HelpName = "pixels", DefaultValueFactory = _ => 16 };
        var bits = new Option<int?>("--bits") { Description = "Bits per channel of the output: 8, or 16 (PNG). Default: 16 for a 16-bit PNG source written as PNG, else 8.", HelpName = "8|16" };
        var command = new Command("upscale", "Enlarge an image x2 or x4 with a super-resolution model or classically (Lanczos + edge-aware sharpening).")
        {
            input, output, scale, model, detail, sharpen, tile, overlap, bits,
        };
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Run(
            context,
            parseResult.GetRequiredValue(input),
            parseResult.GetRequiredValue(output),
            parseResult.GetValue(scale),
            parseResult.GetValue(model),
            parseResult.GetValue(detail),
            parseResult.GetValue(sharpen),
            parseResult.GetValue(tile),
            parseResult.GetValue(overlap),
            parseResult.GetValue(bits),
            cancellationToken)));
        return command;
    }

    private static int Run(CliContext context, string inputPath, string outputPath, int? scale, string? modelPath, float detail, float sharpen,
        int tile, int overlap, int? bits, CancellationToken cancellationToken)
    {
        if (!File.Exists(inputPath))
            throw new FileNotFoundException($"input '{inputPath}' does not exist.", inputPath);
        if (modelPath is not null && !File.Exists(modelPath))
            throw new FileNotFoundException($"model '{modelPath}' does not exist.", modelPath);
        if (scale is { } s && (s < 2 || s > 8))
            throw new ArgumentException($"--scale must be 2 or 4 (any whole factor 2..8 without a model); got {s}.");
        if (detail is < 0f or > 1f)
            throw new ArgumentException($"--detail must be between 0 and 1; got {detail.ToString(CultureInfo.InvariantCulture)}.");
        if (sharpen is < 0f or > 2f)
            throw new ArgumentException($"--sharpen must be between 0 and 2; got {sharpen.ToString(CultureInfo.InvariantCulture)}.");
        if (tile < 16)
            throw new ArgumentException($"--tile must be at least 16 pixels; got {tile}.");
        if (overlap < 0)
            throw new ArgumentException($"--overlap must not be negative; got {overlap}.");
        if (bits is { } b && b is not (8 or 16))
            throw new ArgumentException($"--bits must be 8 or 16; got {b}.");
        var format = ImageFile.FormatFromExtension(outputPath);
        var outputBits = bits ?? (format == ImageFileFormat.Png && ApplyLutCommand.IsSixteenBitPng(inputPath) ? 16 : 8);

        var clock = Stopwatch.StartNew();
        using var onnx = modelPath is null ? null : OnnxModel.Load(modelPath);
        using var frame = ImageFile.Load(inputPath);
        var options = new UpscaleOptions
        {
            ScaleFactor = scale,
            Model = onnx,
            DetailGuard = detail,
            SharpenAmount = sharpen,
            Tiles = new TileOptions { TileSizePixels = tile, OverlapPixels = overlap },
        };
        var outputDirectory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        if (!string.IsNullOrEmpty(outputDirectory))
            Directory.CreateDirectory(outputDirectory);
        var used = Upscaler.UpscaleToFile(frame, outputPath, options, new ImageSaveOptions { Format = format, BitsPerChannel = outputBits }, cancellationToken: cancellationToken);
        var method = onnx is null
            ? string.Create(CultureInfo.InvariantCulture, $"Lanczos-3 + sharpen {sharpen:0.##}")
            : string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(modelPath)} on {onnx.ExecutionProvider}, {tile}px tiles, detail {detail:0.##}");
        context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"upscaled {inputPath} ({frame.Width}x{frame.Height}) x{used} with {method} -> {outputPath} ({frame.Width * used}x{frame.Height * used}, {outputBits}-bit {format}) in {clock.Elapsed.TotalMilliseconds:N0} ms"));
        return ExitCodes.Success;
    }
}
