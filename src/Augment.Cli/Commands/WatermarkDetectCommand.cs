using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Augment.Provenance.Watermarks;
using Augment.Vision;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment watermark detect &lt;file&gt; [--key &lt;hex&gt;] [--json]</c>: looks for an Augment image watermark.
/// Exit code 0 when a payload is found, 1 when none is.
/// </summary>
internal static class WatermarkDetectCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = new Argument<string>("file") { Description = "The image to examine (PNG, JPEG, TIFF, WebP, BMP, GIF, TGA).", HelpName = "file" };
        input.AcceptLegalFilePathsOnly();
        var json = new Option<bool>("--json") { Description = "Print a JSON object (found, payload, algorithm, bit_confidence, sync_score, scale_ratio) instead of a line." };
        var key = WatermarkCommand.KeyOption();
        var command = new Command("detect", "Detects an invisible watermark and prints its 64-bit payload.")
        {
            input, json, key,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var path = parseResult.GetRequiredValue(input);
            if (!File.Exists(path))
                throw new FileNotFoundException($"input '{path}' does not exist.", path);
            var options = WatermarkCommand.Options(parseResult.GetValue(key));
            using var frame = ImageFile.Load(path);
            var detection = ImageWatermark.Detect(frame, options, cancellationToken);
            if (parseResult.GetValue(json))
                context.Output.WriteLine(ToJson(detection));
            else if (detection.Payload is { } payload)
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path}: watermark {payload.ToHex()} ({ImageWatermark.AlgorithmName}), bit confidence {detection.BitConfidence:P1}, sync {detection.SyncScore:F1}"));
            else
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path}: no watermark found (sync {detection.SyncScore:F1})"));
            return Task.FromResult(detection.Found ? ExitCodes.Success : ExitCodes.Failure);
        });
        return command;
    }

    internal static string ToJson(WatermarkDetection detection)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("found", detection.Found);
            if (detection.Payload is { } payload)
                writer.WriteString("payload", payload.ToHex());
            else
                writer.WriteNull("payload");
            writer.WriteString("algorithm", ImageWatermark.AlgorithmName);
            writer.WriteNumber("bit_confidence", Math.Round(detection.BitConfidence, 4));
            writer.WriteNumber("sync_score", Math.Round(detection.SyncScore, 2));
            writer.WriteNumber("scale_ratio", Math.Round(detection.ScaleRatio, 3));
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
