using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Augment.Vision.Tests.Peers;

/// <summary>
/// Runs the Python reference implementations (scikit-image, OpenCV, numpy/scipy from Debian's
/// packages, always through <c>/usr/bin/python3</c>: another python3 earlier on PATH cannot import
/// them). Tests that need a module call <see cref="SkipUnless"/> first and skip with the reason when
/// it is missing. Scripts live beside this file (copied to the test output's <c>Peers</c> folder);
/// images travel as raw little-endian float32, interleaved height x width x channels.
/// </summary>
internal static class PythonPeer
{
    public const string Interpreter = "/usr/bin/python3";

    private static readonly ConcurrentDictionary<string, string?> Missing = new();

    /// <summary>Skips the test unless <c>/usr/bin/python3</c> imports every module (e.g. "cv2", "skimage").</summary>
    public static void SkipUnless(params string[] modules)
    {
        var key = string.Join(',', modules);
        var reason = Missing.GetOrAdd(key, _ => Probe(modules));
        Assert.SkipWhen(reason is not null, reason ?? "");
    }

    /// <summary>Runs <c>Peers/<paramref name="script"/></c> with the arguments; returns standard output, fails the test on a non-zero exit.</summary>
    public static string Run(string script, params string[] arguments)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Peers", script);
        Assert.True(File.Exists(path), $"peer script {path} is missing from the test output");
        var (exit, output, errors) = Execute([path, .. arguments], TimeSpan.FromMinutes(5));
        Assert.True(exit == 0, $"python3 {script} {string.Join(' ', arguments)} failed ({exit}): {errors}");
        return output;
    }

    /// <summary>Writes the frame's planes as interleaved float32 (height x width x channels).</summary>
    public static void WriteRaw(ImageFrame frame, string path)
    {
        var values = new float[frame.PixelCount * frame.Channels];
        frame.CopyPixelsTo(values, frame.Channels switch
        {
            1 => PixelLayout.Gray,
            3 => PixelLayout.Rgb,
            4 => PixelLayout.Rgba,
            _ => throw new ArgumentException($"{frame.Channels} channels"),
        });
        File.WriteAllBytes(path, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
    }

    /// <summary>Reads interleaved float32 written by a peer script into a frame.</summary>
    public static ImageFrame ReadRaw(string path, int width, int height, int channels, ColorSpace colorSpace = ColorSpace.Srgb)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(width * height * channels * sizeof(float), bytes.Length);
        var values = MemoryMarshal.Cast<byte, float>(bytes);
        return ImageFrame.FromPixels(values, width, height, channels switch
        {
            1 => PixelLayout.Gray,
            3 => PixelLayout.Rgb,
            4 => PixelLayout.Rgba,
            _ => throw new ArgumentException($"{channels} channels"),
        }, colorSpace);
    }

    private static string? Probe(string[] modules)
    {
        if (!File.Exists(Interpreter))
            return $"{Interpreter} is not installed; the side-by-side check against {string.Join(", ", modules)} is skipped.";
        var (exit, _, errors) = Execute(["-c", "import " + string.Join(", ", modules)], TimeSpan.FromMinutes(1));
        return exit == 0 ? null : $"{Interpreter} cannot import {string.Join(", ", modules)} ({errors.Trim().Split('\n')[^1]}); install python3-skimage / python3-opencv to run this side-by-side check.";
    }

    private static (int Exit, string Output, string Errors) Execute(string[] arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // One thread per peer run, like the Augment side in the tests, and no user site-packages.
        start.Environment["OMP_NUM_THREADS"] = "1";
        start.Environment["PYTHONNOUSERSITE"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "", $"timed out after {timeout}");
        }
        return (process.ExitCode, output.Result, errors.Result);
    }
}
