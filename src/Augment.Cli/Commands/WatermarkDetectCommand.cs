using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Augment.Audio;
using Augment.Provenance.Watermarks;
using Augment.Vision;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment watermark detect &lt;file&gt; [--key &lt;hex&gt;] [--json]</c>: looks for an Augment image or audio watermark
/// (audio when the file's content says so: WAV, MP3, FLAC, Ogg, AIFF, ...).
/// Exit code 0 when a payload is found, 1 when none is.
/// </summary>
internal static class WatermarkDetectCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = new Argument<string>("file") { Description = "The image (PNG, JPEG, TIFF, WebP, BMP, GIF, TGA) or sound (WAV, MP3; FLAC, Ogg and others through ffmpeg) to examine.", HelpName = "file" };
        input.AcceptLegalFilePathsOnly();
        var json = new Option<bool>("--json") { Description = "Print a JSON object (found, payload, algorithm, kind, bit_confidence, sync_score, scale_ratio) instead of a line." };
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
            var keyHex = parseResult.GetValue(key);
            var audio = WatermarkMedia.IsAudio(path);
            WatermarkDetection detection;
            if (audio)
            {
                var options = WatermarkCommand.AudioOptions(keyHex);
                using var sound = AudioFile.Load(path, cancellationToken: cancellationToken);
                detection = AudioWatermark.Detect(sound, options, cancellationToken);
            }
            else
            {
                var options = WatermarkCommand.Options(keyHex);
                using var frame = ImageFile.Load(path);
                detection = ImageWatermark.Detect(frame, options, cancellationToken);
            }
            var algorithm = audio ? AudioWatermark.AlgorithmName : ImageWatermark.AlgorithmName;
            if (parseResult.GetValue(json))
                context.Output.WriteLine(ToJson(detection, audio));
            else if (detection.Payload is { } payload)
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path}: watermark {payload.ToHex()} ({algorithm}), bit confidence {detection.BitConfidence:P1}, sync {detection.SyncScore:F1}"));
            else
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path}: no watermark found (sync {detection.SyncScore:F1})"));
            return Task.FromResult(detection.Found ? ExitCodes.Success : ExitCodes.Failure);
        });
        return command;
    }

    internal static string ToJson(WatermarkDetection detection, bool audio = false)
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
            writer.WriteString("algorithm", audio ? AudioWatermark.AlgorithmName : ImageWatermark.AlgorithmName);
            writer.WriteString("kind", audio ? "audio" : "image");
            writer.WriteNumber("bit_confidence", Math.Round(detection.BitConfidence, 4));
            writer.WriteNumber("sync_score", Math.Round(detection.SyncScore, 2));
            writer.WriteNumber("scale_ratio", Math.Round(detection.ScaleRatio, 3));
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
