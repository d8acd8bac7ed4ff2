using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Augment.Splat.Training;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment splat capture &lt;video&gt; --out &lt;folder&gt; [--count N] [--matcher sequential|exhaustive]
/// [--camera-model simple-pinhole|pinhole|simple-radial] [--colmap path]
/// [--json]</c>: frames and poses in one step. Selects sharp, well-spread frames into <c>folder/images</c> (with
/// <c>capture-report.json</c>), runs COLMAP on them into <c>folder/sparse/N</c> and writes <c>folder/transforms.json</c>,
/// so that <c>augment splat train folder</c> can follow.
/// </summary>
internal static class SplatCaptureCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var output = new Option<string>("--out") { Description = "Capture folder: images/, capture-report.json, COLMAP's database and sparse/, transforms.json.", HelpName = "folder", Required = true };
        output.AcceptLegalFilePathsOnly();
        var count = new Option<int>("--count") { Description = "How many frames to select (fewer when fewer are usable).", HelpName = "N", DefaultValueFactory = _ => 150 };
        var matcher = new Option<string>("--matcher")
        {
            Description = "COLMAP matching: sequential (neighbouring frames; right for a walk) or exhaustive (every pair; small captures).",
            HelpName = "sequential|exhaustive",
            DefaultValueFactory = _ => "sequential",
        };
        matcher.AcceptOnlyFromAmong("sequential", "exhaustive");
        var cameraModel = new Option<string>("--camera-model")
        {
            Description = "COLMAP's camera model: simple-pinhole (default; training models no lens distortion), pinhole, or simple-radial (solves for distortion, which training then ignores with a warning).",
            HelpName = "simple-pinhole|pinhole|simple-radial",
            DefaultValueFactory = _ => "simple-pinhole",
        };
        cameraModel.AcceptOnlyFromAmong("simple-pinhole", "pinhole", "simple-radial");
        var colmap = new Option<string?>("--colmap") { Description = $"The colmap executable (default: ${ColmapRunner.EnvironmentVariable}, then PATH).", HelpName = "path" };
        var json = new Option<bool>("--json") { Description = "Print a JSON summary (frames, issues, registered images, points)." };
        var input = new Argument<string>("video") { Description = "The captured video (any container ffmpeg reads; .y4m natively).", HelpName = "video" };
        input.AcceptLegalFilePathsOnly();
        var command = new Command("capture", "Select frames from a captured video and recover their camera poses with COLMAP, ready for `augment splat train`.")
        {
            output, count, matcher, cameraModel, colmap, json, input,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var videoPath = parseResult.GetRequiredValue(input);
            var folder = parseResult.GetRequiredValue(output);
            if (!File.Exists(videoPath))
                throw new FileNotFoundException($"video '{videoPath}' does not exist.", videoPath);
            var n = parseResult.GetValue(count);
            if (n is < 2 or > 100_000)
                throw new ArgumentException($"--count: {n} must be 2 to 100000 (poses need at least two frames).");
            if (File.Exists(folder))
                throw new ArgumentException($"--out: '{folder}' is a file; give a folder.");
            // Fail before decoding a long video when COLMAP is not there.
            var colmapPath = ColmapRunner.Require(parseResult.GetValue(colmap));
            var images = Path.Combine(folder, "images");
            var report = CliProgress.Run(context, "frames", progress => FrameSelector.Extract(videoPath, images, new FrameSelectionOptions { Count = n }, progress, cancellationToken));
            var runner = new ColmapRunner(new ColmapRunnerOptions
            {
                ColmapPath = colmapPath,
                Matcher = parseResult.GetValue(matcher) == "exhaustive" ? ColmapMatcher.Exhaustive : ColmapMatcher.Sequential,
                CameraModel = parseResult.GetValue(cameraModel) switch
                {
                    "pinhole" => ColmapCameraModel.Pinhole,
                    "simple-radial" => ColmapCameraModel.SimpleRadial,
                    _ => ColmapCameraModel.SimplePinhole,
                },
            });
            // The progress display runs the work on this thread: wait for COLMAP inside it.
            var reconstruction = CliProgress.Run(context, "poses", progress => runner.RunAsync(images, folder, progress, cancellationToken).GetAwaiter().GetResult());
            var capture = reconstruction.Load();
            TransformsJson.Write(capture, Path.Combine(folder, SceneCapture.TransformsFileName));
            foreach (var warning in capture.Warnings)
                context.Error.WriteLine($"warning: {warning}");
            if (parseResult.GetValue(json))
            {
                context.Output.WriteLine(JsonSerializer.Serialize(new
                {
                    video = videoPath,
                    folder,
                    frames = report.Frames.Count,
                    selected = report.Selected.Count,
                    issues = report.Issues.Select(i => i.Message).ToArray(),
                    registeredImages = reconstruction.RegisteredImages,
                    points = reconstruction.PointCount,
                    model = reconstruction.ModelFolder,
                }, Indented));
            }
            else
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"capture {videoPath} -> {folder}: {report.Selected.Count} of {report.Frames.Count} frames, {reconstruction.RegisteredImages} registered by COLMAP, {reconstruction.PointCount:N0} points ({reconstruction.ModelFolder})"));
                context.Output.Write(report.ToText());
                if (reconstruction.RegisteredImages < report.Selected.Count)
                    context.Output.WriteLine($"COLMAP registered {reconstruction.RegisteredImages} of {report.Selected.Count} frames: the rest had too little overlap or texture.");
            }
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
