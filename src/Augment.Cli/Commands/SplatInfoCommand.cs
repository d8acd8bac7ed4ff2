using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Augment.Splat;
using Spectre.Console;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment splat info &lt;file&gt; [--json]</c>: what a splat file holds: its format (from the content),
/// size on disk, splat count, SH degree, the bounds of the centres, alpha statistics and the extra properties.
/// </summary>
internal static class SplatInfoCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var json = new Option<bool>("--json") { Description = "Print JSON (keys file, format, bytes, count, shDegree, bounds.min/max, alpha.min/mean/max, extras) instead of a table." };
        var input = new Argument<string>("file") { Description = "A splat file (.ply, .splat, .spz, .compressed.ply, .sog, .ksplat) or an unzipped SOG folder; the format is read from the content.", HelpName = "file" };
        input.AcceptLegalFilePathsOnly();
        var command = new Command("info", "Describes a Gaussian-splat file: format, size, count, SH degree, bounds, opacity and extra properties.")
        {
            json, input,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var path = parseResult.GetRequiredValue(input);
            if (!File.Exists(path) && !Directory.Exists(path))
                throw new FileNotFoundException($"input '{path}' does not exist.", path);
            var format = SplatFile.DetectFormat(path);
            var cloud = SplatFile.Load(path, cancellationToken: cancellationToken);
            var summary = SplatSummary.Of(path, format, cloud);
            if (parseResult.GetValue(json))
            {
                context.Output.WriteLine(summary.ToJson());
            }
            else
            {
                context.Output.WriteLine($"{path}: {FormatName(format)}, {summary.Bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes");
                context.Console.Write(summary.ToTable());
            }
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    /// <summary>The name scripts see for a format (JSON <c>format</c> key).</summary>
    internal static string FormatName(SplatFormat format) => format switch
    {
        SplatFormat.Ply => "ply",
        SplatFormat.Splat => "splat",
        SplatFormat.Spz => "spz",
        SplatFormat.CompressedPly => "compressed-ply",
        SplatFormat.Sog => "sog",
        SplatFormat.Ksplat => "ksplat",
        _ => format.ToString().ToLowerInvariant(),
    };

    /// <summary>The numbers <c>info</c> prints.</summary>
    internal sealed record SplatSummary(string File, SplatFormat Format, long Bytes, int Count, int ShDegree,
        System.Numerics.Vector3 Min, System.Numerics.Vector3 Max, double AlphaMin, double AlphaMean, double AlphaMax, IReadOnlyList<string> Extras)
    {
        public static SplatSummary Of(string path, SplatFormat format, GaussianCloud cloud)
        {
            long bytes;
            if (Directory.Exists(path))
            {
                bytes = 0;
                foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
                    bytes += new FileInfo(file).Length;
            }
            else
            {
                bytes = new FileInfo(path).Length;
            }
            var statistics = cloud.Statistics();
            return new SplatSummary(path, format, bytes, cloud.Count, cloud.ShDegree, statistics.Min, statistics.Max,
                statistics.AlphaMin, statistics.AlphaMean, statistics.AlphaMax, cloud.ExtraNames);
        }

        public Table ToTable()
        {
            var table = new Table().Title("Gaussian splats").AddColumn("Measure").AddColumn(new TableColumn("Value").RightAligned());
            table.AddRow("Splats", Count.ToString("N0", CultureInfo.InvariantCulture));
            table.AddRow("SH degree", ShDegree.ToString(CultureInfo.InvariantCulture));
            table.AddRow("Bounds min", Markup.Escape(Vector(Min)));
            table.AddRow("Bounds max", Markup.Escape(Vector(Max)));
            table.AddRow("Alpha min / mean / max", string.Create(CultureInfo.InvariantCulture, $"{AlphaMin:0.###} / {AlphaMean:0.###} / {AlphaMax:0.###}"));
            table.AddRow("Extras", Markup.Escape(Extras.Count == 0 ? "none" : string.Join(", ", Extras)));
            return table;
        }

        private static string Vector(System.Numerics.Vector3 v) => string.Create(CultureInfo.InvariantCulture, $"({v.X:0.####}, {v.Y:0.####}, {v.Z:0.####})");

        public string ToJson()
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartObject();
                writer.WriteString("file", File);
                writer.WriteString("format", FormatName(Format));
                writer.WriteNumber("bytes", Bytes);
                writer.WriteNumber("count", Count);
                writer.WriteNumber("shDegree", ShDegree);
                writer.WriteStartObject("bounds");
                WriteVector(writer, "min", Min);
                WriteVector(writer, "max", Max);
                writer.WriteEndObject();
                writer.WriteStartObject("alpha");
                writer.WriteFinite("min", AlphaMin);
                writer.WriteFinite("mean", AlphaMean);
                writer.WriteFinite("max", AlphaMax);
                writer.WriteEndObject();
                writer.WriteStartArray("extras");
                foreach (var name in Extras)
                    writer.WriteStringValue(name);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            return System.Text.Encoding.UTF8.GetString(stream.ToArray());
        }

        private static void WriteVector(Utf8JsonWriter writer, string name, System.Numerics.Vector3 v)
        {
            writer.WriteStartArray(name);
            foreach (var c in new[] { v.X, v.Y, v.Z })
            {
                if (float.IsFinite(c)) writer.WriteNumberValue(c);
                else writer.WriteNullValue();
            }
            writer.WriteEndArray();
        }
    }
}
