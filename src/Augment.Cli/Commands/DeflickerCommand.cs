using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Augment.Vision;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment color deflicker &lt;input.y4m&gt; --out &lt;output.y4m&gt; [--window 15] [--color]</c>: steadies
/// frame-to-frame exposure (and with <c>--color</c>, colour-cast) flicker in a Y4M clip, streaming in
/// constant memory; the output is written atomically.
/// </summary>
internal static class DeflickerCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var output = new Option<string>("--out", "-o") { Description = "The .y4m to write.", HelpName = "file.y4m", Required = true };
        output.AcceptLegalFilePathsOnly();
        var window = new Option<int>("--window")
        {
            Description = "Frames the smoothing looks back over (2..1000, default 15): longer steadies more, shorter follows real changes sooner.",
            HelpName = "frames",
            DefaultValueFactory = _ => 15,
        };
        var color = new Option<bool>("--color") { Description = "Also steady per-channel colour casts, not only exposure." };
        var input = new Argument<string>("input") { Description = "A .y4m clip (convert others with ffmpeg -i in.mp4 -pix_fmt yuv420p in.y4m).", HelpName = "input.y4m" };
        input.AcceptLegalFilePathsOnly();
        var command = new Command("deflicker", "Steady exposure and colour flicker in a Y4M clip (AI-generated or time-lapse footage); the output is written atomically.")
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
        if (!IsY4m(inputPath) || !IsY4m(outputPath))
            throw new UnsupportedFormatException($"'{inputPath}' -> '{outputPath}': deflicker reads and writes .y4m; compressed video through ffmpeg is not implemented yet (convert with ffmpeg -i in.mp4 -pix_fmt yuv420p in.y4m).");
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
        var frames = Deflicker.ProcessY4mFile(inputPath, outputPath, options, cancellationToken);
        context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"deflickered {frames} frames of {inputPath} ({(color ? "exposure and colour" : "exposure")}, window {windowFrames}) -> {outputPath} in {clock.Elapsed.TotalMilliseconds:N0} ms"));
        return ExitCodes.Success;
    }

    private static bool IsY4m(string path) => string.Equals(Path.GetExtension(path), ".y4m", StringComparison.OrdinalIgnoreCase);
}
