using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Augment.Vision;
using Spectre.Console;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment library shots &lt;video&gt; [--json] [--cuts-only]</c>: finds the shots of a video (hard cuts,
/// dissolves, fades through black) and prints a table (shot, start, end, duration, transition, keyframe)
/// or JSON <c>{"frames":n,"framesPerSecond":f,"shots":[{"index":i,"startFrame":..,"endFrame":..,"start":s,"end":s,"duration":s,"transition":"cut","keyframe":k}]}</c>.
/// </summary>
internal static class LibraryShotsCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var json = new Option<bool>("--json") { Description = "Print JSON {\"shots\":[{\"startFrame\":..,\"endFrame\":..,\"start\":s,\"end\":s,\"transition\":...}]} instead of a table." };
        var cutsOnly = new Option<bool>("--cuts-only") { Description = "Find hard cuts only (no dissolve or fade detection)." };
        var input = new Argument<string>("video") { Description = "A video: .y4m, or .mp4, .mov, .m4v, .mkv, .webm, .avi, .mxf, .ts through ffmpeg.", HelpName = "video" };
        input.AcceptLegalFilePathsOnly();
        var command = new Command("shots", "Find the shots of a video: hard cuts, dissolves and fades through black, with a keyframe per shot.")
        {
            json, cutsOnly, input,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var path = parseResult.GetRequiredValue(input);
            if (!File.Exists(path))
                throw new FileNotFoundException($"input '{path}' does not exist.", path);
            if (!VideoFile.IsVideoPath(path))
                throw new UnsupportedFormatException($"'{path}': library shots reads video (.y4m, .mp4, .mov, .m4v, .mkv, .webm, .avi, .mxf, .ts).");
            var options = ShotDetectionOptions.Default with { DetectGradual = !parseResult.GetValue(cutsOnly) };
            var declared = VideoFile.Probe(path).FramesPerSecond;
            var fps = declared > 0 ? declared : 25.0;
            // Detect(path) lets ffmpeg decode at low resolution: much faster than full-size frames.
            var shots = ShotDetector.Detect(path, options, cancellationToken: cancellationToken);
            if (parseResult.GetValue(json))
            {
                context.Output.WriteLine(ToJson(shots, fps));
            }
            else
            {
                var frames = shots[^1].EndFrame + 1;
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{path}: {shots.Count} shot{(shots.Count == 1 ? "" : "s")} in {frames} frames ({shots[^1].End.TotalSeconds:0.00} s at {fps:0.###} frames/s)"));
                context.Console.Write(ToTable(shots));
            }
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    internal static Table ToTable(IReadOnlyList<Shot> shots)
    {
        var table = new Table()
            .Title("Shots")
            .AddColumn(new TableColumn("Shot").RightAligned())
            .AddColumn(new TableColumn("Start (s)").RightAligned())
            .AddColumn(new TableColumn("End (s)").RightAligned())
            .AddColumn(new TableColumn("Duration (s)").RightAligned())
            .AddColumn(new TableColumn("Frames").RightAligned())
            .AddColumn(new TableColumn("Transition"))
            .AddColumn(new TableColumn("Keyframe").RightAligned());
        foreach (var shot in shots)
        {
            table.AddRow(
                shot.Index.ToString(CultureInfo.InvariantCulture),
                Seconds(shot.Start),
                Seconds(shot.End),
                Seconds(shot.Duration),
                string.Create(CultureInfo.InvariantCulture, $"{shot.StartFrame}-{shot.EndFrame}"),
                Name(shot.Transition),
                shot.KeyframeIndex.ToString(CultureInfo.InvariantCulture));
        }
        return table;
    }

    internal static string ToJson(IReadOnlyList<Shot> shots, double fps)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("frames", shots[^1].EndFrame + 1);
            writer.WriteNumber("framesPerSecond", Math.Round(fps, 6));
            writer.WriteStartArray("shots");
            foreach (var shot in shots)
            {
                writer.WriteStartObject();
                writer.WriteNumber("index", shot.Index);
                writer.WriteNumber("startFrame", shot.StartFrame);
                writer.WriteNumber("endFrame", shot.EndFrame);
                writer.WriteNumber("start", Math.Round(shot.Start.TotalSeconds, 3));
                writer.WriteNumber("end", Math.Round(shot.End.TotalSeconds, 3));
                writer.WriteNumber("duration", Math.Round(shot.Duration.TotalSeconds, 3));
                writer.WriteString("transition", Name(shot.Transition));
                writer.WriteNumber("keyframe", shot.KeyframeIndex);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Name(ShotTransition transition) => transition switch
    {
        ShotTransition.Cut => "cut",
        ShotTransition.Dissolve => "dissolve",
        ShotTransition.Fade => "fade",
        _ => "start",
    };

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
}
