using System.Diagnostics;
using System.Globalization;

namespace Augment.Cli.Tests.Commands;

/// <summary>ffmpeg and ffprobe for the video verb tests: generated clips and independent checks (skipped when absent).</summary>
internal static class VideoTestClips
{
    public const int Width = 64, Height = 48;

    private static readonly Lazy<string?> FfmpegLocation = new(() => Find("ffmpeg"));

    public static string? FfmpegPath => FfmpegLocation.Value;

    public static void SkipWhenAbsent() =>
        Assert.SkipWhen(FfmpegPath is null, "ffmpeg is not installed (not found on PATH); the video verb test is skipped.");

    /// <summary>An H.264 clip of ffmpeg's testsrc2 pattern, optionally with a 440 Hz AAC track.</summary>
    public static string Clip(string path, int frames = 10, bool withAudio = false)
    {
        var seconds = (frames / 25.0).ToString(CultureInfo.InvariantCulture);
        List<string> arguments = ["-f", "lavfi", "-i", $"testsrc2=size={Width}x{Height}:rate=25"];
        if (withAudio)
            arguments.AddRange(["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-c:a", "aac", "-b:a", "96k"]);
        arguments.AddRange(["-t", seconds, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", path]);
        Run("ffmpeg", [.. arguments]);
        return path;
    }

    /// <summary>One stream property as ffprobe reports it (<c>-show_entries stream=NAME</c>) for the first video stream.</summary>
    public static string VideoProperty(string path, string name) =>
        System.Text.Encoding.ASCII.GetString(Run("ffprobe", "-select_streams", "v:0", "-show_entries", "stream=" + name, "-of", "default=noprint_wrappers=1:nokey=1", path)).Trim();

    /// <summary>Frames in the first video stream, counted by decoding.</summary>
    public static int CountFrames(string path) =>
        int.Parse(System.Text.Encoding.ASCII.GetString(
            Run("ffprobe", "-select_streams", "v:0", "-count_frames", "-show_entries", "stream=nb_read_frames", "-of", "default=noprint_wrappers=1:nokey=1", path)).Trim(), CultureInfo.InvariantCulture);

    /// <summary>MD5 of the audio packets copied as they are.</summary>
    public static string AudioPacketsMd5(string path) =>
        System.Text.Encoding.ASCII.GetString(Run("ffmpeg", "-i", path, "-map", "0:a", "-c", "copy", "-f", "md5", "-")).Trim();

    /// <summary>The first frame decoded to 8-bit RGB with the BT.709 matrix.</summary>
    public static byte[] FirstFrameRgb24(string path) =>
        Run("ffmpeg", "-i", path, "-vf", "scale=in_color_matrix=bt709:in_range=tv", "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-");

    /// <summary>Runs ffmpeg (quiet, overwriting) and returns what it wrote to standard output; a failure fails the test.</summary>
    public static byte[] Ffmpeg(params string[] arguments) => Run("ffmpeg", arguments);

    public static double Psnr(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            sum += d * d;
        }
        var mse = sum / a.Length;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
    }

    private static byte[] Run(string tool, params string[] arguments)
    {
        var executable = tool == "ffmpeg" ? FfmpegPath! : Path.Combine(Path.GetDirectoryName(FfmpegPath!)!, "ffprobe");
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-hide_banner", "-loglevel", "error", "-y"])
        {
            if (tool == "ffprobe" && argument == "-y")
                continue;
            start.ArgumentList.Add(argument);
        }
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} failed: {errors.Result}");
        return output.ToArray();
    }

    private static string? Find(string tool)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, tool);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }
}
