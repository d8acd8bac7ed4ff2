using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Augment.Audio;
using Spectre.Console;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment audio pitch &lt;file&gt; [--json] [--method yin|pyin] [--fmin 60] [--fmax 1000] [--hop-ms 10]</c>:
/// fundamental-frequency tracking; prints a table (time, f0, note, voicing) with a summary, or JSON
/// <c>{"frames":[{"time":s,"f0":hz|null,"voicing":p}],"summary":{"median":hz,"min":hz,"max":hz,...}}</c>.
/// </summary>
internal static class PitchCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var json = new Option<bool>("--json") { Description = "Print JSON {\"frames\":[{\"time\":s,\"f0\":hz|null,\"voicing\":p}],\"summary\":{\"median\":hz,\"min\":hz,\"max\":hz}} instead of a table." };
        var method = new Option<string>("--method") { Description = "pyin: probabilistic YIN with HMM smoothing and voicing (default); yin: classic YIN, frame by frame (faster).", HelpName = "method", DefaultValueFactory = _ => "pyin" };
        method.AcceptOnlyFromAmong("yin", "pyin");
        var fmin = new Option<double>("--fmin") { Description = "Lowest fundamental searched, in Hz (at least 20).", HelpName = "hz", DefaultValueFactory = _ => PitchTrackerOptions.Default.MinFrequencyHz };
        var fmax = new Option<double>("--fmax") { Description = "Highest fundamental searched, in Hz (at most a quarter of the sample rate).", HelpName = "hz", DefaultValueFactory = _ => PitchTrackerOptions.Default.MaxFrequencyHz };
        var hop = new Option<double>("--hop-ms") { Description = "Time between frames in milliseconds (1 to 100).", HelpName = "ms", DefaultValueFactory = _ => 10 };
        var input = new Argument<string>("file") { Description = "An audio file (WAV, MP3; other formats through ffmpeg), any rate and channels (averaged).", HelpName = "file" };
        input.AcceptLegalFilePathsOnly();
        var command = new Command("pitch", "Pitch tracking (YIN / pYIN): f0 and voicing probability every few milliseconds.")
        {
            json, method, fmin, fmax, hop, input,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var path = parseResult.GetRequiredValue(input);
            if (!File.Exists(path))
                throw new FileNotFoundException($"input '{path}' does not exist.", path);
            var low = parseResult.GetValue(fmin);
            var high = parseResult.GetValue(fmax);
            if (!(low >= 20))
                throw new ArgumentException($"--fmin: {low.ToString(CultureInfo.InvariantCulture)} Hz is below 20 Hz.");
            if (!(high > low))
                throw new ArgumentException($"--fmax: {high.ToString(CultureInfo.InvariantCulture)} Hz must exceed --fmin ({low.ToString(CultureInfo.InvariantCulture)} Hz).");
            var hopMs = parseResult.GetValue(hop);
            if (!(hopMs >= 1 && hopMs <= 100))
                throw new ArgumentException($"--hop-ms: {hopMs.ToString(CultureInfo.InvariantCulture)} ms is not between 1 and 100.");
            var options = PitchTrackerOptions.Default with
            {
                Method = parseResult.GetValue(method) == "yin" ? PitchMethod.Yin : PitchMethod.PYin,
                MinFrequencyHz = low,
                MaxFrequencyHz = high,
                Hop = TimeSpan.FromMilliseconds(hopMs),
            };

            PitchTrack track;
            using (var source = AudioFile.Open(path))
            {
                if (high > source.Format.SampleRate / 4.0)
                    throw new ArgumentException($"--fmax: {high.ToString(CultureInfo.InvariantCulture)} Hz is above a quarter of the file's sample rate ({source.Format.SampleRate} Hz).");
                track = new PitchTracker(options).Track(source, cancellationToken: cancellationToken);
            }

            if (parseResult.GetValue(json))
            {
                context.Output.WriteLine(ToJson(track));
            }
            else
            {
                context.Output.WriteLine(Summary(path, track));
                if (track.Count > 0) context.Console.Write(ToTable(track));
            }
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    internal static string Summary(string path, PitchTrack track) => string.Create(CultureInfo.InvariantCulture,
        $"{path}: {track.Count} frames every {track.Hop.TotalMilliseconds:0.#} ms, {track.VoicedCount} voiced; median f0 {Hz(track.MedianFrequencyHz)} ({PitchMath.NoteName(track.MedianFrequencyHz)}), range {Hz(track.MinimumFrequencyHz)} to {Hz(track.MaximumFrequencyHz)}, method {Name(track.Method)}");

    internal static Table ToTable(PitchTrack track)
    {
        var table = new Table()
            .Title("Pitch")
            .AddColumn(new TableColumn("Time (s)").RightAligned())
            .AddColumn(new TableColumn("f0 (Hz)").RightAligned())
            .AddColumn(new TableColumn("Note"))
            .AddColumn(new TableColumn("Voicing").RightAligned());
        for (var i = 0; i < track.Count; i++)
        {
            var f0 = track.FrequenciesHz[i];
            table.AddRow(
                track.TimesSeconds[i].ToString("0.000", CultureInfo.InvariantCulture),
                float.IsNaN(f0) ? "-" : f0.ToString("0.00", CultureInfo.InvariantCulture),
                Markup.Escape(PitchMath.NoteName(f0)),
                track.VoicingProbabilities[i].ToString("0.00", CultureInfo.InvariantCulture));
        }
        return table;
    }

    internal static string ToJson(PitchTrack track)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("method", Name(track.Method));
            writer.WriteNumber("hopSeconds", Math.Round(track.Hop.TotalSeconds, 6));
            writer.WriteStartArray("frames");
            for (var i = 0; i < track.Count; i++)
            {
                writer.WriteStartObject();
                writer.WriteNumber("time", Math.Round(track.TimesSeconds[i], 4));
                var f0 = track.FrequenciesHz[i];
                if (float.IsNaN(f0)) writer.WriteNull("f0");
                else writer.WriteNumber("f0", Math.Round(f0, 3));
                writer.WriteNumber("voicing", Math.Round(track.VoicingProbabilities[i], 4));
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartObject("summary");
            writer.WriteFinite("median", track.MedianFrequencyHz, 3);
            writer.WriteFinite("min", track.MinimumFrequencyHz, 3);
            writer.WriteFinite("max", track.MaximumFrequencyHz, 3);
            writer.WriteNumber("voicedFrames", track.VoicedCount);
            writer.WriteNumber("frames", track.Count);
            writer.WriteNumber("durationSeconds", Math.Round(track.Duration.TotalSeconds, 3));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Hz(double hz) => double.IsNaN(hz) ? "-" : hz.ToString("0.0", CultureInfo.InvariantCulture) + " Hz";

    private static string Name(PitchMethod method) => method == PitchMethod.Yin ? "yin" : "pyin";
}
