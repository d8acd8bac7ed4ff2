using System.CommandLine;
using System.Globalization;
using Augment.Splat.Training;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment splat frames &lt;video&gt; --count N --out &lt;folder&gt; [--analysis-size px] [--sharpness-floor f]
/// [--spacing motion|time] [--json]</c>: scores every frame of a captured video (sharpness, exposure, motion blur,
/// camera motion, parallax), writes the N chosen frames as PNG and <c>capture-report.json</c> into the folder (each file
/// atomically) and prints what was wrong with the capture.
/// </summary>
internal static class SplatFramesCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var count = new Option<int>("--count") { Description = "How many frames to select (fewer when fewer are usable).", HelpName = "N", DefaultValueFactory = _ => 150 };
        var output = new Option<string>("--out") { Description = "Folder for the selected frames (frame_000123.png) and capture-report.json; created when missing.", HelpName = "folder", Required = true };
        output.AcceptLegalFilePathsOnly();
        var analysisSize = new Option<int>("--analysis-size") { Description = "Longest side, in pixels, of the image the frames are measured on (32-8192).", HelpName = "pixels", DefaultValueFactory = _ => 640 };
        var floor = new Option<double>("--sharpness-floor") { Description = "Reject frames less sharp than this fraction of the video's median (0-1).", HelpName = "fraction", DefaultValueFactory = _ => 0.5 };
        var spacing = new Option<string>("--spacing")
        {
            Description = "motion: spread the frames along the camera's movement (default); time: evenly in time.",
            HelpName = "motion|time",
            DefaultValueFactory = _ => "motion",
        };
        spacing.AcceptOnlyFromAmong("motion", "time");
        var json = new Option<bool>("--json") { Description = "Print the capture report as JSON (the content of capture-report.json) instead of text." };
        var input = new Argument<string>("video") { Description = "The captured video (any container ffmpeg reads; .y4m natively).", HelpName = "video" };
        input.AcceptLegalFilePathsOnly();
        var command = new Command("frames", "Select sharp, well-spread frames from a captured video for splat training, and report what was wrong with the capture.")
        {
            count, output, analysisSize, floor, spacing, json, input,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var videoPath = parseResult.GetRequiredValue(input);
            var folder = parseResult.GetRequiredValue(output);
            if (!File.Exists(videoPath))
                throw new FileNotFoundException($"video '{videoPath}' does not exist.", videoPath);
            var n = parseResult.GetValue(count);
            if (n is < 1 or > 100_000)
                throw new ArgumentException($"--count: {n} must be 1 to 100000.");
            var size = parseResult.GetValue(analysisSize);
            if (size is < 32 or > 8192)
                throw new ArgumentException($"--analysis-size: {size} must be 32 to 8192 pixels.");
            var fraction = parseResult.GetValue(floor);
            if (!(fraction >= 0 && fraction <= 1))
                throw new ArgumentException($"--sharpness-floor: {fraction.ToString(CultureInfo.InvariantCulture)} must be between 0 and 1.");
            if (File.Exists(folder))
                throw new ArgumentException($"--out: '{folder}' is a file; give a folder.");
            var options = new FrameSelectionOptions
            {
                Count = n,
                AnalysisMaxSide = size,
                SharpnessFloor = fraction,
                Spacing = parseResult.GetValue(spacing) == "time" ? FrameSpacing.Time : FrameSpacing.CameraMotion,
            };
            var report = CliProgress.Run(context, "frames", progress => FrameSelector.Extract(videoPath, folder, options, progress, cancellationToken));
            if (parseResult.GetValue(json))
            {
                context.Output.WriteLine(report.ToJson());
            }
            else
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"frames {videoPath} -> {folder}: {report.Selected.Count} of {report.Frames.Count} frames written, {report.Issues.Count} issue(s)"));
                context.Output.Write(report.ToText());
            }
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
