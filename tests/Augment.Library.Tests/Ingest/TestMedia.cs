using System.Diagnostics;
using Augment.Vision;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace Augment.Library.Tests.Ingest;

/// <summary>Generated pictures and clips for the scanner tests (ffmpeg-made clips skip the test when ffmpeg is absent).</summary>
internal static class TestMedia
{
    private static readonly Lazy<string?> FfmpegLocation = new(() => FfmpegLocator.FindFfmpeg());

    public static void SkipWithoutFfmpeg() =>
        Assert.SkipWhen(FfmpegLocation.Value is null || FfmpegLocator.FindFfprobe() is null, "ffmpeg/ffprobe are not installed (not found on PATH or AUGMENT_FFMPEG); the video part of this test is skipped.");

    public static bool HasEncoder(string name) => Run("-hide_banner", "-encoders").Contains(" " + name + " ", StringComparison.Ordinal);

    /// <summary>
    /// A 4.8 s, 25 frames/s, 192x108 clip of three 40-frame shots joined by hard cuts at 1.6 s and 3.2 s (frames 40
    /// and 80): ffmpeg's moving testsrc2, static SMPTE bars, then ffmpeg's zooming Mandelbrot set; tagged with timecode
    /// 01:02:03:04 and creation time 2024-05-06T07:08:09Z.
    /// </summary>
    public static void ThreeShotClip(string path, int width = 192, int height = 108, double shotSeconds = 1.6)
    {
        var size = $"{width}x{height}";
        var seconds = shotSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var codec = HasEncoder("libx264") ? "libx264" : "mpeg4";
        Run("-y", "-f", "lavfi", "-i", $"testsrc2=s={size}:r=25:d={seconds}",
            "-f", "lavfi", "-i", $"smptebars=s={size}:r=25:d={seconds}",
            "-f", "lavfi", "-i", $"mandelbrot=s={size}:r=25,trim=duration={seconds}",
            "-filter_complex", "[0:v][1:v][2:v]concat=n=3:v=1:a=0,format=yuv420p[v]", "-map", "[v]",
            "-c:v", codec, "-g", "30", "-timecode", "01:02:03:04", "-metadata", "creation_time=2024-05-06T07:08:09Z", path);
    }

    /// <summary>A one-shot clip (testsrc2) of the given length.</summary>
    public static void PlainClip(string path, double seconds = 1.0) =>
        Run("-y", "-f", "lavfi", "-i", $"testsrc2=s=160x90:r=25:d={seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            "-pix_fmt", "yuv420p", "-c:v", "mpeg4", path);

    /// <summary>A deterministic colourful still (gradients and a seed-placed block) saved through Vision's ImageFile.</summary>
    public static void Still(string path, int width, int height, int seed)
    {
        using var frame = ImageFrame.Create(width, height, 3);
        var random = new Random(seed);
        var bx = random.Next(width / 2);
        var by = random.Next(height / 2);
        var tint = (float)random.NextDouble();
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var block = x >= bx && x < bx + width / 3 && y >= by && y < by + height / 3;
                frame.Row(0, y)[x] = block ? 1f - tint : (float)x / width;
                frame.Row(1, y)[x] = block ? tint : (float)y / height;
                frame.Row(2, y)[x] = (float)((x + y + seed * 7) % 17) / 17f;
            }
        }
        ImageFile.Save(frame, path);
    }

    /// <summary>A JPEG stored 64x32 with EXIF orientation 6 (rotate 90° clockwise to view), DateTimeOriginal and OffsetTimeOriginal.</summary>
    public static void ExifJpeg(string path, string dateTimeOriginal, string offsetTimeOriginal)
    {
        using var image = new Image<Rgb24>(64, 32);
        for (var y = 0; y < 32; y++)
            for (var x = 0; x < 64; x++)
                image[x, y] = new Rgb24((byte)(x * 4), (byte)(y * 8), 128);
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Orientation, (ushort)6);
        exif.SetValue(ExifTag.DateTimeOriginal, dateTimeOriginal);
        exif.SetValue(ExifTag.OffsetTimeOriginal, offsetTimeOriginal);
        image.Metadata.ExifProfile = exif;
        image.SaveAsJpeg(path);
    }

    public static string Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(FfmpegLocation.Value!) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-loglevel");
        start.ArgumentList.Add("error");
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"ffmpeg {string.Join(' ', arguments)} failed: {errors.Result}");
        return output;
    }
}
