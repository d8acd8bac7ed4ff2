using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Augment.Audio.Tests.Dsp;

/// <summary>
/// Runs mono raw 64-bit float audio through an ffmpeg audio filter (the independent reference for
/// the biquads). Tests that need ffmpeg skip with a printed reason when it is not on PATH.
/// </summary>
internal static class FfmpegAudio
{
    private static readonly Lazy<string?> Location = new(Find);

    public static string? Path => Location.Value;

    public static void SkipWhenAbsent() =>
        Assert.SkipWhen(Path is null, "ffmpeg is not installed (not found on PATH); the external cross-check is skipped.");

    /// <summary>Filters <paramref name="input"/> with <c>-af <paramref name="filter"/></c> in double precision.</summary>
    public static double[] Filter(ReadOnlySpan<float> input, int sampleRate, string filter)
    {
        var folder = Directory.CreateTempSubdirectory("augment-dsp-");
        try
        {
            var inPath = System.IO.Path.Combine(folder.FullName, "in.f64");
            var doubles = new double[input.Length];
            for (var i = 0; i < input.Length; i++)
                doubles[i] = input[i];
            File.WriteAllBytes(inPath, MemoryMarshal.AsBytes(doubles.AsSpan()).ToArray());
            var start = new ProcessStartInfo(Path!) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in (string[])["-hide_banner", "-loglevel", "error", "-f", "f64le", "-ar", sampleRate.ToString(), "-ac", "1",
                         "-i", inPath, "-af", filter, "-f", "f64le", "-acodec", "pcm_f64le", "-"])
                start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            using var output = new MemoryStream();
            var errors = process.StandardError.ReadToEndAsync();
            process.StandardOutput.BaseStream.CopyTo(output);
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"ffmpeg -af {filter} failed: {errors.Result}");
            return MemoryMarshal.Cast<byte, double>(output.ToArray()).ToArray();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
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
