using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Augment.Library;
using Augment.Vision;
using Spectre.Console;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment library dupes --index &lt;...&gt; [--json]</c>: groups of near-duplicate shots (re-encodes, resizes,
/// small crops) by the keyframes' combined pHash + dHash distance.
/// </summary>
internal static class LibraryDupesCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var index = new Option<string>("--index") { Description = "SQLite file or PostgreSQL connection string the scan wrote.", HelpName = "lib.db|connection", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the groups as JSON." };
        var distance = new Option<int>("--max-distance")
        {
            Description = $"Largest pHash + dHash distance (bits, 0..128) that counts as a duplicate (default {NearDuplicates.RecommendedCombinedThresholdBits}).",
            HelpName = "bits",
            DefaultValueFactory = _ => NearDuplicates.RecommendedCombinedThresholdBits,
        };
        var folder = new Option<string?>("--folder") { Description = "Only assets under this folder.", HelpName = "folder" };
        var command = new Command("dupes", "Find groups of near-duplicate pictures and shots in an asset index.") { index, json, distance, folder };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var bits = parse.GetValue(distance);
            if (bits is < 0 or > 128)
                throw new ArgumentException($"--max-distance: {bits} is not between 0 and 128 bits.");
            var filter = new AssetFilter { Folder = parse.GetValue(folder) is { } f ? Path.GetFullPath(f) : null };
            await using var store = await LibraryIndexes.OpenAsync(parse.GetRequiredValue(index), create: false, cancellationToken);
            var groups = await new AssetLibrary(store).FindDuplicatesAsync(bits, filter, cancellationToken);
            if (parse.GetValue(json))
            {
                context.Output.WriteLine(ToJson(groups));
                return ExitCodes.Success;
            }
            context.Output.WriteLine(groups.Count == 0
                ? $"no near-duplicates within {bits} bits in {store.Location}"
                : $"{groups.Count} group{(groups.Count == 1 ? "" : "s")} of near-duplicates within {bits} bits in {store.Location}");
            for (var g = 0; g < groups.Count; g++)
            {
                var table = new Table().Title($"group {g + 1}").AddColumn("File").AddColumn(new TableColumn("Shot").RightAligned())
                    .AddColumn(new TableColumn("At (s)").RightAligned()).AddColumn(new TableColumn("Similarity").RightAligned());
                foreach (var member in groups[g].Members)
                    table.AddRow(Markup.Escape(member.Asset.Info.Path), member.Shot.Key.ShotIndex.ToString(CultureInfo.InvariantCulture),
                        member.Shot.Keyframe.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture), member.Score.ToString("0.000", CultureInfo.InvariantCulture));
                context.Console.Write(table);
            }
            return ExitCodes.Success;
        });
        return command;
    }

    internal static string ToJson(IReadOnlyList<DuplicateGroup> groups)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartArray();
            foreach (var group in groups)
            {
                writer.WriteStartArray();
                foreach (var member in group.Members)
                {
                    writer.WriteStartObject();
                    writer.WriteString("path", member.Asset.Info.Path);
                    writer.WriteNumber("shot", member.Shot.Key.ShotIndex);
                    writer.WriteNumber("keyframe", member.Shot.Keyframe.TotalSeconds);
                    writer.WriteNumber("similarity", member.Score);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            writer.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
