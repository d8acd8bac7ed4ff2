using Augment.Testing;

namespace Augment.SplatTraining.Tests.Frames;

/// <summary>
/// The outside references these tests compare against: OpenCV through <see cref="PythonRunner"/> and ffmpeg for generated
/// clips. Each check skips with a printed reason when its tool is missing.
/// </summary>
internal static class FramePeer
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    private static readonly Lazy<string?> FfmpegMissing = new(() =>
    {
        try
        {
            var (exit, _, _) = ToolProcess.Execute("ffmpeg", ["-hide_banner", "-version"], Limit);
            return exit == 0 ? null : "ffmpeg does not run; the generated-video checks are skipped.";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "ffmpeg is not installed; the generated-video checks are skipped.";
        }
    });

    public static void SkipUnlessOpenCv() => PythonRunner.SkipUnless("cv2", "numpy");

    public static void SkipUnlessFfmpeg() => Assert.SkipWhen(FfmpegMissing.Value is not null, FfmpegMissing.Value ?? "");

    /// <summary>Runs a python script with arguments; returns its standard output, failing the test on a non-zero exit.</summary>
    public static string RunPython(string script, params string[] arguments) => PythonRunner.Run(["-c", script, .. arguments], Limit);

    /// <summary>Runs ffmpeg (quiet, overwrite) with arguments, failing the test on a non-zero exit.</summary>
    public static void RunFfmpeg(params string[] arguments)
    {
        var (exit, _, errors) = ToolProcess.Execute("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", .. arguments], Limit);
        Assert.True(exit == 0, $"ffmpeg failed ({exit}): {errors}");
    }
}
