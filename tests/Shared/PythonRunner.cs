using System.Collections.Concurrent;

namespace Augment.Testing;

/// <summary>
/// Runs reference scripts through <c>/usr/bin/python3</c> (Debian's numpy, scipy, scikit-image, OpenCV; another python3
/// earlier on PATH may not import them). Tests call <see cref="SkipUnless"/> first and skip with a printed reason when
/// the interpreter or a module is missing. One thread per BLAS/OpenMP pool so the peers do not fight the test runner for
/// the cores (<see cref="ToolProcess"/>). Linked into every test project that runs Python peers (tests/Shared).
/// </summary>
internal static class PythonRunner
{
    public const string Interpreter = "/usr/bin/python3";

    private static readonly ConcurrentDictionary<string, string?> Missing = new(StringComparer.Ordinal);

    /// <summary>Skips the test unless python3 can import every module in <paramref name="modules"/> (e.g. <c>numpy</c>, <c>scipy.ndimage</c>).</summary>
    public static void SkipUnless(params string[] modules)
    {
        var key = string.Join(", ", modules);
        var reason = Missing.GetOrAdd(key, _ => Probe(modules));
        Assert.SkipWhen(reason is not null, reason ?? "");
    }

    /// <summary>Runs python3 with <paramref name="arguments"/>; returns standard output, failing the test on a non-zero exit.</summary>
    public static string Run(IReadOnlyList<string> arguments, TimeSpan? timeout = null)
    {
        var (exit, output, errors) = Execute(arguments, timeout);
        Assert.True(exit == 0, $"python3 {Describe(arguments)} failed ({exit}): {errors}");
        return output;
    }

    /// <summary>Runs python3 with <paramref name="arguments"/> and returns the exit code and both streams (exit -1 on time-out).</summary>
    public static (int Exit, string Output, string Errors) Execute(IReadOnlyList<string> arguments, TimeSpan? timeout = null) =>
        ToolProcess.Execute(Interpreter, arguments, timeout ?? TimeSpan.FromMinutes(5));

    private static string? Probe(string[] modules)
    {
        var names = string.Join(", ", modules);
        if (!File.Exists(Interpreter))
            return $"{Interpreter} is not installed; the side-by-side check against {names} is skipped.";
        var (exit, _, errors) = Execute(["-c", "import " + names], TimeSpan.FromMinutes(1));
        var last = errors.Trim().Split('\n')[^1];
        return exit == 0 ? null : $"{Interpreter} cannot import {names} ({last}); install Debian's python3-numpy, python3-scipy, python3-skimage or python3-opencv to run this check.";
    }

    private static string Describe(IReadOnlyList<string> arguments) =>
        arguments.Count > 0 && arguments[0] == "-c" ? "-c <script>" : string.Join(' ', arguments);
}
