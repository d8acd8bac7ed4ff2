using System.Diagnostics;

namespace Augment.Provenance.Tests;

/// <summary>Runs the ffmpeg on PATH (an independent decoder for checking that signed media still decode to the same frames).</summary>
internal static class Ffmpeg
{
    public static string? Find()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(directory, "ffmpeg");
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    /// <summary>The per-frame MD5 lines (<c>-f framemd5</c>) of every stream of <paramref name="path"/>, without comment lines.</summary>
    public static async Task<string[]> FrameMd5Async(string ffmpeg, string path, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(ffmpeg) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-v", "error", "-i", path, "-map", "0", "-f", "framemd5", "-" })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        Assert.True(process.ExitCode == 0, $"ffmpeg failed on {path}: {await error}");
        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')).ToArray();
    }
}
