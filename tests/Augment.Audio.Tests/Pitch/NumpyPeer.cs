using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Augment.Audio.Tests.Pitch;

/// <summary>
/// Runs a Python/numpy reference through <c>/usr/bin/python3</c> (Debian's numpy; another python3 on PATH may
/// lack it). <see cref="SkipUnlessNumpy"/> skips the test with the reason when python3 or numpy is missing.
/// Scripts are passed as text (written to a temporary file); arrays travel as raw little-endian float32.
/// </summary>
internal static class NumpyPeer
{
    public const string Interpreter = "/usr/bin/python3";

    private static readonly Lazy<string?> MissingReason = new(Probe);

    public static void SkipUnlessNumpy() => Assert.SkipWhen(MissingReason.Value is not null, MissingReason.Value ?? "");

    /// <summary>Runs <paramref name="script"/> with <paramref name="input"/> as the first argument (raw float32) and returns the float32 array it writes to the second.</summary>
    public static float[] Run(string script, ReadOnlySpan<float> input, params string[] arguments)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"augment-pitch-peer-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var scriptPath = Path.Combine(folder, "peer.py");
            var inputPath = Path.Combine(folder, "in.f32");
            var outputPath = Path.Combine(folder, "out.f32");
            File.WriteAllText(scriptPath, script);
            File.WriteAllBytes(inputPath, MemoryMarshal.AsBytes(input).ToArray());
            var (exit, _, errors) = Execute([scriptPath, inputPath, outputPath, .. arguments], TimeSpan.FromMinutes(2));
            Assert.True(exit == 0, $"python3 peer failed ({exit}): {errors}");
            return MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(outputPath)).ToArray();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string? Probe()
    {
        if (!File.Exists(Interpreter)) return $"{Interpreter} is not installed; the numpy side-by-side check is skipped.";
        var (exit, _, errors) = Execute(["-c", "import numpy"], TimeSpan.FromMinutes(1));
        return exit == 0 ? null : $"{Interpreter} cannot import numpy ({errors.Trim().Split('\n')[^1]}); install python3-numpy to run this check.";
    }

    private static (int Exit, string Output, string Errors) Execute(string[] arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["OMP_NUM_THREADS"] = "1";
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
