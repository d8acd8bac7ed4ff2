using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Augment.Vision;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment color deflicker &lt;input&gt; --out &lt;output&gt; [--window 15] [--color]</c>: steadies
/// frame-to-frame exposure (and with <c>--color</c>, colour-cast) flicker in a clip (.y4m natively,
/// .mp4/.mov/.mkv/... through ffmpeg, audio copied), streaming in constant memory; the output is
/// written atomically.
/// </summary>
internal static class DeflickerCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var output = new Option<string>("--out", "-o") { Description = "The clip to write; the container follows the extension (.y4m, .mp4, .mov, .mkv, ...).", HelpName = "file", Required = true };
        output.AcceptLegalFilePathsOnly();
        var window = new Option<int>("--window")
        {
            Description = "Frames the smoothing looks back over (2..1000, default 15): longer steadies more, shorter follows real changes sooner.",
            HelpName = "frames",
            DefaultValueFactory = _ => 15,
        };
        var color = new Option<bool>("--color") { Description = "Also steady per-channel colour casts, not only exposure." };
        var input = new Argument<string>("input") { Description = "A clip: .y4m, or .mp4, .mov, .m4v, .mkv, .webm, .avi, .mxf, .ts through ffmpeg.", HelpName = "input" };
        input.AcceptLegalFilePathsOnly();
        var command = new Command("deflicker", "Steady exposure and colour flicker in a clip (AI-generated or time-lapse footage); the output is written atomically.")
        {
            output, window, color, input,
        };
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Run(
            context,
            parseResult.GetRequiredValue(input),
            parseResult.GetRequiredValue(output),
            parseResult.GetValue(window),
            parseResult.GetValue(color),
            cancellationToken)));
        return command;
    }

    private static int Run(CliContext context, string inputPath, string outputPath, int windowFrames, bool color, CancellationToken cancellationToken)
    {
        if (!File.Exists(inputPath))
            throw new FileNotFoundException($"input '{inputPath}' does not exist.", inputPath);
        if (!VideoFile.IsVideoPath(inputPath) || !VideoFile.IsVideoPath(outputPath))
            throw new UnsupportedFormatException($"'{inputPath}' -> '{outputPath}': deflicker reads and writes video (.y4m, .mp4, .mov, .m4v, .mkv, .webm, .avi, .mxf, .ts).");
        if (windowFrames is < 2 or > 1000)
            throw new ArgumentException($"--window: {windowFrames} is not in 2..1000 frames.");
        if (string.Equals(Path.GetFullPath(inputPath), Path.GetFullPath(outputPath), StringComparison.Ordinal))
            throw new ArgumentException($"'{outputPath}': the output would replace the input while it is being read; choose another --out.");

        var outputDirectory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        if (!string.IsNullOrEmpty(outputDirectory))
            Directory.CreateDirectory(outputDirectory);
        var options = new DeflickerOptions
        {
            WindowFrames = windowFrames,
            Mode = color ? DeflickerMode.Luminance | DeflickerMode.MeanColor : DeflickerMode.Luminance,
        };
        var clock = Stopwatch.StartNew();
        var deflicker = new Deflicker(options);
        var result = VideoStreaming.Run(context, "deflicker", inputPath, outputPath,
            frame =>
            {
                deflicker.Process(frame, cancellationToken);
                return frame;
            },
            (input, _) => (input, VideoStreaming.EncodeOptionsFor(inputPath, input)),
            cancellationToken);
        var frames = result.Frames;
        context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"deflickered {frames} frames of {inputPath} ({(color ? "exposure and colour" : "exposure")}, window {windowFrames}) -> {outputPath} in {clock.Elapsed.TotalMilliseconds:N0} ms"));
        return ExitCodes.Success;
    }
}
