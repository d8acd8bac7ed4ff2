using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Augment.Audio;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment audio normalize &lt;file&gt; --target -16 [--true-peak -1] --out &lt;file&gt;</c>: one linear gain to an
/// integrated-loudness target, optionally through a look-ahead true-peak limiter; the WAV is written atomically.
/// </summary>
internal static class NormalizeCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = new Option<double>("--target", "-t")
        {
            Description = "Integrated loudness to reach, LUFS: -23 (EBU R128 broadcast), -16 (podcasts), -14 (music streaming).",
            HelpName = "LUFS",
            DefaultValueFactory = _ => LoudnessNormalizationOptions.BroadcastLufs,
        };
        var truePeak = new Option<double?>("--true-peak")
        {
            Description = "Ceiling for the output's true peak, dBTP (e.g. -1): turns on the look-ahead true-peak limiter. Without it the gain is linear only.",
            HelpName = "dBTP",
        };
        var output = new Option<string>("--out", "-o") { Description = "The WAV file to write (float32).", HelpName = "file", Required = true };
        output.AcceptLegalFilePathsOnly();
        var json = new Option<bool>("--json") { Description = "Print the before/after measurements as JSON." };
        var input = new Argument<string>("file") { Description = "An audio file (WAV, MP3; other formats through ffmpeg).", HelpName = "file" };
        input.AcceptLegalFilePathsOnly();
        var command = new Command("normalize", "Normalise loudness to a target with linear gain and an optional true-peak limiter; writes a WAV atomically.")
        {
            target, truePeak, output, json, input,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var inputPath = parseResult.GetRequiredValue(input);
            var outputPath = parseResult.GetRequiredValue(output);
            if (!File.Exists(inputPath))
                throw new FileNotFoundException($"input '{inputPath}' does not exist.", inputPath);
            var targetLufs = parseResult.GetValue(target);
            if (!double.IsFinite(targetLufs) || targetLufs > 0 || targetLufs < -70)
                throw new ArgumentException($"--target: {targetLufs.ToString(CultureInfo.InvariantCulture)} is not between -70 and 0 LUFS.");
            var ceiling = parseResult.GetValue(truePeak);
            if (ceiling is { } c && (!double.IsFinite(c) || c > 0 || c < -20))
                throw new ArgumentException($"--true-peak: {c.ToString(CultureInfo.InvariantCulture)} is not between -20 and 0 dBTP.");
            if (string.Equals(Path.GetFullPath(inputPath), Path.GetFullPath(outputPath), StringComparison.Ordinal))
                throw new ArgumentException($"--out: '{outputPath}' is the input file; write the result to another file (the input is read twice).");
            var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
            if (!string.IsNullOrEmpty(directory))
                Directory.CreateDirectory(directory);

            var result = LoudnessNormalizer.NormalizeFile(inputPath, outputPath,
                new LoudnessNormalizationOptions { TargetLufs = targetLufs, TruePeakCeilingDbtp = ceiling }, cancellationToken: cancellationToken);

            if (parseResult.GetValue(json))
            {
                context.Output.WriteLine(ToJson(inputPath, outputPath, result));
            }
            else
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"normalized {inputPath} -> {outputPath}: {result.Input.IntegratedLufs:0.0} -> {result.Output.IntegratedLufs:0.0} LUFS (gain {result.GainDb:+0.00;-0.00} dB), true peak {result.Input.TruePeakDbtp:0.0} -> {result.Output.TruePeakDbtp:0.0} dBTP{(ceiling is null ? "" : $", limiter {result.LimiterReductionDb:0.0} dB max reduction")}"));
            }
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    internal static string ToJson(string inputPath, string outputPath, LoudnessNormalizationResult result)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("input", inputPath);
            writer.WriteString("output", outputPath);
            writer.WriteNumber("gainDb", Math.Round(result.GainDb, 3));
            writer.WriteNumber("limiterReductionDb", Math.Round(result.LimiterReductionDb, 3));
            writer.WriteStartObject("before");
            LoudnessCommand.WriteLevels(writer, result.Input);
            writer.WriteEndObject();
            writer.WriteStartObject("after");
            LoudnessCommand.WriteLevels(writer, result.Output);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
