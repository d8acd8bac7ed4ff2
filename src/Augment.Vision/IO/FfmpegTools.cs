using System.Collections.Concurrent;
using System.Diagnostics;

namespace Augment.Vision;

/// <summary>
/// Finds the ffmpeg and ffprobe executables (explicit path, then <c>AUGMENT_FFMPEG</c>, then PATH) and
/// remembers which encoders a given ffmpeg has.
/// </summary>
internal static class FfmpegTools
{
    public const string EnvironmentVariable = "AUGMENT_FFMPEG";

    private static readonly ConcurrentDictionary<string, HashSet<string>> Encoders = new(StringComparer.Ordinal);

    /// <summary>The ffmpeg executable.</summary>
    /// <exception cref="FfmpegNotFoundException">Not found where the options, environment or PATH point.</exception>
    public static string FindFfmpeg(string? configuredPath) => Find("ffmpeg", configuredPath);

    /// <summary>The ffprobe executable: beside the ffmpeg found, else on the PATH.</summary>
    public static string FindFfprobe(string? configuredPath) => Find("ffprobe", configuredPath);

    /// <summary>Whether <paramref name="ffmpeg"/> lists <paramref name="encoder"/> in <c>-encoders</c>.</summary>
    public static bool HasEncoder(string ffmpeg, string encoder)
    {
        var set = Encoders.GetOrAdd(ffmpeg, ListEncoders);
        return set.Contains(encoder);
    }

    private static HashSet<string> ListEncoders(string ffmpeg)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        var start = new ProcessStartInfo(ffmpeg) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-hide_banner");
        start.ArgumentList.Add("-encoders");
        using var process = Process.Start(start) ?? throw new FfmpegNotFoundException($"'{ffmpeg}' could not be started; {FfmpegNotFoundException.InstallHint}.");
        var errors = process.StandardError.ReadToEndAsync();
        string? line;
        var started = false;
        while ((line = process.StandardOutput.ReadLine()) is not null)
        {
            // The list follows a legend that ends with a " ------" line; each entry is " V..... name  description".
            if (!started)
            {
                started = line.TrimStart().StartsWith("------", StringComparison.Ordinal);
                continue;
            }
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2)
                result.Add(parts[1]);
        }
        process.WaitForExit();
        _ = errors.Result;
        return result;
    }

    private static string Find(string tool, string? configuredPath)
    {
        var looked = new List<string>();
        if (!string.IsNullOrWhiteSpace(configuredPath))
            return Resolve(tool, configuredPath, "FfmpegPath", looked) ?? throw NotFound(tool, looked);
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return Resolve(tool, fromEnvironment, EnvironmentVariable, looked) ?? throw NotFound(tool, looked);
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (InFolder(folder, tool) is { } found)
                return found;
        }
        looked.Add("PATH");
        throw NotFound(tool, looked);
    }

    // A configured path names the ffmpeg executable or the folder holding both tools.
    private static string? Resolve(string tool, string configured, string source, List<string> looked)
    {
        looked.Add($"{source} = '{configured}'");
        if (Directory.Exists(configured))
            return InFolder(configured, tool);
        if (!File.Exists(configured))
            return null;
        if (tool == "ffmpeg")
            return configured;
        // ffprobe sits beside ffmpeg in every distribution.
        var folder = Path.GetDirectoryName(Path.GetFullPath(configured));
        return folder is null ? null : InFolder(folder, tool) ?? FromPath(tool);
    }

    private static string? FromPath(string tool)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (InFolder(folder, tool) is { } found)
                return found;
        }
        return null;
    }

    private static string? InFolder(string folder, string tool)
    {
        foreach (var name in (string[])[tool, tool + ".exe"])
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    private static FfmpegNotFoundException NotFound(string tool, List<string> looked) =>
        new($"{tool} was not found (looked at {string.Join(", ", looked)}); video other than .y4m needs it: {FfmpegNotFoundException.InstallHint}.");
}
