using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Augment.Audio;
using Spectre.Console;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment audio loudness &lt;file&gt; [--json]</c>: integrated loudness, loudness range, true and sample
/// peak, maximum momentary and short-term loudness (ITU-R BS.1770-4 / EBU R128), as a table or JSON.
/// </summary>
internal static class LoudnessCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var json = new Option<bool>("--json") { Description = "Print JSON (keys integrated, range, truePeak, samplePeak, momentaryMax, shortTermMax, ...; -inf as null) instead of a table." };
        var input = new Argument<string>("file") { Description = "An audio file (WAV, MP3; other formats through ffmpeg).", HelpName = "file" };
        input.AcceptLegalFilePathsOnly();
        var command = new Command("loudness", "Measure loudness per EBU R128: integrated (gated), range, true peak (4x oversampled), sample peak, max momentary and short-term.")
        {
            json, input,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var path = parseResult.GetRequiredValue(input);
            if (!File.Exists(path))
                throw new FileNotFoundException($"input '{path}' does not exist.", path);
            LoudnessResult result;
            AudioFormat format;
            using (var source = AudioFile.Open(path))
            {
                format = source.Format;
                result = LoudnessMeter.Measure(source, new LoudnessMeterOptions { KeepSeries = false }, cancellationToken);
            }
            if (parseResult.GetValue(json))
            {
                context.Output.WriteLine(ToJson(path, format, result));
            }
            else
            {
                context.Output.WriteLine($"{path}: {format}, {result.Duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s");
                context.Console.Write(ToTable(result));
            }
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    internal static Table ToTable(LoudnessResult result)
    {
        var table = new Table()
            .Title("Loudness (EBU R128)")
            .AddColumn("Measure")
            .AddColumn(new TableColumn("Value").RightAligned());
        table.AddRow("Integrated", Format(result.IntegratedLufs, "LUFS"));
        table.AddRow("Loudness range", Format(result.RangeLu, "LU"));
        table.AddRow("True peak", Format(result.TruePeakDbtp, "dBTP"));
        table.AddRow("Sample peak", Format(result.SamplePeakDbfs, "dBFS"));
        table.AddRow("Momentary max", Format(result.MomentaryMaxLufs, "LUFS"));
        table.AddRow("Short-term max", Format(result.ShortTermMaxLufs, "LUFS"));
        table.AddRow("Relative gate", Format(result.RelativeGateLufs, "LUFS"));
        return table;
    }

    private static string Format(double value, string unit) =>
        double.IsNegativeInfinity(value) ? $"-inf {unit}" : double.IsNaN(value) ? "n/a" : $"{value.ToString("0.0", CultureInfo.InvariantCulture)} {unit}";

    internal static string ToJson(string path, AudioFormat format, LoudnessResult result)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("file", path);
            writer.WriteNumber("sampleRate", format.SampleRate);
            writer.WriteNumber("channels", format.Channels);
            writer.WriteNumber("durationSeconds", Math.Round(result.Duration.TotalSeconds, 6));
            WriteLevels(writer, result);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The measurement keys scripts rely on (also used by <c>normalize --json</c>).</summary>
    internal static void WriteLevels(Utf8JsonWriter writer, LoudnessResult result)
    {
        writer.WriteFinite("integrated", result.IntegratedLufs, 3);
        writer.WriteFinite("range", result.RangeLu, 3);
        writer.WriteFinite("truePeak", result.TruePeakDbtp, 3);
        writer.WriteFinite("samplePeak", result.SamplePeakDbfs, 3);
        writer.WriteFinite("momentaryMax", result.MomentaryMaxLufs, 3);
        writer.WriteFinite("shortTermMax", result.ShortTermMaxLufs, 3);
        writer.WriteFinite("rangeLow", result.RangeLowLufs, 3);
        writer.WriteFinite("rangeHigh", result.RangeHighLufs, 3);
        writer.WriteFinite("relativeGate", result.RelativeGateLufs, 3);
    }
}
