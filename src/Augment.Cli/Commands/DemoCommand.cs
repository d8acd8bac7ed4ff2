using System.CommandLine;
using Augment.Cli.Demo;
using Spectre.Console;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment demo</c>: runs every capability end to end on media it generates (nothing is downloaded)
/// and prints a table of what each step did and where its outputs are.
/// </summary>
internal static class DemoCommand
{
    public const string DefaultOutput = "augment-demo";

    public static readonly ImageSize DefaultSize = new(1024, 768);

    public static Command Create(CliContext context, Func<IReadOnlyList<IDemoStep>> steps)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(steps);
        var output = new Option<string>("--output", "-o")
        {
            Description = "Folder for the outputs; created when missing.",
            HelpName = "folder",
            DefaultValueFactory = _ => Path.Combine(".", DefaultOutput),
        };
        output.AcceptLegalFilePathsOnly();
        var size = new Option<ImageSize>("--size")
        {
            Description = $"Size of the generated test picture, {ImageSize.MinSidePixels} to {ImageSize.MaxSidePixels} pixels a side.",
            HelpName = "WIDTHxHEIGHT",
            DefaultValueFactory = _ => DefaultSize,
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
                if (ImageSize.TryParse(text, out var parsed, out var error))
                    return parsed;
                result.AddError($"--size: {error}");
                return default;
            },
        };
        var command = new Command("demo", "Run the SDK end to end on generated media (no downloads) and show what each step did.")
        {
            output,
            size,
        };
        command.SetAction((parseResult, cancellationToken) =>
            RunAsync(context, steps(), parseResult.GetRequiredValue(output), parseResult.GetValue(size), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, IReadOnlyList<IDemoStep> steps, string output, ImageSize size, CancellationToken cancellationToken)
    {
        using var demo = new DemoContext(output, size, cancellationToken);
        Directory.CreateDirectory(demo.OutputDirectory);
        context.Console.MarkupLine($"[bold]augment demo[/]: {steps.Count} steps on a generated {size} picture and a {demo.ToneDuration.TotalSeconds:0.#} s tone, into {Markup.Escape(demo.OutputDirectory)}");
        var results = await DemoRunner.RunAsync(context.Console, steps, demo).ConfigureAwait(false);
        context.Console.Write(ToTable(results, demo.OutputDirectory));
        foreach (var result in results)
        {
            if (result.Details is { } details)
                context.Console.Write(ToTable(details));
        }
        context.Console.MarkupLine($"[green]Done.[/] Outputs are in {Markup.Escape(demo.OutputDirectory)}");
        return ExitCodes.Success;
    }

    internal static Table ToTable(IReadOnlyList<DemoStepResult> results, string outputDirectory)
    {
        var table = new Table()
            .Title("augment demo")
            .AddColumn("Step")
            .AddColumn("What it did")
            .AddColumn("Key numbers")
            .AddColumn(new TableColumn("Time").RightAligned())
            .AddColumn("Output");
        foreach (var result in results)
        {
            table.AddRow(
                new Text(result.Step),
                new Text(result.Summary),
                new Text(result.KeyNumbers),
                new Text($"{result.Elapsed.TotalMilliseconds:N0} ms"),
                new Text(result.Outputs.Count == 0 ? "-" : string.Join('\n', DisplayPaths(result.Outputs, outputDirectory))));
        }
        return table;
    }

    internal static Table ToTable(DemoTable details)
    {
        var table = new Table().Title(details.Title);
        for (var c = 0; c < details.Columns.Count; c++)
            table.AddColumn(c == 0 ? new TableColumn(details.Columns[c]) : new TableColumn(details.Columns[c]).RightAligned());
        foreach (var row in details.Rows)
        {
            var cells = new Text[details.Columns.Count];
            for (var c = 0; c < cells.Length; c++)
                cells[c] = new Text(c < row.Count ? row[c] : "");
            table.AddRow(cells);
        }
        return table;
    }

    /// <summary>Outputs relative to the output folder (named in the line above the table), to keep the table narrow.</summary>
    private static IEnumerable<string> DisplayPaths(IReadOnlyList<string> paths, string outputDirectory)
    {
        foreach (var path in paths)
        {
            var relative = Path.GetRelativePath(outputDirectory, path);
            yield return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
        }
    }
}
