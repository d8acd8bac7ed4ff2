using Augment.Cli.Demo;

namespace Augment.Cli.Tests;

/// <summary>What one in-process run of the CLI printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>Non-empty lines of standard error.</summary>
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Runs <c>augment</c> in-process with captured output: fast, and no child processes.</summary>
internal static class CliRunner
{
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(args, null, CancellationToken.None);

    public static async Task<CliResult> RunAsync(string[] args, Func<IReadOnlyList<IDemoStep>>? demoSteps, CancellationToken cancellationToken)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = CliContext.ForWriters(output, error, widthColumns: 240);
        var app = demoSteps is null ? new CliApp(context) : new CliApp(context) { DemoSteps = demoSteps };
        var exitCode = await app.RunAsync(args, cancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
