using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Augment.Cli.Commands;
using Augment.Cli.Demo;

namespace Augment.Cli;

/// <summary>
/// The <c>augment</c> command line: builds the verbs, parses, runs, and turns every failure into one
/// readable line on standard error and an exit code (see <see cref="ExitCodes"/>). Runs in-process,
/// so tests invoke it with a <see cref="CliContext"/> over string writers.
/// </summary>
internal sealed class CliApp
{
    private readonly CliContext _context;

    public CliApp(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
    }

    /// <summary>
    /// The steps <c>augment demo</c> runs; <see cref="DemoSteps.Default"/> unless a test replaces
    /// them (to inject a failing step, say).
    /// </summary>
    public Func<IReadOnlyList<IDemoStep>> DemoSteps { get; init; } = Demo.DemoSteps.Default;

    /// <summary><c>--verbose</c>: on every verb, adds exception types and stack traces to errors.</summary>
    public Option<bool> VerboseOption { get; } = new("--verbose", "-v")
    {
        Description = "Show more detail, including the exception type and stack trace when something fails.",
        Recursive = true,
    };

    /// <summary>Builds the root command with every verb.</summary>
    public RootCommand BuildRootCommand()
    {
        var root = new RootCommand("augment: the Augment media SDK on the command line. Every capability is a verb; `augment demo` runs them all on generated media.")
        {
            VerboseOption,
            DeviceCommand.Create(_context),
            ColorCommand.Create(_context),
            ImageCommand.Create(_context),
            LibraryCommand.Create(_context),
            AudioCommand.Create(_context),
            SplatCommand.Create(_context),
            CredentialsCommand.Create(_context),
            WatermarkCommand.Create(_context),
            DemoCommand.Create(_context, DemoSteps),
        };
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the process exit code.</summary>
    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var root = BuildRootCommand();

        // A bare `augment` shows help rather than an error about a missing verb.
        var parseResult = root.Parse(args.Count == 0 ? ["--help"] : args);
        var verbose = parseResult.GetValue(VerboseOption);

        // Parse errors get one line, not System.CommandLine's error list followed by the full help.
        if (parseResult.Action is ParseErrorAction)
        {
            await _context.Error.WriteLineAsync($"error: {OneLine(PickParseError(parseResult))} (see '{HelpCommandFor(parseResult)}')").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration
        {
            Output = _context.Output,
            Error = _context.Error,
            // Failures are reported below, in one line; Ctrl+C is wired by Program to the token we pass.
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        try
        {
            return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _context.Error.WriteLineAsync("error: cancelled.").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
        catch (Exception ex) when (IsExpected(ex))
        {
            await ReportAsync(ex, verbose, internalError: false).ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await ReportAsync(ex, verbose, internalError: true).ConfigureAwait(false);
            return ExitCodes.InternalError;
        }
    }

    /// <summary>
    /// The parse error worth reading: a bare unknown verb yields both "Required command was not
    /// provided" and "Unrecognized command or argument 'x'", and the second is the useful one.
    /// </summary>
    internal static string PickParseError(ParseResult parseResult)
    {
        if (parseResult.Errors.Count == 0) return "invalid command line.";
        foreach (var token in parseResult.UnmatchedTokens)
        {
            foreach (var error in parseResult.Errors)
            {
                if (error.Message.Contains($"'{token}'", StringComparison.Ordinal))
                    return error.Message;
            }
        }
        return parseResult.Errors[0].Message;
    }

    /// <summary>"augment --help" or "augment demo --help": the help of the verb that was being parsed.</summary>
    private static string HelpCommandFor(ParseResult parseResult)
    {
        var names = new List<string>();
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as CommandResult)
            names.Insert(0, result.Command is RootCommand ? "augment" : result.Command.Name);
        return string.Join(' ', names) + " --help";
    }

    /// <summary>Failures that mean "the input or the environment is wrong", not "the CLI has a bug".</summary>
    private static bool IsExpected(Exception ex) =>
        ex is AugmentException or ArgumentException or IOException or UnauthorizedAccessException;

    private async Task ReportAsync(Exception ex, bool verbose, bool internalError)
    {
        // One line by default; scripts and people both read the first line of stderr.
        var line = internalError
            ? $"error: unexpected {ex.GetType().Name}: {OneLine(ex.Message)}{(verbose ? "" : " (run again with --verbose for the stack trace)")}"
            : $"error: {OneLine(ex.Message)}";
        await _context.Error.WriteLineAsync(line).ConfigureAwait(false);
        if (verbose)
        {
            // The chain of types first (a demo step's wrapper, then the SDK's typed error), then the trace.
            var types = new List<string>();
            for (var e = ex; e is not null; e = e.InnerException)
                types.Add(e.GetType().FullName ?? e.GetType().Name);
            await _context.Error.WriteLineAsync($"exception: {string.Join(" <- ", types)}").ConfigureAwait(false);
            await _context.Error.WriteLineAsync(ex.ToString()).ConfigureAwait(false);
        }
    }

    /// <summary>Folds a message onto one line so that the error stays a single line.</summary>
    internal static string OneLine(string message)
    {
        var folded = message.ReplaceLineEndings(" ").Trim();
        while (folded.Contains("  ", StringComparison.Ordinal))
            folded = folded.Replace("  ", " ", StringComparison.Ordinal);
        return folded.Length == 0 ? "(no message)" : folded;
    }
}
