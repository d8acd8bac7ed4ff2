using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Augment.Provenance.Tests.Watermarks;

/// <summary>Generated test photographs and the attacks of the robustness table (through ImageSharp and ffmpeg).</summary>
internal static class WatermarkImages
{
    /// <summary>
    /// A photograph-like RGB image: smooth gradients, soft-edged discs and rectangles of random colours (edges are
    /// what fools a naive detector), plus fine grain. Deterministic per seed.
    /// </summary>
    public static ImageFrame Scene(int width, int height, int seed)
    {
        var random = new Random(seed);
        var frame = ImageFrame.Create(width, height, 3);
        var baseColour = new float[3];
        var slope = new float[6];
        for (var c = 0; c < 3; c++)
        {
            baseColour[c] = 0.25f + 0.5f * random.NextSingle();
            slope[2 * c] = (random.NextSingle() - 0.5f) * 0.4f;
            slope[2 * c + 1] = (random.NextSingle() - 0.5f) * 0.4f;
        }
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < height; y++)
            {
                var row = frame.Row(c, y);
                for (var x = 0; x < width; x++)
                    row[x] = baseColour[c] + slope[2 * c] * x / width + slope[2 * c + 1] * y / height;
            }
        }
        var shapes = 12 + random.Next(12);
        for (var s = 0; s < shapes; s++)
        {
            var cx = random.NextSingle() * width;
            var cy = random.NextSingle() * height;
            var radius = (0.03f + 0.2f * random.NextSingle()) * Math.Min(width, height);
            var disc = random.Next(2) == 0;
            var colour = new[] { random.NextSingle(), random.NextSingle(), random.NextSingle() };
            var opacity = 0.4f + 0.6f * random.NextSingle();
            var x0 = Math.Max(0, (int)(cx - radius - 2));
            var x1 = Math.Min(width, (int)(cx + radius + 2));
            var y0 = Math.Max(0, (int)(cy - radius - 2));
            var y1 = Math.Min(height, (int)(cy + radius + 2));
            for (var y = y0; y < y1; y++)
            {
                for (var x = x0; x < x1; x++)
                {
                    var d = disc
                        ? MathF.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy)) - radius
                        : Math.Max(Math.Abs(x - cx), Math.Abs(y - cy)) - radius;
                    var a = opacity * Math.Clamp(0.5f - d / 1.5f, 0, 1);
                    if (a <= 0)
                        continue;
                    for (var c = 0; c < 3; c++)
                    {
                        ref var p = ref frame.Row(c, y)[x];
                        p += a * (colour[c] - p);
                    }
                }
            }
        }
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var grain = (random.NextSingle() - 0.5f) * 0.04f;
                for (var c = 0; c < 3; c++)
                {
                    ref var p = ref frame.Row(c, y)[x];
                    p = Math.Clamp(p + grain, 0, 1);
                }
            }
        }
        return frame;
    }

    public static Image<Rgb24> ToImage(ImageFrame frame) =>
        Image.LoadPixelData<Rgb24>(frame.ToPixels8(PixelLayout.Rgb), frame.Width, frame.Height);

    public static ImageFrame FromImage(Image<Rgb24> image)
    {
        var bytes = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(bytes);
        return ImageFrame.FromPixels(bytes, image.Width, image.Height, PixelLayout.Rgb);
    }

    /// <summary>8-bit round trip (what saving a PNG does).</summary>
    public static ImageFrame Quantised(ImageFrame frame)
    {
        using var image = ToImage(frame);
        return FromImage(image);
    }

    public static ImageFrame Jpeg(ImageFrame frame, int quality)
    {
        using var image = ToImage(frame);
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream, new JpegEncoder { Quality = quality });
        stream.Position = 0;
        using var decoded = Image.Load<Rgb24>(stream);
        return FromImage(decoded);
    }

    public static ImageFrame Resize(ImageFrame frame, double ratio)
    {
        using var image = ToImage(frame);
        image.Mutate(x => x.Resize((int)Math.Round(frame.Width * ratio), (int)Math.Round(frame.Height * ratio), KnownResamplers.Bicubic));
        return FromImage(image);
    }

    public static ImageFrame Brightness(ImageFrame frame, float factor)
    {
        using var image = ToImage(frame);
        image.Mutate(x => x.Brightness(factor));
        return FromImage(image);
    }

    /// <summary>Keeps <paramref name="keep"/> of each side, starting at the given fraction of the removed margin.</summary>
    public static ImageFrame Crop(ImageFrame frame, double keep, double marginFraction)
    {
        var w = (int)Math.Round(frame.Width * keep);
        var h = (int)Math.Round(frame.Height * keep);
        var x0 = (int)Math.Round((frame.Width - w) * marginFraction);
        var y0 = (int)Math.Round((frame.Height - h) * marginFraction);
        var result = ImageFrame.Create(w, h, frame.Channels);
        for (var c = 0; c < frame.Channels; c++)
        {
            for (var y = 0; y < h; y++)
                frame.Row(c, y0 + y).Slice(x0, w).CopyTo(result.Row(c, y));
        }
        return result;
    }

    public static bool FfmpegAvailable => FindFfmpeg() is not null;

    /// <summary>JPEG re-encode through ffmpeg's mjpeg encoder with -q:v (2 best .. 31 worst); null when ffmpeg is absent.</summary>
    public static ImageFrame? FfmpegJpeg(ImageFrame frame, int qscale)
    {
        var ffmpeg = FindFfmpeg();
        if (ffmpeg is null)
            return null;
        var directory = Path.Combine(Path.GetTempPath(), "augment-wm-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var input = Path.Combine(directory, "in.png");
            var output = Path.Combine(directory, "out.jpg");
            using (var image = ToImage(frame))
                image.SaveAsPng(input);
            var start = new System.Diagnostics.ProcessStartInfo(ffmpeg, ["-v", "error", "-y", "-i", input, "-q:v", qscale.ToString(System.Globalization.CultureInfo.InvariantCulture), output])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            using (var process = System.Diagnostics.Process.Start(start)!)
            {
                process.StandardError.ReadToEnd();
                process.WaitForExit();
                if (process.ExitCode != 0)
                    return null;
            }
            using var decoded = Image.Load<Rgb24>(output);
            return FromImage(decoded);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string? FindFfmpeg()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(directory, "ffmpeg");
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }
}
