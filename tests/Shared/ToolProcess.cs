using System.Diagnostics;

namespace Augment.Testing;

/// <summary>
/// Runs an outside program (a peer tool such as python3 or ffmpeg) and collects its exit code and both streams, killing it
/// after a time limit. One thread per BLAS/OpenMP pool so numeric peers do not fight the test runner for the cores.
/// Linked into the test projects that run peers (tests/Shared).
/// </summary>
internal static class ToolProcess
{
    /// <summary>Runs <paramref name="program"/> with <paramref name="arguments"/>; exit -1 and an explanation on time-out.</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The program is not installed.</exception>
    public static (int Exit, string Output, string Errors) Execute(string program, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["OMP_NUM_THREADS"] = "1";
        start.Environment["OPENBLAS_NUM_THREADS"] = "1";
        start.Environment["PYTHONNOUSERSITE"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "", $"timed out after {timeout}");
        }
        return (process.ExitCode, output.Result, errors.Result);
    }
}
