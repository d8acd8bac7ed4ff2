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

    /// <summary>Runs ffmpeg and returns its exit code and error output instead of failing the test.</summary>
    public static (int ExitCode, string Errors) TryRun(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path!) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-hide_banner");
        start.ArgumentList.Add("-loglevel");
        start.ArgumentList.Add("error");
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(Stream.Null);
        process.WaitForExit();
        return (process.ExitCode, errors.Result);
    }

    /// <summary>The MD5 of a file's audio packets, copied as they are (<c>-map 0:a -c copy -f md5</c>).</summary>
    public static string AudioPacketsMd5(string path) =>
        System.Text.Encoding.ASCII.GetString(Run("-i", path, "-map", "0:a", "-c", "copy", "-f", "md5", "-")).Trim();

    /// <summary>Whether this ffmpeg has an encoder (e.g. libx264).</summary>
    public static bool HasEncoder(string name)
    {
        var list = System.Text.Encoding.ASCII.GetString(Run("-encoders"));
        return list.Contains(" " + name + " ", StringComparison.Ordinal);
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
