using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Augment.Vision;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment image resize &lt;in&gt; --width N --height N --out &lt;file&gt; [--kernel lanczos3]</c>: resizes a
/// still image in linear light (Lanczos-3 by default), applying its EXIF orientation first and keeping
/// its print resolution and ICC profile (JPEG and PNG outputs); <c>--print-width</c> with <c>--dpi</c>
/// sizes for print. The output is written atomically.
/// </summary>
internal static class ImageResizeCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = new Argument<string>("input")
        {
            Description = "The image to resize (PNG, JPEG, TIFF, WebP, BMP, GIF, TGA, PBM).",
            HelpName = "input",
        };
        input.AcceptLegalFilePathsOnly();
        var output = new Option<string>("--out", "-o")
        {
            Description = "Where to write the result; the format follows the extension (.png, .jpg, .tif, .webp, .bmp).",
            HelpName = "file",
            Required = true,
        };
        output.AcceptLegalFilePathsOnly();
        var width = new Option<int?>("--width") { Description = "Output width in pixels; omit it to follow the aspect ratio from --height.", HelpName = "N" };
        var height = new Option<int?>("--height") { Description = "Output height in pixels; omit it to follow the aspect ratio from --width.", HelpName = "N" };
        var kernel = new Option<ResampleKernel>("--kernel")
        {
            Description = "The filter: lanczos3 (default; sharpest), catmull-rom, mitchell (softer, least ringing), box (area average when shrinking), bilinear.",
            HelpName = "lanczos3|catmull-rom|mitchell|box|bilinear",
            DefaultValueFactory = _ => ResampleKernel.Lanczos3,
            CustomParser = result =>
            {
                if (result.Tokens.Count == 0)
                    return ResampleKernel.Lanczos3;
                var text = result.Tokens[0].Value;
                if (TryParseKernel(text, out var parsed))
                    return parsed;
                result.AddError($"--kernel: '{text}' is not lanczos3, catmull-rom, mitchell, box or bilinear.");
                return default;
            },
        };
        kernel.CompletionSources.Add("lanczos3", "catmull-rom", "mitchell", "box", "bilinear");
        var fit = new Option<bool>("--fit") { Description = "With both --width and --height: fit within that box and keep the aspect ratio, instead of stretching to it." };
        var noLinear = new Option<bool>("--no-linear") { Description = "Filter the encoded (gamma) values as they are instead of in linear light." };
        var dpi = new Option<double?>("--dpi") { Description = "Print resolution to record in the file (pixels per inch); with --print-width it also sets the size.", HelpName = "N" };
        var printWidth = new Option<double?>("--print-width") { Description = "Printed width in inches: the output is print-width x dpi pixels wide (dpi 300 unless --dpi), aspect kept.", HelpName = "inches" };
        var command = new Command("resize", "Resize an image in linear light (Lanczos-3, Catmull-Rom, Mitchell, box, bilinear); EXIF orientation applied, resolution and ICC profile kept.")
        {
            input,
            output,
            width,
            height,
            kernel,
            fit,
            noLinear,
            dpi,
            printWidth,
        };
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Run(
            context,
            parseResult.GetRequiredValue(input),
            parseResult.GetRequiredValue(output),
            new Request(parseResult.GetValue(width), parseResult.GetValue(height), parseResult.GetValue(kernel), parseResult.GetValue(fit),
                !parseResult.GetValue(noLinear), parseResult.GetValue(dpi), parseResult.GetValue(printWidth)),
            cancellationToken)));
        return command;
    }

    internal static bool TryParseKernel(string? text, out ResampleKernel kernel)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "LANCZOS3" or "LANCZOS":
                kernel = ResampleKernel.Lanczos3;
                return true;
            case "CATMULL-ROM" or "CATMULLROM" or "CATROM":
                kernel = ResampleKernel.CatmullRom;
                return true;
            case "MITCHELL" or "MITCHELL-NETRAVALI":
                kernel = ResampleKernel.Mitchell;
                return true;
            case "BOX" or "AREA":
                kernel = ResampleKernel.Box;
                return true;
            case "BILINEAR" or "TRIANGLE":
                kernel = ResampleKernel.Bilinear;
                return true;
            default:
                kernel = default;
                return false;
        }
    }

    private static int Run(CliContext context, string inputPath, string outputPath, Request request, CancellationToken cancellationToken)
    {
        var options = request.ToOptions(out var dotsPerInch);
        // Check the cheap things first, so that a typo costs no decoding.
        if (!File.Exists(inputPath))
            throw new FileNotFoundException($"input '{inputPath}' does not exist.", inputPath);
        var format = ImageFile.FormatFromExtension(outputPath);
        if (string.Equals(Path.GetFullPath(inputPath), Path.GetFullPath(outputPath), StringComparison.Ordinal))
            throw new ArgumentException($"--out '{outputPath}' is the input; write the result to another file.");
        var outputDirectory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        if (!string.IsNullOrEmpty(outputDirectory))
            Directory.CreateDirectory(outputDirectory);

        var clock = Stopwatch.StartNew();
        // A 16-bit source keeps its precision where the output container can hold it.
        var bits = ApplyLutCommand.IsSixteenBitPng(inputPath) && format is (ImageFileFormat.Png or ImageFileFormat.Tiff) ? 16 : 8;
        var result = ImageResizer.ResizeFile(inputPath, outputPath, options, new ImageSaveOptions { Format = format, BitsPerChannel = bits },
            dotsPerInch, cancellationToken: cancellationToken);

        var orientation = result.ExifOrientation is > 1 and <= 8 ? $", EXIF orientation {result.ExifOrientation} applied" : "";
        var resolution = result.DotsPerInch is { } d ? string.Create(CultureInfo.InvariantCulture, $", {d:0.##} dpi") : "";
        var profile = result.IccProfileBytes == 0 ? ""
            : result.IccProfileKept ? $", ICC profile kept ({result.IccProfileBytes} bytes)"
            : $", ICC profile dropped ({format} output cannot carry it; use .jpg or .png)";
        var light = options.LinearLight ? "linear light" : "encoded values";
        context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"resized {inputPath} ({result.SourceWidth}x{result.SourceHeight}{orientation}) -> {outputPath} ({result.Width}x{result.Height}, {Name(options.Kernel)}, {light}{resolution}{profile}) in {clock.Elapsed.TotalMilliseconds:N0} ms"));
        return ExitCodes.Success;
    }

    private static string Name(ResampleKernel kernel) => kernel switch
    {
        ResampleKernel.Lanczos3 => "lanczos3",
        ResampleKernel.CatmullRom => "catmull-rom",
        ResampleKernel.Mitchell => "mitchell",
        ResampleKernel.Box => "box",
        _ => "bilinear",
    };

    private sealed record Request(int? Width, int? Height, ResampleKernel Kernel, bool Fit, bool LinearLight, double? Dpi, double? PrintWidthInches)
    {
        public ResizeOptions ToOptions(out double? dotsPerInch)
        {
            if (Width is <= 0)
                throw new ArgumentException($"--width must be at least 1 pixel; got {Width}.");
            if (Height is <= 0)
                throw new ArgumentException($"--height must be at least 1 pixel; got {Height}.");
            if (Dpi is { } d && (!double.IsFinite(d) || d <= 0))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--dpi must be a positive number; got {d}."));
            var options = new ResizeOptions { Kernel = Kernel, LinearLight = LinearLight };
            if (PrintWidthInches is { } inches)
            {
                if (Width is not null || Height is not null)
                    throw new ArgumentException("--print-width sets the width from the resolution; leave out --width and --height.");
                if (!double.IsFinite(inches) || inches <= 0)
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--print-width must be a positive number of inches; got {inches}."));
                dotsPerInch = Dpi ?? 300;
                var pixels = Math.Round(inches * dotsPerInch.Value, MidpointRounding.AwayFromZero);
                if (pixels is < 1 or > int.MaxValue)
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--print-width {inches} in at {dotsPerInch} dpi is {pixels} pixels wide; it must be 1 to {int.MaxValue}."));
                return options with { Width = (int)pixels };
            }
            if (Width is null && Height is null)
                throw new ArgumentException("give --width, --height (or both), or --print-width.");
            if (Fit && (Width is null || Height is null))
                throw new ArgumentException("--fit needs both --width and --height.");
            dotsPerInch = Dpi;
            return options with { Width = Width, Height = Height, Fit = Fit ? ResizeFit.Within : ResizeFit.Exact };
        }
    }
}
