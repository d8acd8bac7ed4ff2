using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Augment.Audio;
using Spectre.Console;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment audio beats &lt;file&gt; [--json] [--min-bpm 40] [--max-bpm 240] [--beats-per-bar 0]</c>: onsets, tempo,
/// beats and downbeats; JSON <c>{"tempo":bpm,"beats":[s],"downbeats":[s],"onsets":[s],...}</c>.
/// With <c>--cuts cuts.csv</c> (one time in seconds per line, optional header), prints instead a beat grid
/// over the file's duration that lands beats, preferably downbeats, on the cuts, starting from the
/// file's tempo; JSON adds <c>segments</c> and <c>cuts</c> with residuals.
/// </summary>
internal static class BeatsCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var json = new Option<bool>("--json") { Description = "Print JSON {\"tempo\":bpm,\"beats\":[s],\"downbeats\":[s],\"onsets\":[s]} (with --cuts also \"segments\" and \"cuts\")." };
        var cuts = new Option<string?>("--cuts") { Description = "A CSV of picture cut times (one time in seconds per line, first column; an optional header line): print a beat grid that lands on the cuts instead.", HelpName = "cuts.csv" };
        cuts.AcceptLegalFilePathsOnly();
        var minBpm = new Option<double?>("--min-bpm") { Description = "Slowest tempo considered (default 40 for tracking, 80 for a grid).", HelpName = "bpm" };
        var maxBpm = new Option<double?>("--max-bpm") { Description = "Fastest tempo considered (default 240 for tracking, 160 for a grid).", HelpName = "bpm" };
        var perBar = new Option<int>("--beats-per-bar") { Description = "Beats per bar for downbeats: 0 chooses 3 or 4 from the accents (tracking); a grid uses 4 when 0.", HelpName = "n", DefaultValueFactory = _ => 0 };
        var targetBpm = new Option<double?>("--target-bpm") { Description = "With --cuts: the tempo the grid prefers (default: the file's tempo, clamped to the range).", HelpName = "bpm" };
        var input = new Argument<string>("file") { Description = "An audio file (WAV, MP3; other formats through ffmpeg), any rate and channels.", HelpName = "file" };
        input.AcceptLegalFilePathsOnly();
        var command = new Command("beats", "Rhythm: onsets, tempo, beats and downbeats; or, with --cuts, a beat grid that lands on picture cuts.")
        {
            json, cuts, minBpm, maxBpm, perBar, targetBpm, input,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var path = parseResult.GetRequiredValue(input);
            if (!File.Exists(path))
                throw new FileNotFoundException($"input '{path}' does not exist.", path);
            var cutsPath = parseResult.GetValue(cuts);
            if (cutsPath is not null && !File.Exists(cutsPath))
                throw new FileNotFoundException($"--cuts: '{cutsPath}' does not exist.", cutsPath);
            var beatsPerBar = parseResult.GetValue(perBar);
            if (beatsPerBar != 0 && (beatsPerBar < 2 || beatsPerBar > 12))
                throw new ArgumentException($"--beats-per-bar: {beatsPerBar} is not 0 or between 2 and 12.");
            var low = parseResult.GetValue(minBpm);
            var high = parseResult.GetValue(maxBpm);
            var target = parseResult.GetValue(targetBpm);
            if (target is not null && cutsPath is null)
                throw new ArgumentException("--target-bpm: a target tempo is used only with --cuts.");

            RhythmAnalysis analysis;
            using (var audio = AudioFile.Load(path, cancellationToken: cancellationToken))
            {
                var options = BeatTrackerOptions.Default with { BeatsPerBar = beatsPerBar };
                if (cutsPath is null)
                    options = options with { MinBpm = low ?? options.MinBpm, MaxBpm = high ?? options.MaxBpm };
                if (!(options.MinBpm > 0 && options.MaxBpm > options.MinBpm))
                    throw new ArgumentException($"--min-bpm/--max-bpm: {Number(options.MinBpm)} to {Number(options.MaxBpm)} is not a tempo range.");
                analysis = BeatTracker.Analyze(audio, options, cancellationToken: cancellationToken);
            }

            if (cutsPath is not null)
            {
                var cutTimes = ReadCuts(cutsPath);
                var gridOptions = BeatGridOptions.Default with { BeatsPerBar = beatsPerBar == 0 ? 4 : beatsPerBar };
                gridOptions = gridOptions with { MinBpm = low ?? gridOptions.MinBpm, MaxBpm = high ?? gridOptions.MaxBpm };
                if (!(gridOptions.MinBpm > 0 && gridOptions.MaxBpm >= gridOptions.MinBpm))
                    throw new ArgumentException($"--min-bpm/--max-bpm: {Number(gridOptions.MinBpm)} to {Number(gridOptions.MaxBpm)} is not a tempo range.");
                var preferred = target ?? (analysis.TempoBpm > 0 ? analysis.TempoBpm : gridOptions.TargetBpm);
                if (!(preferred > 0))
                    throw new ArgumentException($"--target-bpm: {Number(preferred)} is not a tempo.");
                gridOptions = gridOptions with { TargetBpm = Math.Clamp(preferred, gridOptions.MinBpm, gridOptions.MaxBpm) };
                var duration = analysis.Onsets.DurationSeconds;
                foreach (var cut in cutTimes)
                    if (cut > duration)
                        throw new ArgumentException($"--cuts: the cut at {Number(cut)} s lies after the end of '{path}' ({Number(duration)} s).");
                var grid = BeatGrid.FromCuts(cutTimes, duration, gridOptions);
                if (parseResult.GetValue(json))
                {
                    context.Output.WriteLine(GridJson(grid, gridOptions.TargetBpm));
                }
                else
                {
                    context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{path}: grid over {duration:0.00} s for {cutTimes.Count} cut{(cutTimes.Count == 1 ? "" : "s")}, {grid.Beats.Count} beats in {grid.BeatsPerBar}/4, target {gridOptions.TargetBpm:0.0} BPM, largest cut residual {grid.MaxCutResidualSeconds * 1000:0.0} ms"));
                    context.Console.Write(SegmentTable(grid));
                    if (grid.Anchors.Count > 0) context.Console.Write(CutTable(grid));
                }
                return Task.FromResult(ExitCodes.Success);
            }

            if (parseResult.GetValue(json))
            {
                context.Output.WriteLine(ToJson(analysis));
            }
            else
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{path}: {analysis.TempoBpm:0.0} BPM, {analysis.BeatSeconds.Count} beats, {analysis.DownbeatSeconds.Count} downbeats ({analysis.BeatsPerBar} per bar), {analysis.Onsets.OnsetSeconds.Count} onsets in {analysis.Onsets.DurationSeconds:0.00} s"));
                if (analysis.BeatSeconds.Count > 0) context.Console.Write(BeatTable(analysis));
            }
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    /// <summary>Cut times from a CSV: the first field of each non-blank line; a first line that is not a number is a header.</summary>
    internal static List<double> ReadCuts(string path)
    {
        var times = new List<double>();
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim().TrimStart('\uFEFF');
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var field = line.Split(',', ';', '\t')[0].Trim().Trim('"');
            if (double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) && seconds >= 0)
            {
                times.Add(seconds);
                continue;
            }
            if (times.Count == 0 && lineNumber == 1) continue; // header
            throw new ArgumentException($"--cuts: line {lineNumber} of '{path}' ('{Short(line)}') is not a time in seconds (a non-negative number).");
        }
        return times;
    }

    private static string Short(string text) => text.Length <= 40 ? text : text[..40] + "...";

    private static Table BeatTable(RhythmAnalysis analysis)
    {
        var table = new Table().Title("Beats").AddColumn(new TableColumn("#").RightAligned()).AddColumn(new TableColumn("Time (s)").RightAligned()).AddColumn("Downbeat");
        var downbeats = new HashSet<double>(analysis.DownbeatSeconds);
        for (var i = 0; i < analysis.BeatSeconds.Count; i++)
            table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), Seconds(analysis.BeatSeconds[i]), downbeats.Contains(analysis.BeatSeconds[i]) ? "yes" : "");
        return table;
    }

    private static Table SegmentTable(BeatGrid grid)
    {
        var table = new Table().Title("Tempo segments").AddColumn(new TableColumn("Start (s)").RightAligned()).AddColumn(new TableColumn("End (s)").RightAligned()).AddColumn(new TableColumn("BPM").RightAligned()).AddColumn(new TableColumn("Beats").RightAligned());
        foreach (var s in grid.Segments)
            table.AddRow(Seconds(s.StartSeconds), Seconds(s.EndSeconds), s.Bpm.ToString("0.00", CultureInfo.InvariantCulture), s.BeatCount.ToString(CultureInfo.InvariantCulture));
        return table;
    }

    private static Table CutTable(BeatGrid grid)
    {
        var table = new Table().Title("Cuts").AddColumn(new TableColumn("Cut (s)").RightAligned()).AddColumn(new TableColumn("Beat (s)").RightAligned()).AddColumn(new TableColumn("Residual (ms)").RightAligned()).AddColumn("Downbeat");
        foreach (var a in grid.Anchors)
            table.AddRow(Seconds(a.TimeSeconds), Seconds(a.BeatSeconds), (a.ResidualSeconds * 1000).ToString("0.0", CultureInfo.InvariantCulture), a.OnDownbeat ? "yes" : "");
        return table;
    }

    internal static string ToJson(RhythmAnalysis analysis)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("tempo", Math.Round(analysis.TempoBpm, 2));
            WriteTimes(writer, "beats", analysis.BeatSeconds);
            WriteTimes(writer, "downbeats", analysis.DownbeatSeconds);
            WriteTimes(writer, "onsets", analysis.Onsets.OnsetSeconds);
            writer.WriteNumber("beatsPerBar", analysis.BeatsPerBar);
            writer.WriteNumber("durationSeconds", Math.Round(analysis.Onsets.DurationSeconds, 3));
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    internal static string GridJson(BeatGrid grid, double targetBpm)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("tempo", Math.Round(targetBpm, 2));
            var beats = new List<double>(grid.Beats.Count);
            var downbeats = new List<double>();
            foreach (var b in grid.Beats)
            {
                beats.Add(b.TimeSeconds);
                if (b.IsDownbeat) downbeats.Add(b.TimeSeconds);
            }
            WriteTimes(writer, "beats", beats, 6);
            WriteTimes(writer, "downbeats", downbeats, 6);
            writer.WriteNumber("beatsPerBar", grid.BeatsPerBar);
            writer.WriteStartArray("segments");
            foreach (var s in grid.Segments)
            {
                writer.WriteStartObject();
                writer.WriteNumber("start", Math.Round(s.StartSeconds, 6));
                writer.WriteNumber("end", Math.Round(s.EndSeconds, 6));
                writer.WriteNumber("bpm", Math.Round(s.Bpm, 4));
                writer.WriteNumber("beats", s.BeatCount);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartArray("cuts");
            foreach (var a in grid.Anchors)
            {
                writer.WriteStartObject();
                writer.WriteNumber("time", Math.Round(a.TimeSeconds, 6));
                writer.WriteNumber("beat", Math.Round(a.BeatSeconds, 6));
                writer.WriteNumber("residual", Math.Round(a.ResidualSeconds, 6));
                writer.WriteBoolean("downbeat", a.OnDownbeat);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteNumber("durationSeconds", Math.Round(grid.DurationSeconds, 3));
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteTimes(Utf8JsonWriter writer, string name, IReadOnlyList<double> times, int digits = 3)
    {
        writer.WriteStartArray(name);
        foreach (var t in times) writer.WriteNumberValue(Math.Round(t, digits));
        writer.WriteEndArray();
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Seconds(double seconds) => seconds.ToString("0.000", CultureInfo.InvariantCulture);
}
