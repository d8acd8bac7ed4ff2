using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Augment.Vision;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment color apply-lut --lut grade.cube &lt;input&gt; --out &lt;file&gt;</c>: applies a 3D LUT to
/// a still image (any format <see cref="ImageFile"/> reads) or to video (.y4m natively; .mp4, .mov,
/// .mkv, .webm, ... through ffmpeg), frame by frame in constant memory, with the audio copied
/// untouched. Every output is written atomically: a failure or Ctrl+C leaves no partial file.
/// </summary>
internal static class ApplyLutCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var lut = new Option<string>("--lut")
        {
            Description = "The 3D LUT to apply (.cube, Adobe/Resolve format).",
            HelpName = "file.cube",
            Required = true,
        };
        lut.AcceptLegalFilePathsOnly();
        var output = new Option<string>("--out", "-o")
        {
            Description = "Where to write the result; the format follows the extension. Images: .png, .jpg, .tif, .webp, .bmp. Video: .y4m, .mp4, .mov, .mkv, .webm, .avi, .mxf, .ts (audio is copied).",
            HelpName = "file",
            Required = true,
        };
        output.AcceptLegalFilePathsOnly();
        var interpolation = new Option<LutInterpolation>("--interp")
        {
            Description = "How lattice points are blended: tetrahedral (default, what Resolve and ffmpeg recommend) or trilinear.",
            HelpName = "tetrahedral|trilinear",
            DefaultValueFactory = _ => LutInterpolation.Tetrahedral,
            CustomParser = result =>
            {
                if (result.Tokens.Count == 0)
                    return LutInterpolation.Tetrahedral;
                var text = result.Tokens[0].Value;
                if (TryParseInterpolation(text, out var parsed))
                    return parsed;
                result.AddError($"--interp: '{text}' is not tetrahedral or trilinear.");
                return default;
            },
        };
        interpolation.CompletionSources.Add("tetrahedral", "trilinear");
        var input = new Argument<string>("input")
        {
            Description = "An image (PNG, JPEG, TIFF, WebP, BMP, GIF, TGA, PBM) or a video (.y4m; .mp4, .mov, .m4v, .mkv, .webm, .avi, .mxf, .ts through ffmpeg).",
            HelpName = "input",
        };
        input.AcceptLegalFilePathsOnly();
        var command = new Command("apply-lut", "Apply a 3D LUT (.cube) to an image or a video; the output is written atomically.")
        {
            lut,
            output,
            interpolation,
            input,
        };
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Run(
            context,
            parseResult.GetRequiredValue(lut),
            parseResult.GetRequiredValue(input),
            parseResult.GetRequiredValue(output),
            parseResult.GetValue(interpolation),
            cancellationToken)));
        return command;
    }

    internal static bool TryParseInterpolation(string? text, out LutInterpolation interpolation)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "TETRAHEDRAL":
                interpolation = LutInterpolation.Tetrahedral;
                return true;
            case "TRILINEAR":
                interpolation = LutInterpolation.Trilinear;
                return true;
            default:
                interpolation = default;
                return false;
        }
    }

    private static int Run(CliContext context, string lutPath, string inputPath, string outputPath, LutInterpolation interpolation, CancellationToken cancellationToken)
    {
        // Check the cheap things first, so that a typo costs no decoding.
        if (!File.Exists(inputPath))
            throw new FileNotFoundException($"input '{inputPath}' does not exist.", inputPath);
        if (!File.Exists(lutPath))
            throw new FileNotFoundException($"LUT '{lutPath}' does not exist.", lutPath);

        var inputIsVideo = VideoFile.IsVideoPath(inputPath);
        var outputIsVideo = VideoFile.IsVideoPath(outputPath);
        if (inputIsVideo != outputIsVideo)
        {
            throw new UnsupportedFormatException(inputIsVideo
                ? $"'{outputPath}': a video input needs a video output (.y4m, .mp4, .mov, .mkv, .webm, .avi, .mxf, .ts) (--out)."
                : $"'{outputPath}': an image input needs an image output (.png, .jpg, .tif, .webp, .bmp), not video.");
        }
        // Validates the extension before any work is done.
        var outputFormat = inputIsVideo ? (ImageFileFormat?)null : ImageFile.FormatFromExtension(outputPath);

        var lut = Lut3D.LoadCube(lutPath);
        var outputDirectory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        if (!string.IsNullOrEmpty(outputDirectory))
            Directory.CreateDirectory(outputDirectory);

        var clock = Stopwatch.StartNew();
        var summary = inputIsVideo
            ? ApplyToVideo(context, lut, lutPath, inputPath, outputPath, interpolation, clock, cancellationToken)
            : ApplyToImage(lut, lutPath, inputPath, outputPath, outputFormat!.Value, interpolation, clock, cancellationToken);
        // Plain writer, not the console: the summary stays one line for scripts whatever the terminal width.
        context.Output.WriteLine(summary);
        return ExitCodes.Success;
    }

    private static string ApplyToImage(Lut3D lut, string lutPath, string inputPath, string outputPath, ImageFileFormat outputFormat,
        LutInterpolation interpolation, Stopwatch clock, CancellationToken cancellationToken)
    {
        var sourceBits = IsSixteenBitPng(inputPath) ? 16 : 8;
        // A 16-bit source keeps its precision where the output container can hold it.
        var outputBits = sourceBits == 16 && outputFormat is (ImageFileFormat.Png or ImageFileFormat.Tiff) ? 16 : 8;
        using var frame = ImageFile.Load(inputPath);
        cancellationToken.ThrowIfCancellationRequested();
        using var graded = frame.ApplyLut(lut, interpolation);
        cancellationToken.ThrowIfCancellationRequested();
        graded.Save(outputPath, new ImageSaveOptions { Format = outputFormat, BitsPerChannel = outputBits });
        return string.Create(CultureInfo.InvariantCulture,
            $"applied {Path.GetFileName(lutPath)} ({lut.Size}^3, {Name(interpolation)}) to {inputPath} ({frame.Width}x{frame.Height}, {sourceBits}-bit) -> {outputPath} ({outputBits}-bit {outputFormat}) in {clock.Elapsed.TotalMilliseconds:N0} ms");
    }

    private static string ApplyToVideo(CliContext context, Lut3D lut, string lutPath, string inputPath, string outputPath,
        LutInterpolation interpolation, Stopwatch clock, CancellationToken cancellationToken)
    {
        VideoStreaming.EnsureDistinct(inputPath, outputPath);
        // One frame in flight: read, grade in place, write. Memory does not grow with the clip.
        var result = VideoStreaming.Run(context, "apply-lut", inputPath, outputPath,
            frame =>
            {
                frame.ApplyLutInPlace(lut, interpolation);
                return frame;
            },
            (input, _) => (input, VideoStreaming.EncodeOptionsFor(inputPath, input)),
            cancellationToken);

        var frames = result.Frames;
        var info = result.Input;
        var seconds = clock.Elapsed.TotalSeconds;
        var audio = result.Input.HasAudio ? ", audio copied" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"applied {Path.GetFileName(lutPath)} ({lut.Size}^3, {Name(interpolation)}) to {frames} frames of {inputPath} ({info.Width}x{info.Height}, {info.FrameRateNumerator}:{info.FrameRateDenominator} fps) -> {outputPath} ({result.Output.Codec}{audio}) in {clock.Elapsed.TotalMilliseconds:N0} ms ({(seconds > 0 ? frames / seconds : 0):0.#} frames/s)");
    }

    /// <summary>
    /// Whether the file is a PNG with 16 bits per sample: the IHDR bit depth is byte 24 (PNG
    /// specification 11.2.2). The decoded frame does not record its source depth, so look here.
    /// </summary>
    internal static bool IsSixteenBitPng(string path)
    {
        Span<byte> header = stackalloc byte[25];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
            return false;
        ReadOnlySpan<byte> signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        return header[..8].SequenceEqual(signature) && header[12..16].SequenceEqual("IHDR"u8) && header[24] == 16;
    }

    private static string Name(LutInterpolation interpolation) =>
        interpolation == LutInterpolation.Trilinear ? "trilinear" : "tetrahedral";
}
