using System.Runtime.InteropServices;
using Augment.Testing;

namespace Augment.Vision.Tests.Peers;

/// <summary>
/// The image peers of the Vision and library tests, on top of <see cref="PythonRunner"/>: scripts live beside this
/// file (copied to the test output's <c>Peers</c> folder); images travel as raw little-endian float32, interleaved
/// height x width x channels.
/// </summary>
internal static class PythonPeer
{
    /// <summary>Skips the test unless <c>/usr/bin/python3</c> imports every module (e.g. "cv2", "skimage").</summary>
    public static void SkipUnless(params string[] modules) => PythonRunner.SkipUnless(modules);

    /// <summary>Runs <c>Peers/<paramref name="script"/></c> with the arguments; returns standard output, fails the test on a non-zero exit.</summary>
    public static string Run(string script, params string[] arguments)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Peers", script);
        Assert.True(File.Exists(path), $"peer script {path} is missing from the test output");
        var (exit, output, errors) = PythonRunner.Execute([path, .. arguments], TimeSpan.FromMinutes(5));
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
}
