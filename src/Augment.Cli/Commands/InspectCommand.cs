using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Augment.Vision;
using Spectre.Console;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment image inspect &lt;in&gt; [--json] [--checks spectral,noise,text] [--threshold 0.5]</c>: AI-artifact checks
/// for review (<see cref="ImageInspection"/>): a table of flagged regions, or JSON with the same fields. Exit code 0
/// whether or not anything is flagged — the checks are a review aid, not a verdict.
/// </summary>
internal static class InspectCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = new Argument<string>("in") { Description = "The image to inspect (PNG, JPEG, TIFF, WebP, BMP, GIF, TGA).", HelpName = "in" };
        input.AcceptLegalFilePathsOnly();
        var json = new Option<bool>("--json") { Description = "Print JSON (file, width, height, score, checks with their scores, regions[] with kind, x, y, width, height, score, explanation) instead of a table." };
        var checks = new Option<string>("--checks")
        {
            Description = "Comma-separated checks to run: spectral (upsampling grids), noise (noise inconsistency), text (irregular glyph strokes), or all.",
            HelpName = "list",
            DefaultValueFactory = _ => "all",
        };
        var threshold = new Option<double>("--threshold") { Description = "Report regions scoring at least this (0..1).", HelpName = "score", DefaultValueFactory = _ => 0.5 };
        var command = new Command("inspect", "Flag likely AI-generation artefacts (upsampling grids, noise inconsistency, irregular text strokes) for human review; exit code 0 even when something is flagged.")
        {
            input, json, checks, threshold,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var path = parseResult.GetRequiredValue(input);
            if (!File.Exists(path))
                throw new FileNotFoundException($"input '{path}' does not exist.", path);
            var selected = ParseChecks(parseResult.GetValue(checks) ?? "all");
            var score = parseResult.GetValue(threshold);
            if (!double.IsFinite(score) || score < 0 || score > 1)
                throw new ArgumentException($"--threshold: {score.ToString(CultureInfo.InvariantCulture)} is not between 0 and 1.");
            using var frame = ImageFile.Load(path);
            var report = ImageInspection.Inspect(frame, new InspectionOptions { EnabledChecks = selected, ReportScore = score }, cancellationToken: cancellationToken);
            if (parseResult.GetValue(json))
                context.Output.WriteLine(ToJson(path, report));
            else
                Print(context, path, report);
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    internal static ArtifactChecks ParseChecks(string text)
    {
        var checks = ArtifactChecks.None;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            checks |= part.ToLowerInvariant() switch
            {
                "all" => ArtifactChecks.All,
                "spectral" => ArtifactChecks.PeriodicSpectrum,
                "noise" => ArtifactChecks.NoiseInconsistency,
                "text" => ArtifactChecks.IrregularText,
                _ => throw new ArgumentException($"--checks: '{part}' is not spectral, noise, text or all."),
            };
        }
        if (checks == ArtifactChecks.None)
            throw new ArgumentException("--checks: name at least one of spectral, noise, text or all.");
        return checks;
    }

    internal static string KindName(ArtifactKind kind) => kind switch
    {
        ArtifactKind.UpsamplingGrid => "upsampling-grid",
        ArtifactKind.NoiseTooLow => "noise-too-low",
        ArtifactKind.NoiseTooHigh => "noise-too-high",
        _ => "irregular-text",
    };

    private static void Print(CliContext context, string path, ArtifactReport report)
    {
        context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{path}: {report.Width}x{report.Height}, overall score {report.Score:0.00} (spectral {report.PeriodicSpectrumScore:0.00}, noise {report.NoiseInconsistencyScore:0.00}, text {report.IrregularTextScore:0.00}); {report.Regions.Count} region(s) flagged for review"));
        if (report.Regions.Count == 0)
            return;
        var table = new Table()
            .AddColumn("Kind")
            .AddColumn(new TableColumn("X").RightAligned())
            .AddColumn(new TableColumn("Y").RightAligned())
            .AddColumn(new TableColumn("Width").RightAligned())
            .AddColumn(new TableColumn("Height").RightAligned())
            .AddColumn(new TableColumn("Score").RightAligned())
            .AddColumn("Explanation");
        foreach (var region in report.Regions)
        {
            var b = region.Bounds;
            table.AddRow(KindName(region.Kind), Number(b.X), Number(b.Y), Number(b.Width), Number(b.Height),
                region.Score.ToString("0.00", CultureInfo.InvariantCulture), Markup.Escape(region.Explanation));
        }
        context.Console.Write(table);
        context.Output.WriteLine("A review aid: each check also fires on some genuine photographs (see docs/vision-inspection.md).");
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    internal static string ToJson(string path, ArtifactReport report)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("file", path);
            writer.WriteNumber("width", report.Width);
            writer.WriteNumber("height", report.Height);
            writer.WriteNumber("score", Math.Round(report.Score, 4));
            writer.WriteBoolean("flagged", report.Flagged);
            writer.WriteStartObject("checks");
            if ((report.ChecksRun & ArtifactChecks.PeriodicSpectrum) != 0)
                writer.WriteNumber("spectral", Math.Round(report.PeriodicSpectrumScore, 4));
            if ((report.ChecksRun & ArtifactChecks.NoiseInconsistency) != 0)
                writer.WriteNumber("noise", Math.Round(report.NoiseInconsistencyScore, 4));
            if ((report.ChecksRun & ArtifactChecks.IrregularText) != 0)
                writer.WriteNumber("text", Math.Round(report.IrregularTextScore, 4));
            writer.WriteEndObject();
            writer.WriteNumber("textRegions", report.TextRegionCount);
            writer.WriteStartArray("regions");
            foreach (var region in report.Regions)
            {
                writer.WriteStartObject();
                writer.WriteString("kind", KindName(region.Kind));
                writer.WriteNumber("x", region.Bounds.X);
                writer.WriteNumber("y", region.Bounds.Y);
                writer.WriteNumber("width", region.Bounds.Width);
                writer.WriteNumber("height", region.Bounds.Height);
                writer.WriteNumber("score", Math.Round(region.Score, 4));
                writer.WriteString("explanation", region.Explanation);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
