using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Augment.Audio;
using Spectre.Console;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment audio match-room --reference &lt;location.wav&gt; &lt;studio.wav&gt; --out &lt;file&gt; [--mix 1] [--drr dB] [--seed 1] [--json]</c>:
/// estimates the location's room blind (per-band RT60, DRR), synthesises a matching impulse response, applies it
/// to the studio take (level-matched) and writes a WAV atomically; prints the estimated room.
/// </summary>
internal static class MatchRoomCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reference = new Option<string>("--reference", "-r") { Description = "A recording made in the room to match (speech with pauses, a few seconds at least).", HelpName = "location.wav", Required = true };
        reference.AcceptLegalFilePathsOnly();
        var output = new Option<string>("--out", "-o") { Description = "The WAV file to write (float32).", HelpName = "file", Required = true };
        output.AcceptLegalFilePathsOnly();
        var mix = new Option<double>("--mix") { Description = "Share of the room signal, 0 (dry) to 1 (room only; the synthetic IR carries the direct sound).", HelpName = "fraction", DefaultValueFactory = _ => 1 };
        var drr = new Option<double?>("--drr") { Description = "Direct-to-reverberant ratio of the synthetic IR, dB (-10 to 20); default: the estimate.", HelpName = "dB" };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic reverb tail.", HelpName = "n", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print the estimated room as JSON (rt60, drr, level, bands[] with centerHz, rt60, decays, note; NaN as null)." };
        var input = new Argument<string>("studio") { Description = "The studio take to place in the room.", HelpName = "studio.wav" };
        input.AcceptLegalFilePathsOnly();
        var command = new Command("match-room", "Make a studio take sound recorded on location: estimate the location's reverberation blind, synthesise a matching IR, apply it.")
        {
            reference, output, mix, drr, seed, json, input,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var studioPath = parseResult.GetRequiredValue(input);
            var referencePath = parseResult.GetRequiredValue(reference);
            var outputPath = parseResult.GetRequiredValue(output);
            if (!File.Exists(studioPath))
                throw new FileNotFoundException($"input '{studioPath}' does not exist.", studioPath);
            if (!File.Exists(referencePath))
                throw new FileNotFoundException($"--reference: '{referencePath}' does not exist.", referencePath);
            if (string.Equals(Path.GetFullPath(studioPath), Path.GetFullPath(outputPath), StringComparison.Ordinal)
                || string.Equals(Path.GetFullPath(referencePath), Path.GetFullPath(outputPath), StringComparison.Ordinal))
                throw new ArgumentException($"--out: '{outputPath}' is an input file; write the result to another file.");
            var wet = parseResult.GetValue(mix);
            if (!(wet >= 0 && wet <= 1))
                throw new ArgumentException($"--mix: {wet.ToString(CultureInfo.InvariantCulture)} is not between 0 and 1.");
            var drrDb = parseResult.GetValue(drr);
            if (drrDb is { } d && !(d >= -10 && d <= 20))
                throw new ArgumentException($"--drr: {d.ToString(CultureInfo.InvariantCulture)} is not between -10 and 20 dB.");
            var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
            if (!string.IsNullOrEmpty(directory))
                Directory.CreateDirectory(directory);
            var room = RoomMatch.ApplyToFile(referencePath, studioPath, outputPath, new RoomMatchOptions
            {
                DrrDb = drrDb,
                Seed = parseResult.GetValue(seed),
                Apply = RoomApplyOptions.Default with { Mix = wet },
            }, cancellationToken: cancellationToken);
            if (parseResult.GetValue(json))
            {
                context.Output.WriteLine(ToJson(referencePath, studioPath, outputPath, room));
            }
            else
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"match-room {studioPath} -> {outputPath}: room of {referencePath}: RT60 {AnalyzeRoomCommand.Format(room.Broadband.Rt60Seconds, "0.00")} s, DRR {AnalyzeRoomCommand.Format(room.DrrDb, "0.0")} dB, level {AnalyzeRoomCommand.Format(room.LevelDbfs, "0.0")} dBFS"));
                context.Console.Write(ToTable(room));
            }
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    internal static Table ToTable(BlindRoomEstimate room)
    {
        var table = new Table()
            .Title("Estimated room (blind)")
            .AddColumn("Band")
            .AddColumn(new TableColumn("RT60 s").RightAligned())
            .AddColumn(new TableColumn("Decays").RightAligned())
            .AddColumn("Note");
        foreach (var band in room.Bands) AddRow(table, band);
        AddRow(table, room.Broadband);
        return table;
    }

    private static void AddRow(Table table, BlindBandEstimate band) =>
        table.AddRow(
            Markup.Escape(band.CenterHz == 0 ? "broadband" : AnalyzeRoomCommand.Band(band.CenterHz)),
            AnalyzeRoomCommand.Format(band.Rt60Seconds, "0.000"),
            band.DecaysUsed.ToString(CultureInfo.InvariantCulture),
            Markup.Escape(band.Note ?? ""));

    internal static string ToJson(string referencePath, string studioPath, string outputPath, BlindRoomEstimate room)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("reference", referencePath);
            writer.WriteString("studio", studioPath);
            writer.WriteString("output", outputPath);
            writer.WriteFinite("rt60", room.Broadband.Rt60Seconds, 4);
            writer.WriteFinite("drr", room.DrrDb, 4);
            writer.WriteFinite("level", room.LevelDbfs, 4);
            writer.WriteStartArray("bands");
            foreach (var band in room.Bands)
            {
                writer.WriteStartObject();
                writer.WriteNumber("centerHz", band.CenterHz);
                writer.WriteFinite("rt60", band.Rt60Seconds, 4);
                writer.WriteNumber("decays", band.DecaysUsed);
                writer.WriteStringOrNull("note", band.Note);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
