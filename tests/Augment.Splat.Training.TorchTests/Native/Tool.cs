using System.Diagnostics;

namespace Augment.Splat.Training.TorchTests.Native;

/// <summary>Runs a command-line tool (readelf, g++) for a side-by-side check; tests skip with a printed reason when it is missing or not on Linux.</summary>
internal static class Tool
{
    public static void SkipUnlessLinux() =>
        Assert.SkipUnless(OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64,
            "TorchSharp's native-library fix applies to Linux x64 only; skipped on this platform.");

    public static void SkipUnless(string tool)
    {
        SkipUnlessLinux();
        Assert.SkipUnless(Find(tool) is not null, $"{tool} is not on PATH (Debian: binutils / g++); this side-by-side check is skipped.");
    }

    public static string Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(Find(tool)!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["LC_ALL"] = "C";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), $"{tool} timed out");
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} failed ({process.ExitCode}): {errors.Result}");
        return output.Result;
    }

    private static string? Find(string tool)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(folder, tool);
            if (File.Exists(path))
                return path;
        }
        return null;
    }
}
