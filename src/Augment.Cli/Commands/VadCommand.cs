using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Augment.Audio;
using Spectre.Console;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment audio vad &lt;file&gt; [--json] [--method silero|energy] [--model path] [--threshold 0.5]</c>:
/// voice activity detection; prints the speech segments (start, end, duration) and the speech share,
/// or JSON <c>{"segments":[{"start":s,"end":s}],"speechSeconds":...,"method":...}</c>.
/// </summary>
internal static class VadCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var json = new Option<bool>("--json") { Description = "Print JSON {\"segments\":[{\"start\":s,\"end\":s}],\"speechSeconds\":s,\"method\":...} instead of a table." };
        var method = new Option<string>("--method") { Description = "silero: the embedded Silero VAD network (robust in noise); energy: no model, band energy over a tracked noise floor (fast).", HelpName = "method", DefaultValueFactory = _ => "silero" };
        method.AcceptOnlyFromAmong("silero", "energy");
        var model = new Option<string?>("--model") { Description = "A Silero VAD .onnx file (v4 or v5 interface) to use instead of the embedded model.", HelpName = "path" };
        model.AcceptLegalFilePathsOnly();
        var threshold = new Option<double>("--threshold") { Description = "Speech probability that starts a segment (0 to 1, exclusive); speech ends below threshold - 0.15.", HelpName = "p", DefaultValueFactory = _ => 0.5 };
        var input = new Argument<string>("file") { Description = "An audio file (WAV, MP3; other formats through ffmpeg), any rate and channels.", HelpName = "file" };
        input.AcceptLegalFilePathsOnly();
        var command = new Command("vad", "Voice activity detection: where speech is (Silero VAD model, or a model-free energy detector).")
        {
            json, method, model, threshold, input,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var path = parseResult.GetRequiredValue(input);
            if (!File.Exists(path))
                throw new FileNotFoundException($"input '{path}' does not exist.", path);
            var p = parseResult.GetValue(threshold);
            if (!(p > 0 && p < 1))
                throw new ArgumentException($"--threshold: {p.ToString(CultureInfo.InvariantCulture)} is not between 0 and 1 (exclusive).");
            var chosen = parseResult.GetValue(method) == "energy" ? VadMethod.Energy : VadMethod.Silero;
            var modelPath = parseResult.GetValue(model);
            if (modelPath is not null)
            {
                if (chosen != VadMethod.Silero)
                    throw new ArgumentException("--model: a model is used only with --method silero.");
                if (!File.Exists(modelPath))
                    throw new FileNotFoundException($"--model: '{modelPath}' does not exist.", modelPath);
            }

            var options = VadOptions.Default with { Method = chosen, Threshold = (float)p, ModelPath = modelPath };
            VadResult result;
            using (var source = AudioFile.Open(path))
                result = VoiceActivity.Analyze(source, options, cancellationToken: cancellationToken);

            if (parseResult.GetValue(json))
            {
                context.Output.WriteLine(ToJson(result));
            }
            else
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{path}: {result.Segments.Count} speech segment{(result.Segments.Count == 1 ? "" : "s")}, {result.SpeechDuration.TotalSeconds:0.00} s of {result.Duration.TotalSeconds:0.00} s ({result.SpeechFraction * 100:0.0}% speech), method {Name(chosen)}"));
                if (result.Segments.Count > 0) context.Console.Write(ToTable(result));
            }
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    internal static Table ToTable(VadResult result)
    {
        var table = new Table()
            .Title("Speech segments")
            .AddColumn(new TableColumn("#").RightAligned())
            .AddColumn(new TableColumn("Start (s)").RightAligned())
            .AddColumn(new TableColumn("End (s)").RightAligned())
            .AddColumn(new TableColumn("Duration (s)").RightAligned())
            .AddColumn(new TableColumn("Mean p").RightAligned());
        for (var i = 0; i < result.Segments.Count; i++)
        {
            var s = result.Segments[i];
            table.AddRow(
                (i + 1).ToString(CultureInfo.InvariantCulture),
                Seconds(s.Start),
                Seconds(s.End),
                Seconds(s.Duration),
                s.MeanProbability.ToString("0.00", CultureInfo.InvariantCulture));
        }
        return table;
    }

    internal static string ToJson(VadResult result)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("segments");
            foreach (var segment in result.Segments)
            {
                writer.WriteStartObject();
                writer.WriteNumber("start", Math.Round(segment.Start.TotalSeconds, 3));
                writer.WriteNumber("end", Math.Round(segment.End.TotalSeconds, 3));
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteNumber("speechSeconds", Math.Round(result.SpeechDuration.TotalSeconds, 3));
            writer.WriteNumber("durationSeconds", Math.Round(result.Duration.TotalSeconds, 3));
            writer.WriteString("method", Name(result.Method));
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Name(VadMethod method) => method == VadMethod.Energy ? "energy" : "silero";

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
}
