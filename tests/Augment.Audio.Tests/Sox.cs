using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Augment.Audio.Tests;

/// <summary>
/// Runs the sox command-line tool (Debian package <c>sox</c>), an independent reference for DSP such as
/// <c>rate -v</c>. Tests that need it call <see cref="SkipWhenAbsent"/> first and skip with a printed reason
/// when it is not installed.
/// </summary>
internal static class Sox
{
    private static readonly Lazy<string?> Location = new(() => FindOnPath("sox"));

    public static string? Path => Location.Value;

    public static void SkipWhenAbsent() =>
        Assert.SkipWhen(Path is null, "sox is not installed (Debian package sox); the side-by-side comparison is skipped.");

    /// <summary>
    /// Runs one mono signal through sox effects (e.g. <c>rate -v 44100</c>) as raw float32, without dither, and
    /// returns sox's output samples.
    /// </summary>
    public static float[] Process(float[] samples, int sampleRate, params string[] effects)
    {
        var folder = System.IO.Path.GetTempPath();
        var input = System.IO.Path.Combine(folder, $"augment-sox-{Guid.NewGuid():N}.f32");
        var output = System.IO.Path.Combine(folder, $"augment-sox-{Guid.NewGuid():N}.f32");
        try
        {
            File.WriteAllBytes(input, MemoryMarshal.AsBytes(samples.AsSpan()).ToArray());
            Run(["-D", "-V1", "-t", "f32", "-r", sampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c", "1", input, "-t", "f32", output, .. effects]);
            return MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(output)).ToArray();
        }
        finally
        {
            File.Delete(input);
            File.Delete(output);
        }
    }

    /// <summary>Runs sox; fails the test with its error output when it exits non-zero.</summary>
    public static void Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = System.Diagnostics.Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"sox {string.Join(' ', arguments)} failed ({process.ExitCode}): {errors.Result}");
    }

    private static string? FindOnPath(string name)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(folder, name);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }
}
