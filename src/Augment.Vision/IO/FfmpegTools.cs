using System.Collections.Concurrent;
using System.Diagnostics;

namespace Augment.Vision;

/// <summary>
/// Remembers which encoders a given ffmpeg has. Finding ffmpeg and ffprobe is <see cref="FfmpegLocator"/>'s
/// job (explicit path, then <c>AUGMENT_FFMPEG</c>, then PATH), shared with Augment.Audio.
/// </summary>
internal static class FfmpegTools
{
    private static readonly ConcurrentDictionary<string, HashSet<string>> Encoders = new(StringComparer.Ordinal);

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
}
