using System.Diagnostics;

namespace Augment.SplatTraining.Tests.Frames;

/// <summary>
/// Runs the outside references these tests compare against: OpenCV through <c>/usr/bin/python3</c> (Debian's cv2; another
/// python3 earlier on PATH may lack it) and ffmpeg for generated clips. Each check skips with a printed reason when its
/// tool is missing.
/// </summary>
internal static class FramePeer
{
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<string?> PythonMissing = new(() =>
    {
        if (!File.Exists(Python))
            return $"{Python} is not installed; the comparison with OpenCV is skipped.";
        var (exit, _, errors) = Execute(Python, ["-c", "import cv2, numpy"]);
        return exit == 0 ? null : $"{Python} cannot import cv2/numpy ({errors.Trim().Split('\n')[^1]}); install python3-opencv to run this check.";
    });

    private static readonly Lazy<string?> FfmpegMissing = new(() =>
    {
        try
        {
            var (exit, _, _) = Execute("ffmpeg", ["-hide_banner", "-version"]);
            return exit == 0 ? null : "ffmpeg does not run; the generated-video checks are skipped.";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "ffmpeg is not installed; the generated-video checks are skipped.";
        }
    });

    public static void SkipUnlessOpenCv() => Assert.SkipWhen(PythonMissing.Value is not null, PythonMissing.Value ?? "");

    public static void SkipUnlessFfmpeg() => Assert.SkipWhen(FfmpegMissing.Value is not null, FfmpegMissing.Value ?? "");

    /// <summary>Runs a python script with arguments; returns its standard output, failing the test on a non-zero exit.</summary>
    public static string RunPython(string script, params string[] arguments)
    {
        var (exit, output, errors) = Execute(Python, ["-c", script, .. arguments]);
        Assert.True(exit == 0, $"python3 failed ({exit}): {errors}");
        return output;
    }

    /// <summary>Runs ffmpeg (quiet, overwrite) with arguments, failing the test on a non-zero exit.</summary>
    public static void RunFfmpeg(params string[] arguments)
    {
        var (exit, _, errors) = Execute("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", .. arguments]);
        Assert.True(exit == 0, $"ffmpeg failed ({exit}): {errors}");
    }

    private static (int Exit, string Output, string Errors) Execute(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["OMP_NUM_THREADS"] = "1";
        start.Environment["OPENBLAS_NUM_THREADS"] = "1";
        start.Environment["PYTHONNOUSERSITE"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "", "timed out");
        }
        return (process.ExitCode, output.Result, errors.Result);
    }
}
