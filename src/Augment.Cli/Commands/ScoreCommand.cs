using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Augment.Audio;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment audio score --cuts &lt;cuts.csv&gt; --duration &lt;s&gt; --out &lt;file&gt; [--tension a:b] [--seed N] [--tempo bpm]
/// [--tempo-range min:max] [--key "A minor"] [--arc a:b] [--stems folder] [--loudness LUFS] [--json]</c>: a seeded,
/// royalty-free procedural score (drums, bass, pads, ambience, hits on the cuts) that follows the picture.
/// The mix and stems are written atomically as float32 WAV.
/// </summary>
internal static class ScoreCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cuts = new Option<string?>("--cuts") { Description = "Cut list: one time per line in seconds or HH:MM:SS.mmm (optional header, # comments, first CSV field). Each cut gets a hit and, where the tempo range allows, a downbeat.", HelpName = "cuts.csv" };
        cuts.AcceptLegalFilePathsOnly();
        var duration = new Option<string>("--duration") { Description = "Length of the score: seconds or HH:MM:SS.mmm.", HelpName = "s", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "The mix WAV to write (float32).", HelpName = "file", Required = true };
        output.AcceptLegalFilePathsOnly();
        var tension = new Option<string>("--tension") { Description = "Tension over time, 0 to 1: '0.5' flat, '0.2:0.8' a ramp, '0.2:0.9:0.4' evenly spaced values, or '0@0.2,0.7@0.9,1@0.3' (position@value).", HelpName = "curve", DefaultValueFactory = _ => "0.5" };
        var arc = new Option<string>("--arc") { Description = "Emotional arc (valence) over time, -1 (dark, minor chords) to 1 (bright, major chords); same syntax as --tension.", HelpName = "curve", DefaultValueFactory = _ => "0" };
        var seed = new Option<ulong>("--seed") { Description = "Seed: the same seed and options give bit-identical audio.", HelpName = "N", DefaultValueFactory = _ => 1UL };
        var tempo = new Option<double>("--tempo") { Description = "Base tempo, BPM.", HelpName = "bpm", DefaultValueFactory = _ => 110 };
        var tempoRange = new Option<string?>("--tempo-range") { Description = "Tempo range the map may use to land downbeats on cuts, 'min:max' BPM (default tempo/1.25 to tempo·1.25).", HelpName = "min:max" };
        var key = new Option<string>("--key") { Description = "Key: a note and mode, e.g. 'A minor', 'F#m', 'D dorian', 'Eb'.", HelpName = "key", DefaultValueFactory = _ => "A minor" };
        var stems = new Option<string?>("--stems") { Description = "Also write the stems (drums, bass, pad, ambience, hits) as WAVs into this folder.", HelpName = "folder" };
        stems.AcceptLegalFilePathsOnly();
        var loudness = new Option<string>("--loudness") { Description = "Integrated loudness of the mix, LUFS (with a -1 dBTP true-peak limiter), or 'off' to keep the synthesised level (stems then sum to the mix exactly).", HelpName = "LUFS", DefaultValueFactory = _ => "-16" };
        var sampleRate = new Option<int>("--sample-rate") { Description = "Sample rate, Hz.", HelpName = "Hz", DefaultValueFactory = _ => 48000 };
        var mono = new Option<bool>("--mono") { Description = "Write mono instead of stereo." };
        var json = new Option<bool>("--json") { Description = "Print JSON (tempo, key, seed, downbeats, cuts on downbeats, loudness, files) instead of a summary line." };
        var command = new Command("score", "Generate a seeded, royalty-free score that follows the picture's cuts and a tension curve: drums, bass, pads, ambience and hits, synthesised in-process.")
        {
            cuts, duration, output, tension, arc, seed, tempo, tempoRange, key, stems, loudness, sampleRate, mono, json,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var outputPath = parseResult.GetRequiredValue(output);
            var durationText = parseResult.GetRequiredValue(duration);
            if (!ScoreCuts.TryParseTime(durationText, out var length) || length <= TimeSpan.Zero)
                throw new ArgumentException($"--duration: '{durationText}' is not a positive time (seconds or HH:MM:SS.mmm).");
            var bpm = parseResult.GetValue(tempo);
            if (!double.IsFinite(bpm) || bpm < 30 || bpm > 300)
                throw new ArgumentException($"--tempo: {bpm.ToString(CultureInfo.InvariantCulture)} is not between 30 and 300 BPM.");
            var (minBpm, maxBpm) = TempoRange(parseResult.GetValue(tempoRange), bpm);
            var options = new ScoreOptions
            {
                Duration = length,
                SampleRate = parseResult.GetValue(sampleRate),
                Channels = parseResult.GetValue(mono) ? 1 : 2,
                TempoBpm = bpm,
                MinTempoBpm = minBpm,
                MaxTempoBpm = maxBpm,
                Key = Parse("--key", () => MusicalKey.Parse(parseResult.GetValue(key) ?? "A minor")),
                Seed = parseResult.GetValue(seed),
                Tension = Parse("--tension", () => ScoreCurve.Parse(parseResult.GetValue(tension) ?? "0.5")),
                Arc = Parse("--arc", () => ScoreCurve.Parse(parseResult.GetValue(arc) ?? "0")),
                Cuts = Cuts(parseResult.GetValue(cuts), length),
                TargetLufs = Loudness(parseResult.GetValue(loudness) ?? "-16"),
            };
            var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);

            using var score = ScoreGenerator.Generate(options, cancellationToken: cancellationToken);
            AudioFile.SaveWav(score.Mix, outputPath);
            IReadOnlyList<string> stemPaths = parseResult.GetValue(stems) is { } folder ? score.Stems.SaveWav(folder) : [];

            if (parseResult.GetValue(json))
                context.Output.WriteLine(ToJson(score, options, outputPath, stemPaths));
            else
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{outputPath}: {length.TotalSeconds:0.00} s score, {options.SampleRate} Hz {(options.Channels == 1 ? "mono" : "stereo")}, {options.Key}, {bpm:0.#} BPM ({minBpm:0.#}-{maxBpm:0.#}), seed {options.Seed}, {score.Downbeats.Count} bars, {score.CutsOnDownbeats.Count} of {options.Cuts.Count} cuts on downbeats, {score.Loudness.IntegratedLufs:0.0} LUFS, true peak {score.Loudness.TruePeakDbtp:0.0} dBTP, limiter {score.LimiterReductionDb:0.0} dB{(stemPaths.Count > 0 ? $"; {stemPaths.Count} stems in {Path.GetDirectoryName(stemPaths[0])}" : "")}"));
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static T Parse<T>(string option, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"{option}: {ex.Message}", ex);
        }
    }

    private static (double Min, double Max) TempoRange(string? text, double bpm)
    {
        if (text is null) return (Math.Max(30, bpm / 1.25), Math.Min(300, bpm * 1.25));
        var parts = text.Split(':', '-');
        if (parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var min)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var max)
            && min >= 30 && max <= 300 && min <= bpm && bpm <= max)
            return (min, max);
        throw new ArgumentException($"--tempo-range: '{text}' is not 'min:max' BPM with 30 <= min <= tempo ({bpm.ToString(CultureInfo.InvariantCulture)}) <= max <= 300.");
    }

    private static IReadOnlyList<TimeSpan> Cuts(string? path, TimeSpan length)
    {
        if (path is null) return [];
        if (!File.Exists(path)) throw new FileNotFoundException($"--cuts: '{path}' does not exist.", path);
        var cuts = ScoreCuts.Load(path);
        foreach (var cut in cuts)
            if (cut > length)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--cuts: '{path}' has a cut at {cut.TotalSeconds:0.###} s, after the end of the score (--duration {length.TotalSeconds:0.###} s)."));
        return cuts;
    }

    private static double? Loudness(string text)
    {
        if (string.Equals(text, "off", StringComparison.OrdinalIgnoreCase)) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var lufs) && lufs >= -70 && lufs <= 0) return lufs;
        throw new ArgumentException($"--loudness: '{text}' is not a level between -70 and 0 LUFS, or 'off'.");
    }

    internal static string ToJson(ScoreResult score, ScoreOptions options, string outputPath, IReadOnlyList<string> stemPaths)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("out", outputPath);
            writer.WriteNumber("durationSeconds", Math.Round(options.Duration.TotalSeconds, 3));
            writer.WriteNumber("sampleRate", options.SampleRate);
            writer.WriteNumber("channels", options.Channels);
            writer.WriteString("key", options.Key.ToString());
            writer.WriteNumber("tempo", options.TempoBpm);
            writer.WriteNumber("seed", options.Seed);
            writer.WriteString("tension", options.Tension.ToString());
            writer.WriteString("arc", options.Arc.ToString());
            Times(writer, "cuts", options.Cuts);
            Times(writer, "cutsOnDownbeats", score.CutsOnDownbeats);
            Times(writer, "downbeats", score.Downbeats);
            writer.WriteNumber("beats", score.Beats.Count);
            writer.WriteNumber("integratedLufs", Math.Round(score.Loudness.IntegratedLufs, 2));
            writer.WriteNumber("truePeakDbtp", Math.Round(score.Loudness.TruePeakDbtp, 2));
            writer.WriteNumber("gainDb", Math.Round(score.GainDb, 2));
            writer.WriteNumber("limiterReductionDb", Math.Round(score.LimiterReductionDb, 2));
            writer.WriteStartArray("stems");
            foreach (var path in stemPaths) writer.WriteStringValue(path);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Times(Utf8JsonWriter writer, string name, IReadOnlyList<TimeSpan> times)
    {
        writer.WriteStartArray(name);
        foreach (var t in times) writer.WriteNumberValue(Math.Round(t.TotalSeconds, 4));
        writer.WriteEndArray();
    }
}
