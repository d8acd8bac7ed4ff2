using System.Collections.Concurrent;

namespace Augment;

/// <summary>
/// Finds the ffmpeg and ffprobe programs that Vision (video) and Audio (formats other than WAV and MP3) run
/// as child processes. The search order is: a path the caller configured (an option such as
/// <c>FfmpegPath</c>), then the <c>AUGMENT_FFMPEG</c> environment variable, then the folders on PATH. A
/// configured path or the variable names the executable or the folder holding it; ffprobe is taken from the
/// same folder as ffmpeg. When a path is configured (or the variable is set) and names nothing usable, the
/// search stops there instead of silently falling back to PATH, so a typo is reported rather than masked.
/// Successful lookups are cached per (configured path, variable, PATH); a cached file that has since
/// disappeared is looked up again.
/// </summary>
public static class FfmpegLocator
{
    /// <summary>The environment variable that points at ffmpeg (the executable or its folder).</summary>
    public const string EnvironmentVariable = "AUGMENT_FFMPEG";

    private const string Ffmpeg = "ffmpeg";
    private const string Ffprobe = "ffprobe";

    private static readonly ConcurrentDictionary<(string Tool, string Configured, string Variable, string SearchPath), string> Found = new();

    /// <summary>The ffmpeg executable, or null when it is not where the configuration, the environment or PATH point.</summary>
    /// <param name="configuredPath">An explicit executable or folder (e.g. an options record's <c>FfmpegPath</c>); null or blank to search.</param>
    public static string? FindFfmpeg(string? configuredPath = null) => Find(Ffmpeg, configuredPath, Environment.GetEnvironmentVariable, null);

    /// <summary>The ffprobe executable (beside the ffmpeg found, else on PATH), or null when there is none.</summary>
    /// <param name="configuredPath">An explicit ffmpeg executable or folder; null or blank to search.</param>
    public static string? FindFfprobe(string? configuredPath = null) => Find(Ffprobe, configuredPath, Environment.GetEnvironmentVariable, null);

    /// <summary>The ffmpeg executable.</summary>
    /// <param name="configuredPath">An explicit executable or folder; null or blank to search.</param>
    /// <exception cref="FfmpegNotFoundException">Not found; the message lists where it looked and the install step.</exception>
    public static string RequireFfmpeg(string? configuredPath = null) => Require(Ffmpeg, configuredPath, Environment.GetEnvironmentVariable);

    /// <summary>The ffprobe executable.</summary>
    /// <param name="configuredPath">An explicit ffmpeg executable or folder; null or blank to search.</param>
    /// <exception cref="FfmpegNotFoundException">Not found; the message lists where it looked and the install step.</exception>
    public static string RequireFfprobe(string? configuredPath = null) => Require(Ffprobe, configuredPath, Environment.GetEnvironmentVariable);

    /// <summary>Forgets cached lookups (after installing ffmpeg while the process runs, or between tests).</summary>
    internal static void ResetCache() => Found.Clear();

    /// <summary>The search with the environment supplied by the caller, so that tests need not change the process's variables.</summary>
    internal static string Require(string tool, string? configuredPath, Func<string, string?> environment)
    {
        if (Find(tool, configuredPath, environment, null) is { } found)
            return found;
        var looked = new List<string>();
        _ = Find(tool, configuredPath, environment, looked);
        throw new FfmpegNotFoundException($"{tool} was not found (looked at {string.Join(", ", looked)}); {FfmpegNotFoundException.InstallHint}.");
    }

    /// <summary>The search; <paramref name="looked"/>, when given, collects where it looked (for the error message) and bypasses the cache.</summary>
    internal static string? Find(string tool, string? configuredPath, Func<string, string?> environment, List<string>? looked)
    {
        var configured = string.IsNullOrWhiteSpace(configuredPath) ? "" : configuredPath;
        var variable = environment(EnvironmentVariable) is { } v && !string.IsNullOrWhiteSpace(v) ? v : "";
        var searchPath = environment("PATH") ?? "";
        var key = (tool, configured, variable, searchPath);
        if (looked is null && Found.TryGetValue(key, out var cached) && IsExecutable(cached))
            return cached;
        looked ??= [];
        var result = configured.Length > 0 ? Resolve(tool, configured, "FfmpegPath option", searchPath, looked)
            : variable.Length > 0 ? Resolve(tool, variable, EnvironmentVariable, searchPath, looked)
            : OnPath(tool, searchPath, looked);
        if (result is not null)
            Found[key] = result;
        return result;
    }

    // A configured path names the ffmpeg executable or the folder holding the tools.
    private static string? Resolve(string tool, string configured, string source, string searchPath, List<string> looked)
    {
        looked.Add($"{source} = '{configured}'");
        if (Directory.Exists(configured))
            return InFolder(configured, tool);
        if (!IsExecutable(configured))
            return null;
        if (tool == Ffmpeg)
            return Path.GetFullPath(configured);
        // ffprobe sits beside ffmpeg in every distribution; a lone ffmpeg build may rely on one on PATH.
        var folder = Path.GetDirectoryName(Path.GetFullPath(configured));
        return (folder is null ? null : InFolder(folder, tool)) ?? OnPath(tool, searchPath, looked);
    }

    private static string? OnPath(string tool, string searchPath, List<string> looked)
    {
        foreach (var folder in searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (InFolder(folder, tool) is { } found)
                return found;
        }
        looked.Add("PATH");
        return null;
    }

    private static string? InFolder(string folder, string tool)
    {
        foreach (var name in (string[])[tool, tool + ".exe"])
        {
            var candidate = Path.Combine(folder, name);
            if (IsExecutable(candidate))
                return Path.GetFullPath(candidate);
        }
        return null;
    }

    // As a shell does, a file without an execute bit is passed over on Unix (a stray 'ffmpeg' document would
    // otherwise fail later with a less helpful "permission denied").
    private static bool IsExecutable(string path)
    {
        if (!File.Exists(path))
            return false;
        if (OperatingSystem.IsWindows())
            return true;
        try
        {
            const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            return (File.GetUnixFileMode(path) & anyExecute) != 0;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
