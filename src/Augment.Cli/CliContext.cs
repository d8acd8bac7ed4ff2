using Spectre.Console;

namespace Augment.Cli;

/// <summary>
/// Where a command writes: a Spectre console for tables and progress on standard output, and a plain
/// writer for error lines on standard error. The terminal gets the real streams; tests build one over
/// <see cref="StringWriter"/>s so that commands run in-process with their output captured.
/// </summary>
internal sealed class CliContext
{
    public CliContext(IAnsiConsole console, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        Console = console;
        Output = output;
        Error = error;
    }

    /// <summary>Tables, progress and results (standard output).</summary>
    public IAnsiConsole Console { get; }

    /// <summary>The raw standard-output writer under <see cref="Console"/>, for help text.</summary>
    public TextWriter Output { get; }

    /// <summary>Error lines (standard error), kept apart so that stdout stays parseable.</summary>
    public TextWriter Error { get; }

    /// <summary>The process's own console and streams.</summary>
    public static CliContext ForTerminal() =>
        new(AnsiConsole.Console, System.Console.Out, System.Console.Error);

    /// <summary>
    /// A context over plain writers: no colour, no ANSI codes, not interactive, and a fixed width so
    /// that tables do not wrap differently from machine to machine.
    /// </summary>
    public static CliContext ForWriters(TextWriter output, TextWriter error, int widthColumns = 160)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(widthColumns, 40);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = widthColumns;
        return new CliContext(console, output, error);
    }
}
