using System.Diagnostics;

namespace Augment.Vision.Tests.IO;

/// <summary>Runs the ffmpeg command-line tool when it is installed (the tests that need it skip otherwise).</summary>
internal static class Ffmpeg
{
    private static readonly Lazy<string?> Location = new(Find);

    public static string? Path => Location.Value;

    public static void SkipWhenAbsent() =>
        Assert.SkipWhen(Path is null, "ffmpeg is not installed (not found on PATH); the external cross-check is skipped.");

    /// <summary>Runs ffmpeg with the arguments; fails the test with its error output when it exits non-zero.</summary>
    public static byte[] Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path!) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-hide_banner");
        start.ArgumentList.Add("-loglevel");
        start.ArgumentList.Add("error");
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"ffmpeg {string.Join(' ', arguments)} failed: {errors.Result}");
        return output.ToArray();
    }

    private static string? Find()
    {
        var paths = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var folder in paths)
        {
            foreach (var name in (string[])["ffmpeg", "ffmpeg.exe"])
            {
                var candidate = System.IO.Path.Combine(folder, name);
                if (File.Exists(candidate))
                    return candidate;
            }
        }
        return null;
    }
}
