using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Augment.Audio.Tests.Loudness;

/// <summary>ffmpeg's <c>ebur128=peak=true</c> summary of a file: the independent loudness reference.</summary>
internal static partial class FfmpegEbur128
{
    public sealed record Summary(double IntegratedLufs, double RangeLu, double TruePeakDbtp);

    public static Summary Measure(string path)
    {
        var start = new ProcessStartInfo(Ffmpeg.Path!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-nostdin", "-hide_banner", "-nostats", "-i", path, "-af", "ebur128=peak=true", "-f", "null", "-"])
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        _ = output.Result;
        Assert.True(process.ExitCode == 0, $"ffmpeg ebur128 failed: {errors}");
        var summary = errors[errors.LastIndexOf("Summary:", StringComparison.Ordinal)..];
        return new Summary(Number(IntegratedPattern(), summary), Number(RangePattern(), summary), Number(PeakPattern(), summary));
    }

    private static double Number(Regex pattern, string text)
    {
        var match = pattern.Match(text);
        Assert.True(match.Success, $"no {pattern} in ffmpeg's summary: {text}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"I:\s+(-?[\d.]+|-inf) LUFS")]
    private static partial Regex IntegratedPattern();

    [GeneratedRegex(@"LRA:\s+(-?[\d.]+) LU")]
    private static partial Regex RangePattern();

    [GeneratedRegex(@"Peak:\s+(-?[\d.]+|-inf) dBFS")]
    private static partial Regex PeakPattern();
}
