using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Augment.Vision;
using Spectre.Console;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment color apply-lut --lut grade.cube &lt;input&gt; --out &lt;file&gt;</c>: applies a 3D LUT to
/// a still image (any format <see cref="ImageFile"/> reads) or to Y4M video, frame by frame in
/// constant memory. Every output is written atomically: a failure or Ctrl+C leaves no partial file.
/// </summary>
internal static class ApplyLutCommand
{
    /// <summary>Extensions of compressed video, which needs ffmpeg decoding that is not wired up yet.</summary>
    internal static readonly string[] CompressedVideoExtensions =
    [
        ".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi", ".mxf", ".ts", ".mts", ".m2ts",
        ".mpg", ".mpeg", ".wmv", ".flv", ".3gp", ".ogv", ".hevc", ".h264", ".h265",
    ];

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
            Description = "Where to write the result. Images: the format follows the extension (.png, .jpg, .tif, .webp, .bmp); Y4M input needs a .y4m output.",
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
            Description = "An image (PNG, JPEG, TIFF, WebP, BMP, GIF, TGA, PBM) or a .y4m video.",
            HelpName = "input",
        };
        input.AcceptLegalFilePathsOnly();
        var command = new Command("apply-lut", "Apply a 3D LUT (.cube) to an image or a Y4M video; the output is written atomically.")
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
        var extension = Path.GetExtension(inputPath);
        if (IsCompressedVideo(extension))
        {
            throw new UnsupportedFormatException(
                $"'{inputPath}': compressed video ({extension}) through ffmpeg is not implemented yet; convert it to Y4M first " +
                $"(ffmpeg -i {Path.GetFileName(inputPath)} -pix_fmt yuv420p out.y4m) and apply the LUT to the .y4m.");
        }
        if (!File.Exists(lutPath))
            throw new FileNotFoundException($"LUT '{lutPath}' does not exist.", lutPath);

        var inputIsVideo = IsY4m(inputPath);
        var outputIsVideo = IsY4m(outputPath);
        if (inputIsVideo != outputIsVideo)
        {
            throw new UnsupportedFormatException(inputIsVideo
                ? $"'{outputPath}': Y4M input needs a .y4m output (--out)."
                : $"'{outputPath}': an image input needs an image output (.png, .jpg, .tif, .webp, .bmp), not .y4m.");
        }
        // Validates the extension before any work is done.
        var outputFormat = inputIsVideo ? (ImageFileFormat?)null : ImageFile.FormatFromExtension(outputPath);

        var lut = Lut3D.LoadCube(lutPath);
        var outputDirectory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        if (!string.IsNullOrEmpty(outputDirectory))
            Directory.CreateDirectory(outputDirectory);

        var clock = Stopwatch.StartNew();
        var summary = inputIsVideo
            ? ApplyToY4m(context, lut, lutPath, inputPath, outputPath, interpolation, clock, cancellationToken)
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

    private static string ApplyToY4m(CliContext context, Lut3D lut, string lutPath, string inputPath, string outputPath,
        LutInterpolation interpolation, Stopwatch clock, CancellationToken cancellationToken)
    {
        if (string.Equals(Path.GetFullPath(inputPath), Path.GetFullPath(outputPath), StringComparison.Ordinal))
            throw new ArgumentException($"'{outputPath}': the output would replace the Y4M input while it is being read; choose another --out.");

        using var reader = Y4mReader.Open(inputPath);
        // A header without a frame rate gets the writer's default rather than an invalid "F0:0".
        var rateNumerator = reader.FrameRateNumerator > 0 && reader.FrameRateDenominator > 0 ? reader.FrameRateNumerator : 25;
        var rateDenominator = reader.FrameRateNumerator > 0 && reader.FrameRateDenominator > 0 ? reader.FrameRateDenominator : 1;
        var frames = 0;

        void Process(Action<int>? onFrame) => AtomicFile.Write(outputPath, stream =>
        {
            // One frame in flight: read, grade in place, write. Memory does not grow with the clip.
            using var writer = new Y4mWriter(stream, reader.Width, reader.Height, rateNumerator, rateDenominator, reader.Chroma, leaveOpen: true);
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var frame = reader.ReadFrame();
                if (frame is null)
                    break;
                frame.ApplyLutInPlace(lut, interpolation);
                writer.WriteFrame(frame);
                frames = writer.FramesWritten;
                onFrame?.Invoke(frames);
            }
        });

        if (context.Console.Profile.Capabilities.Interactive)
        {
            var estimated = Math.Max(1, EstimateFrameCount(new FileInfo(inputPath).Length, reader));
            context.Console.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(progress =>
                {
                    var bar = progress.AddTask("apply-lut", maxValue: estimated);
                    Process(done => bar.Value = Math.Min(done, estimated));
                    bar.Value = bar.MaxValue;
                });
        }
        else
        {
            Process(null);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        return string.Create(CultureInfo.InvariantCulture,
            $"applied {Path.GetFileName(lutPath)} ({lut.Size}^3, {Name(interpolation)}) to {frames} frames of {inputPath} ({reader.Width}x{reader.Height}, {rateNumerator}:{rateDenominator} fps) -> {outputPath} in {clock.Elapsed.TotalMilliseconds:N0} ms ({(seconds > 0 ? frames / seconds : 0):0.#} frames/s)");
    }

    /// <summary>Frames in a Y4M file, assuming bare "FRAME\n" headers (an estimate for the progress bar only).</summary>
    private static long EstimateFrameCount(long fileBytes, Y4mReader reader)
    {
        long luma = (long)reader.Width * reader.Height;
        var chroma = reader.Chroma == Y4mChroma.Yuv420 ? (long)((reader.Width + 1) / 2) * ((reader.Height + 1) / 2) : luma;
        return fileBytes / (luma + (2 * chroma) + 6);
    }

    private static bool IsY4m(string path) =>
        string.Equals(Path.GetExtension(path), ".y4m", StringComparison.OrdinalIgnoreCase);

    private static bool IsCompressedVideo(string extension)
    {
        foreach (var candidate in CompressedVideoExtensions)
        {
            if (string.Equals(candidate, extension, StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
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
