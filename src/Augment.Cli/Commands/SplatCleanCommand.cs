using System.CommandLine;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Augment.Splat;
using Augment.Splat.Cleaning;
using Spectre.Console;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment splat clean &lt;in&gt; &lt;out&gt; [--preset standard|strict] [--min-opacity a] [--max-scale s] [--min-scale s] [--crop-box x0,y0,z0,x1,y1,z1]
/// [--crop-sphere cx,cy,cz,r] [--remove-box x0,y0,z0,x1,y1,z1]... [--outliers k,std] [--floaters] [--json]</c>:
/// removes non-finite and degenerate splats (or runs the preset's steps), then runs the requested steps in that order, writes the survivors
/// (format from the output extension, atomically) and prints one row per step.
/// </summary>
internal static class SplatCleanCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var preset = new Option<string?>("--preset") { Description = "Start from a cleaning preset: standard (non-finite, degenerate, invisible splats, floaters) or strict (also statistical outliers); further flags add steps after it.", HelpName = "standard|strict" };
        preset.AcceptOnlyFromAmong("standard", "strict");
        var minOpacity = new Option<float?>("--min-opacity") { Description = "Remove splats whose alpha (sigmoid of the opacity logit) is below this, 0 to 1.", HelpName = "alpha" };
        var maxScale = new Option<float?>("--max-scale") { Description = "Remove splats whose largest axis scale exceeds this, world units.", HelpName = "units" };
        var minScale = new Option<float?>("--min-scale") { Description = "Remove splats whose largest axis scale is below this, world units.", HelpName = "units" };
        var cropBox = new Option<string?>("--crop-box") { Description = "Keep only splats whose centre is in the box x0,y0,z0,x1,y1,z1 (world units).", HelpName = "x0,y0,z0,x1,y1,z1" };
        var cropSphere = new Option<string?>("--crop-sphere") { Description = "Keep only splats whose centre is within r of cx,cy,cz (world units).", HelpName = "cx,cy,cz,r" };
        var removeBox = new Option<string[]>("--remove-box")
        {
            Description = "Remove splats whose centre is in the box x0,y0,z0,x1,y1,z1 (e.g. a passer-by); repeat for several boxes.",
            HelpName = "x0,y0,z0,x1,y1,z1",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var outliers = new Option<string?>("--outliers") { Description = "Statistical outlier removal: k neighbours and the standard-deviation multiplier, e.g. 16,2.", HelpName = "k,std" };
        var floaters = new Option<bool>("--floaters") { Description = "Remove floaters: voxel clusters lighter than 1% of the largest (automatic voxel size)." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON (keys input, output, splatsIn, splatsOut, steps[name, removed, remaining, milliseconds])." };
        var input = new Argument<string>("in") { Description = "A splat file (.ply, .compressed.ply, .splat, .spz, .sog); the format is detected from its content.", HelpName = "in" };
        input.AcceptLegalFilePathsOnly();
        var output = new Argument<string>("out") { Description = "The file to write; the format follows its extension.", HelpName = "out" };
        output.AcceptLegalFilePathsOnly();
        var command = new Command("clean", "Remove NaN/degenerate splats, then apply opacity and scale thresholds, crops, region removal, statistical outliers and floaters; prints how many each step removed.")
        {
            preset, minOpacity, maxScale, minScale, cropBox, cropSphere, removeBox, outliers, floaters, json, input, output,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var inputPath = parseResult.GetRequiredValue(input);
            var outputPath = parseResult.GetRequiredValue(output);
            if (!File.Exists(inputPath) && !Directory.Exists(inputPath))
                throw new FileNotFoundException($"input '{inputPath}' does not exist.", inputPath);
            if (string.Equals(Path.GetFullPath(inputPath), Path.GetFullPath(outputPath), StringComparison.Ordinal))
                throw new ArgumentException($"out: '{outputPath}' is the input file; write the result to another file.");

            var builder = parseResult.GetValue(preset) is { } name
                ? new CleaningBuilder(CleaningPreset.Named(name).Options)
                : new CleaningBuilder().RemoveNonFinite().RemoveDegenerate();
            if (parseResult.GetValue(minOpacity) is { } alpha)
            {
                if (!(alpha >= 0 && alpha <= 1))
                    throw new ArgumentException($"--min-opacity: {Invariant(alpha)} is not between 0 and 1.");
                builder.MinOpacity(alpha);
            }
            if (parseResult.GetValue(maxScale) is { } largest)
            {
                if (!(largest > 0) || float.IsPositiveInfinity(largest))
                    throw new ArgumentException($"--max-scale: {Invariant(largest)} is not a positive size in world units.");
                builder.MaxScale(largest);
            }
            if (parseResult.GetValue(minScale) is { } smallest)
            {
                if (!(smallest >= 0) || !float.IsFinite(smallest))
                    throw new ArgumentException($"--min-scale: {Invariant(smallest)} is not a non-negative size in world units.");
                builder.MinScale(smallest);
            }
            if (parseResult.GetValue(cropBox) is { } box)
            {
                var (min, max) = ParseBox("--crop-box", box);
                builder.CropToBox(min, max);
            }
            if (parseResult.GetValue(cropSphere) is { } sphere)
            {
                var v = NumberList.Parse("--crop-sphere", sphere, 4);
                if (!(v[3] >= 0))
                    throw new ArgumentException($"--crop-sphere: the radius {Invariant(v[3])} is negative.");
                builder.CropToSphere(new Vector3(v[0], v[1], v[2]), v[3]);
            }
            foreach (var region in parseResult.GetValue(removeBox) ?? [])
            {
                var (min, max) = ParseBox("--remove-box", region);
                builder.RemoveInside(SplatRegion.Box(min, max));
            }
            if (parseResult.GetValue(outliers) is { } outlierText)
            {
                var v = NumberList.Parse("--outliers", outlierText, 2);
                if (v[0] != MathF.Round(v[0]) || v[0] < 1 || v[0] > 256)
                    throw new ArgumentException($"--outliers: k = {Invariant(v[0])} is not a whole number between 1 and 256.");
                builder.RemoveOutliers((int)v[0], v[1]);
            }
            if (parseResult.GetValue(floaters))
                builder.RemoveFloaters();

            var cloud = GaussianCloud.Load(inputPath, cancellationToken: cancellationToken);
            var (clean, report) = cloud.Clean(builder.Options, cancellationToken: cancellationToken);
            var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
            if (!string.IsNullOrEmpty(directory))
                Directory.CreateDirectory(directory);
            clean.Save(outputPath, cancellationToken: cancellationToken);

            if (parseResult.GetValue(json))
            {
                context.Output.WriteLine(ToJson(inputPath, outputPath, report));
            }
            else
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"clean {inputPath} -> {outputPath}: {report.InputCount:N0} -> {report.OutputCount:N0} splats ({report.Removed:N0} removed) in {report.Elapsed.TotalSeconds:0.###} s"));
                context.Console.Write(ToTable(report));
            }
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    internal static Table ToTable(CleaningReport report)
    {
        var table = new Table()
            .Title("Splat cleaning")
            .AddColumn("Step")
            .AddColumn(new TableColumn("Removed").RightAligned())
            .AddColumn(new TableColumn("Remaining").RightAligned())
            .AddColumn(new TableColumn("ms").RightAligned());
        foreach (var step in report.Steps)
        {
            table.AddRow(
                Markup.Escape(step.Name),
                step.Removed.ToString("N0", CultureInfo.InvariantCulture),
                step.Remaining.ToString("N0", CultureInfo.InvariantCulture),
                step.Elapsed.TotalMilliseconds.ToString("0.#", CultureInfo.InvariantCulture));
        }
        return table;
    }

    internal static string ToJson(string inputPath, string outputPath, CleaningReport report)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("input", inputPath);
            writer.WriteString("output", outputPath);
            writer.WriteNumber("splatsIn", report.InputCount);
            writer.WriteNumber("splatsOut", report.OutputCount);
            writer.WriteNumber("milliseconds", Math.Round(report.Elapsed.TotalMilliseconds, 3));
            writer.WriteStartArray("steps");
            foreach (var step in report.Steps)
            {
                writer.WriteStartObject();
                writer.WriteString("name", step.Name);
                writer.WriteNumber("removed", step.Removed);
                writer.WriteNumber("remaining", step.Remaining);
                writer.WriteNumber("milliseconds", Math.Round(step.Elapsed.TotalMilliseconds, 3));
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static (Vector3 Min, Vector3 Max) ParseBox(string option, string text)
    {
        var v = NumberList.Parse(option, text, 6);
        var min = new Vector3(v[0], v[1], v[2]);
        var max = new Vector3(v[3], v[4], v[5]);
        if (min.X > max.X || min.Y > max.Y || min.Z > max.Z)
            throw new ArgumentException($"{option}: the first corner {text} must not exceed the second on any axis (x0,y0,z0,x1,y1,z1).");
        return (min, max);
    }

    private static string Invariant(float value) => value.ToString(CultureInfo.InvariantCulture);
}
