using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Augment.Splat;
using Augment.Splat.Compression;
using Spectre.Console;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment splat compress &lt;in&gt; &lt;out&gt; [--preset mobile|small] [--views N] [--json]</c>: runs a compression
/// preset (importance pruning, SH reduction and vector quantisation, Morton order), writes the format the output's
/// extension names (.sog recommended for phones) atomically, and prints bytes before/after and the rendered PSNR/SSIM
/// of the written file against the input over an orbit of views.
/// </summary>
internal static class SplatCompressCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var preset = new Option<string>("--preset")
        {
            Description = "mobile: prune 15%, SH kept and vector-quantised (aims at 15x vs PLY as .sog, <= 1 dB); small: prune 25%, SH degree 1, vector-quantised (aims at 25x+).",
            HelpName = "mobile|small",
            DefaultValueFactory = _ => "mobile",
        };
        preset.AcceptOnlyFromAmong("mobile", "small");
        var views = new Option<int>("--views") { Description = "Views of the orbit on which the written file is rendered and compared with the input (0: bytes only).", HelpName = "N", DefaultValueFactory = _ => 16 };
        var json = new Option<bool>("--json")
        {
            Description = "Print the report as JSON (keys input, output, preset, format, splatsIn, splatsOut, shDegree, sourceBytes, outputBytes, ratio, meanPsnrDb, minPsnrDb, meanSsim, steps[], views[]).",
        };
        var input = new Argument<string>("in") { Description = "A splat file or unzipped SOG folder; the format is read from the content.", HelpName = "in" };
        input.AcceptLegalFilePathsOnly();
        var output = new Argument<string>("out") { Description = $"The file to write; its extension picks the format ({string.Join(", ", SplatFile.WritableExtensions)}; .sog recommended).", HelpName = "out" };
        output.AcceptLegalFilePathsOnly();
        var command = new Command("compress", "Compresses a Gaussian-splat scene for phones (pruning, SH reduction and vector quantisation, Morton order), writes it atomically and reports bytes and rendered PSNR/SSIM.")
        {
            preset, views, json, input, output,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var inputPath = parseResult.GetRequiredValue(input);
            var outputPath = parseResult.GetRequiredValue(output);
            var viewCount = parseResult.GetValue(views);
            if (viewCount is < 0 or > 360)
                throw new ArgumentException($"--views: {viewCount} is not between 0 and 360.");
            if (!File.Exists(inputPath) && !Directory.Exists(inputPath))
                throw new FileNotFoundException($"input '{inputPath}' does not exist.", inputPath);
            SplatFile.FormatFromExtension(outputPath); // check the extension before the (possibly long) read
            if (string.Equals(Path.GetFullPath(inputPath), Path.GetFullPath(outputPath), StringComparison.Ordinal))
                throw new ArgumentException($"out: '{outputPath}' is the input file; write the result to another file.");
            var recipe = CompressionPreset.Named(parseResult.GetValue(preset) ?? "mobile");
            var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
            if (!string.IsNullOrEmpty(directory))
                Directory.CreateDirectory(directory);

            var cloud = GaussianCloud.Load(inputPath, cancellationToken: cancellationToken);
            // The ratio is against the source as given when it is a 3DGS PLY, else against that PLY's size.
            long? sourceBytes = File.Exists(inputPath) && SplatFile.DetectFormat(inputPath) == SplatFormat.Ply ? new FileInfo(inputPath).Length : null;
            var report = SplatCompression.Compress(cloud, recipe, outputPath, new SplatCompressionOptions { SourceBytes = sourceBytes, Views = viewCount }, cancellationToken: cancellationToken);

            if (parseResult.GetValue(json))
            {
                context.Output.WriteLine(ToJson(inputPath, report));
            }
            else
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"compress {inputPath} -> {outputPath} ({report.Preset}, {SplatInfoCommand.FormatName(report.Format)}): {report.SplatsIn:N0} -> {report.SplatsOut:N0} splats, {report.SourceBytes:N0} -> {report.OutputBytes:N0} bytes ({report.Ratio:0.0}x)"));
                context.Console.Write(ToTable(report));
            }
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    internal static Table ToTable(CompressionReport report)
    {
        var table = new Table()
            .Title("Splat compression")
            .AddColumn("Measure")
            .AddColumn(new TableColumn("Value").RightAligned());
        table.AddRow("Splats", Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{report.SplatsIn:N0} -> {report.SplatsOut:N0}")));
        table.AddRow("SH degree", report.ShDegree.ToString(CultureInfo.InvariantCulture));
        table.AddRow("Source bytes", report.SourceBytes.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("Output bytes", report.OutputBytes.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("Ratio", Markup.Escape(report.Ratio.ToString("0.0", CultureInfo.InvariantCulture) + "x"));
        foreach (var step in report.Steps)
            table.AddRow(Markup.Escape(step.Name), Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{step.SplatsOut:N0} splats, {step.Detail}, {step.Elapsed.TotalMilliseconds:0} ms")));
        if (report.Views.Count > 0)
        {
            table.AddRow(Markup.Escape($"PSNR, mean of {report.Views.Count} views"), Markup.Escape(Db(report.MeanPsnrDb)));
            table.AddRow("PSNR, worst view", Markup.Escape(Db(report.MinPsnrDb)));
            table.AddRow("SSIM, mean", report.MeanSsim.ToString("0.0000", CultureInfo.InvariantCulture));
        }
        table.AddRow("Time", Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{report.CompressElapsed.TotalSeconds:0.##} s compress, {report.WriteElapsed.TotalSeconds:0.##} s write, {report.EvaluateElapsed.TotalSeconds:0.##} s evaluate")));
        return table;
    }

    internal static string ToJson(string inputPath, CompressionReport report)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("input", inputPath);
            writer.WriteString("output", report.OutputPath);
            writer.WriteString("preset", report.Preset);
            writer.WriteString("format", SplatInfoCommand.FormatName(report.Format));
            writer.WriteNumber("splatsIn", report.SplatsIn);
            writer.WriteNumber("splatsOut", report.SplatsOut);
            writer.WriteNumber("shDegree", report.ShDegree);
            writer.WriteNumber("sourceBytes", report.SourceBytes);
            writer.WriteNumber("outputBytes", report.OutputBytes);
            writer.WriteFinite("ratio", report.Ratio);
            writer.WriteFinite("meanPsnrDb", report.MeanPsnrDb);
            writer.WriteFinite("minPsnrDb", report.MinPsnrDb);
            writer.WriteFinite("meanSsim", report.MeanSsim);
            writer.WriteStartArray("steps");
            foreach (var step in report.Steps)
            {
                writer.WriteStartObject();
                writer.WriteString("name", step.Name);
                writer.WriteNumber("splatsIn", step.SplatsIn);
                writer.WriteNumber("splatsOut", step.SplatsOut);
                writer.WriteNumber("removed", step.Removed);
                writer.WriteNumber("shDegree", step.ShDegree);
                writer.WriteString("detail", step.Detail);
                writer.WriteNumber("milliseconds", Math.Round(step.Elapsed.TotalMilliseconds, 3));
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartArray("views");
            foreach (var view in report.Views)
            {
                writer.WriteStartObject();
                writer.WriteNumber("view", view.View);
                writer.WriteFinite("psnrDb", view.PsnrDb);
                writer.WriteFinite("ssim", view.Ssim);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Db(double value) => double.IsPositiveInfinity(value) ? "identical" : value.ToString("0.00", CultureInfo.InvariantCulture) + " dB";
}
