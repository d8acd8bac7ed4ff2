using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Augment.Audio;
using Spectre.Console;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment audio room &lt;ir.wav&gt; [--channel 0] [--json]</c>: ISO 3382-1 analysis of an impulse response
/// (per octave band and broadband T20, T30, EDT, C50, C80, DRR) as a table or JSON.
/// </summary>
internal static class AnalyzeRoomCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var json = new Option<bool>("--json") { Description = "Print JSON (bands[] and broadband with centerHz, t20, t30, edt, c50, c80, drr, decayRange, note; NaN as null) instead of a table." };
        var channel = new Option<int>("--channel") { Description = "Which channel of the IR to analyse (0-based).", HelpName = "index", DefaultValueFactory = _ => 0 };
        var input = new Argument<string>("ir") { Description = "An impulse response (WAV, MP3; other formats through ffmpeg).", HelpName = "ir.wav" };
        input.AcceptLegalFilePathsOnly();
        var command = new Command("room", "Analyse an impulse response per ISO 3382-1: T20, T30, EDT, C50, C80 and DRR per octave band (125 Hz to 8 kHz) and broadband.")
        {
            json, channel, input,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var path = parseResult.GetRequiredValue(input);
            if (!File.Exists(path))
                throw new FileNotFoundException($"input '{path}' does not exist.", path);
            using var ir = AudioFile.Load(path, cancellationToken: cancellationToken);
            var index = parseResult.GetValue(channel);
            if (index < 0 || index >= ir.Channels)
                throw new ArgumentException($"--channel: {index} is not a channel of '{path}' (it has {ir.Channels}).");
            var analysis = RoomAnalyzer.Analyze(ir, index, cancellationToken);
            Print(context, path, ir, analysis, parseResult.GetValue(json));
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    /// <summary>Prints the analysis as a table with a header line, or as JSON.</summary>
    internal static void Print(CliContext context, string path, AudioBuffer ir, RoomAnalysis analysis, bool json)
    {
        if (json)
        {
            context.Output.WriteLine(ToJson(path, ir, analysis));
            return;
        }
        context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{path}: {ir.Channels} ch, {ir.Frames} frames ({ir.Duration.TotalSeconds:0.###} s) at {ir.SampleRate} Hz; onset at frame {analysis.OnsetFrame}"));
        context.Console.Write(ToTable(analysis));
    }

    internal static Table ToTable(RoomAnalysis analysis)
    {
        var table = new Table()
            .Title("Room acoustics (ISO 3382-1)")
            .AddColumn("Band")
            .AddColumn(new TableColumn("T20 s").RightAligned())
            .AddColumn(new TableColumn("T30 s").RightAligned())
            .AddColumn(new TableColumn("EDT s").RightAligned())
            .AddColumn(new TableColumn("C50 dB").RightAligned())
            .AddColumn(new TableColumn("C80 dB").RightAligned())
            .AddColumn(new TableColumn("DRR dB").RightAligned())
            .AddColumn("Note");
        foreach (var band in analysis.Bands) AddRow(table, band);
        AddRow(table, analysis.Broadband);
        return table;
    }

    private static void AddRow(Table table, RoomBandAnalysis band) =>
        table.AddRow(
            Markup.Escape(band.IsBroadband ? "broadband" : Band(band.CenterHz)),
            Format(band.T20Seconds, "0.000"), Format(band.T30Seconds, "0.000"), Format(band.EdtSeconds, "0.000"),
            Format(band.C50Db, "0.0"), Format(band.C80Db, "0.0"), Format(band.DrrDb, "0.0"),
            Markup.Escape(band.Note ?? ""));

    internal static string Band(double centerHz) =>
        centerHz >= 1000 ? (centerHz / 1000).ToString("0.#", CultureInfo.InvariantCulture) + " kHz" : centerHz.ToString("0", CultureInfo.InvariantCulture) + " Hz";

    internal static string Format(double value, string format) =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    internal static string ToJson(string path, AudioBuffer ir, RoomAnalysis analysis)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("file", path);
            writer.WriteNumber("sampleRate", ir.SampleRate);
            writer.WriteNumber("channels", ir.Channels);
            writer.WriteNumber("frames", ir.Frames);
            writer.WriteNumber("onsetFrame", analysis.OnsetFrame);
            writer.WriteNumber("peakFrame", analysis.PeakFrame);
            writer.WriteStartArray("bands");
            foreach (var band in analysis.Bands) WriteBand(writer, band);
            writer.WriteEndArray();
            writer.WritePropertyName("broadband");
            WriteBand(writer, analysis.Broadband);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteBand(Utf8JsonWriter writer, RoomBandAnalysis band)
    {
        writer.WriteStartObject();
        writer.WriteNumber("centerHz", band.CenterHz);
        writer.WriteFinite("t20", band.T20Seconds, 4);
        writer.WriteFinite("t30", band.T30Seconds, 4);
        writer.WriteFinite("edt", band.EdtSeconds, 4);
        writer.WriteFinite("c50", band.C50Db, 4);
        writer.WriteFinite("c80", band.C80Db, 4);
        writer.WriteFinite("drr", band.DrrDb, 4);
        writer.WriteFinite("decayRange", band.DecayRangeDb, 4);
        writer.WriteStringOrNull("note", band.Note);
        writer.WriteEndObject();
    }
}
