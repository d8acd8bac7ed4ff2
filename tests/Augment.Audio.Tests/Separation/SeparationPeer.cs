using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Augment.Audio.Tests.Separation;

/// <summary>
/// Runs the numpy/scipy reference scripts in <c>Separation/Peers</c> through <c>/usr/bin/python3</c> (Debian's numpy and
/// scipy; another python3 earlier on PATH may not import them). Tests call <see cref="SkipUnlessNumpy"/> first and skip
/// with the reason when python3, numpy or scipy is missing. Signals travel as raw little-endian float32.
/// </summary>
internal static class SeparationPeer
{
    public const string Interpreter = "/usr/bin/python3";

    private static readonly Lazy<string?> Missing = new(Probe);

    public static void SkipUnlessNumpy() => Assert.SkipWhen(Missing.Value is not null, Missing.Value ?? "");

    /// <summary>The folder of the peer scripts: beside this source file (or copied beside the test binary).</summary>
    public static string ScriptFolder([CallerFilePath] string source = "")
    {
        var beside = Path.Combine(Path.GetDirectoryName(source) ?? "", "Peers");
        return Directory.Exists(beside) ? beside : Path.Combine(AppContext.BaseDirectory, "Separation", "Peers");
    }

    /// <summary>Runs a script with arguments; returns standard output; fails the test on a non-zero exit.</summary>
    public static string Run(string script, params string[] arguments)
    {
        var path = Path.Combine(ScriptFolder(), script);
        Assert.True(File.Exists(path), $"peer script {path} is missing");
        var (exit, output, errors) = Execute([path, .. arguments]);
        Assert.True(exit == 0, $"python3 {script} {string.Join(' ', arguments)} failed ({exit}): {errors}");
        return output;
    }

    public static void WriteRaw(string path, ReadOnlySpan<float> values) => File.WriteAllBytes(path, MemoryMarshal.AsBytes(values).ToArray());

    public static float[] ReadRaw(string path) => MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(path)).ToArray();

    private static string? Probe()
    {
        if (!File.Exists(Interpreter))
            return $"{Interpreter} is not installed; the side-by-side check against numpy/scipy is skipped.";
        var (exit, _, errors) = Execute(["-c", "import numpy, scipy.signal, scipy.ndimage"]);
        return exit == 0 ? null : $"{Interpreter} cannot import numpy/scipy ({errors.Trim().Split('\n')[^1]}); install python3-numpy python3-scipy to run this check.";
    }

    private static (int Exit, string Output, string Errors) Execute(string[] arguments)
    {
        var start = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["OMP_NUM_THREADS"] = "1";
        start.Environment["PYTHONNOUSERSITE"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "", "timed out after 3 minutes");
        }
        return (process.ExitCode, output.Result, errors.Result);
    }
}
