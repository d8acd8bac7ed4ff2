using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Augment.Audio;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment audio voice splice &lt;take&gt; --start s --end s --insert &lt;file&gt; --out &lt;file&gt; [--fit shift|stretch]
/// [--crossfade ms] [--no-loudness] [--no-room-tone] [--no-pitch] [--json]</c>: replaces [start, end) of a
/// voice-over with a new recording, matching loudness, room tone and pitch across the joins.
/// </summary>
internal static class VoiceSpliceCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var output = new Option<string>("--out", "-o") { Description = "The WAV file to write (float32).", HelpName = "file", Required = true };
        output.AcceptLegalFilePathsOnly();
        var start = new Option<double>("--start") { Description = "Start of the range to replace, seconds.", HelpName = "s", Required = true };
        var end = new Option<double>("--end") { Description = "End of the range to replace, seconds.", HelpName = "s", Required = true };
        var insert = new Option<string>("--insert") { Description = "The new recording (any rate; mono or the take's channels).", HelpName = "file", Required = true };
        insert.AcceptLegalFilePathsOnly();
        var fit = new Option<string>("--fit") { Description = "shift: the insert keeps its length and the rest of the take moves; stretch: the insert is time-stretched to the range.", HelpName = "mode", DefaultValueFactory = _ => "shift" };
        fit.AcceptOnlyFromAmong("shift", "stretch");
        var crossfade = new Option<double>("--crossfade") { Description = "Equal-power crossfade at each join, milliseconds (0 to 500).", HelpName = "ms", DefaultValueFactory = _ => 30 };
        var noLoudness = new Option<bool>("--no-loudness") { Description = "Do not gain the insert to the take's loudness around the range." };
        var noRoomTone = new Option<bool>("--no-room-tone") { Description = "Do not lay the take's room tone under the insert." };
        var noPitch = new Option<bool>("--no-pitch") { Description = "Do not shift the insert's pitch to meet the take's at the joins." };
        var json = new Option<bool>("--json") { Description = "Print JSON with what was measured and applied (gain, pitch shift, f0 at the joins, room tone)." };
        var take = new Argument<string>("take") { Description = "The voice-over (WAV, MP3; other formats through ffmpeg).", HelpName = "take" };
        take.AcceptLegalFilePathsOnly();
        var command = new Command("splice", "Replace a time range of a voice-over with a new recording, matching loudness, room tone and pitch, with equal-power crossfades.")
        {
            output, start, end, insert, fit, crossfade, noLoudness, noRoomTone, noPitch, json, take,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var takePath = parseResult.GetRequiredValue(take);
            var insertPath = parseResult.GetRequiredValue(insert);
            var outputPath = parseResult.GetRequiredValue(output);
            double s = parseResult.GetValue(start), e = parseResult.GetValue(end), ms = parseResult.GetValue(crossfade);
            if (!(s >= 0) || !double.IsFinite(s))
                throw new ArgumentException($"--start: {s.ToString(CultureInfo.InvariantCulture)} is not a time in seconds at or after 0.");
            if (!(e > s) || !double.IsFinite(e))
                throw new ArgumentException($"--end: {e.ToString(CultureInfo.InvariantCulture)} is not after --start ({s.ToString(CultureInfo.InvariantCulture)}).");
            if (!(ms >= 0 && ms <= 500))
                throw new ArgumentException($"--crossfade: {ms.ToString(CultureInfo.InvariantCulture)} ms is not between 0 and 500.");
            VoiceCommand.CheckPaths(takePath, outputPath, "take");
            VoiceCommand.CheckPaths(insertPath, outputPath, "--insert");
            var options = VoiceSpliceOptions.Default with
            {
                Fit = parseResult.GetValue(fit) == "stretch" ? SpliceFit.StretchToRange : SpliceFit.ShiftRest,
                Crossfade = TimeSpan.FromMilliseconds(ms),
                MatchLoudness = !parseResult.GetValue(noLoudness),
                MatchRoomTone = !parseResult.GetValue(noRoomTone),
                MatchPitch = !parseResult.GetValue(noPitch),
            };
            using var takeAudio = AudioFile.Load(takePath, cancellationToken: cancellationToken);
            if (e > takeAudio.Duration.TotalSeconds + 1e-9)
                throw new ArgumentException($"--end: {e.ToString(CultureInfo.InvariantCulture)} s is past the end of the take ({takeAudio.Duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s).");
            using var insertAudio = AudioFile.Load(insertPath, cancellationToken: cancellationToken);
            using var result = new VoiceSplicer(options).Splice(takeAudio, TimeSpan.FromSeconds(s), TimeSpan.FromSeconds(Math.Min(e, takeAudio.Duration.TotalSeconds)), insertAudio, cancellationToken: cancellationToken);
            AudioFile.SaveWav(result.Audio, outputPath);
            if (parseResult.GetValue(json))
            {
                context.Output.WriteLine(ToJson(result, outputPath));
            }
            else
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"splice {takePath} [{s:0.###}-{e:0.###} s] <- {insertPath} -> {outputPath}: insert at {result.InsertStart.TotalSeconds:0.###}-{result.InsertEnd.TotalSeconds:0.###} s, {result.Audio.Duration.TotalSeconds:0.###} s in all"));
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  gain {result.GainDb:+0.0;-0.0;0.0} dB (take {Lufs(result.SurroundingLoudnessLufs)}), pitch {result.PitchShiftSemitones:+0.00;-0.00;0.00} semitones (take f0 {Hz(result.TakeF0BeforeHz)}/{Hz(result.TakeF0AfterHz)}, insert {Hz(result.InsertF0StartHz)}/{Hz(result.InsertF0EndHz)}), stretch x{result.StretchFactor:0.###}, room tone {Db(result.RoomToneDbfs)}"));
            }
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static string Hz(double value) => double.IsFinite(value) ? VoiceCommand.Number(value, "0.0") + " Hz" : "unvoiced";

    private static string Lufs(double value) => double.IsFinite(value) ? VoiceCommand.Number(value, "0.0") + " LUFS" : "not measured";

    private static string Db(double value) => double.IsFinite(value) ? VoiceCommand.Number(value, "0.0") + " dBFS" : "not matched";

    internal static string ToJson(VoiceSpliceResult result, string outputPath)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("out", outputPath);
            writer.WriteNumber("durationSeconds", Math.Round(result.Audio.Duration.TotalSeconds, 4));
            writer.WriteNumber("insertStart", Math.Round(result.InsertStart.TotalSeconds, 4));
            writer.WriteNumber("insertEnd", Math.Round(result.InsertEnd.TotalSeconds, 4));
            writer.WriteNumber("stretchFactor", Math.Round(result.StretchFactor, 5));
            writer.WriteNumber("gainDb", Math.Round(result.GainDb, 3));
            writer.WriteNumber("pitchShiftSemitones", Math.Round(result.PitchShiftSemitones, 4));
            writer.WriteFinite("surroundingLufs", result.SurroundingLoudnessLufs, 3);
            writer.WriteFinite("takeF0BeforeHz", result.TakeF0BeforeHz, 3);
            writer.WriteFinite("takeF0AfterHz", result.TakeF0AfterHz, 3);
            writer.WriteFinite("insertF0StartHz", result.InsertF0StartHz, 3);
            writer.WriteFinite("insertF0EndHz", result.InsertF0EndHz, 3);
            writer.WriteFinite("roomToneDbfs", result.RoomToneDbfs, 3);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
