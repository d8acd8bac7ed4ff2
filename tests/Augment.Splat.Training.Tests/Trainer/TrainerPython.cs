using System.Collections.Concurrent;
using System.Diagnostics;

namespace Augment.SplatTraining.Tests;

/// <summary>
/// Runs peer scripts through <c>/usr/bin/python3</c> (Debian's numpy/scipy/scikit-image). Tests call
/// <see cref="SkipUnless"/> first and skip with a printed reason when the interpreter or a module is missing.
/// </summary>
internal static class TrainerPython
{
    public const string Interpreter = "/usr/bin/python3";

    private static readonly ConcurrentDictionary<string, string?> Missing = new(StringComparer.Ordinal);

    public static void SkipUnless(params string[] modules)
    {
        var key = string.Join(", ", modules);
        var reason = Missing.GetOrAdd(key, _ => Probe(modules));
        Assert.SkipWhen(reason is not null, reason ?? "");
    }

    public static string Run(params string[] arguments)
    {
        var (exit, output, errors) = Execute(arguments, TimeSpan.FromMinutes(2));
        Assert.True(exit == 0, $"python3 failed ({exit}): {errors}");
        return output;
    }

    private static (int Exit, string Output, string Errors) Execute(IReadOnlyList<string> arguments, TimeSpan limit)
    {
        var start = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["OMP_NUM_THREADS"] = "1";
        start.Environment["OPENBLAS_NUM_THREADS"] = "1";
        start.Environment["PYTHONNOUSERSITE"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "", $"timed out after {limit}");
        }
        return (process.ExitCode, output.Result, errors.Result);
    }

    private static string? Probe(string[] modules)
    {
        var names = string.Join(", ", modules);
        if (!File.Exists(Interpreter))
            return $"{Interpreter} is not installed; the check against {names} is skipped.";
        var (exit, _, errors) = Execute(["-c", "import " + names], TimeSpan.FromMinutes(1));
        var last = errors.Trim().Split('\n')[^1];
        return exit == 0 ? null : $"{Interpreter} cannot import {names} ({last}); install python3-skimage to run this check.";
    }
}
