using Augment.Vision;

namespace Augment.SplatTraining.Tests.Frames;

/// <summary>
/// Tiny generated videos (160x90, 25 fps, a few seconds) in a temporary folder deleted on dispose; shared by a test class
/// (the rotation and parallax clips are generated once).
/// </summary>
public sealed class FrameClips : IDisposable
{
    private readonly Lazy<string> _rotate;
    private readonly Lazy<string> _parallax;

    public const int Width = 160;
    public const int Height = 90;
    public const int Rate = 25;

    public FrameClips()
    {
        Directory.CreateDirectory(Folder);
        _rotate = new Lazy<string>(WriteRotateInPlace);
        _parallax = new Lazy<string>(WriteParallax);
    }

    /// <summary>See <see cref="WriteRotateInPlace"/>.</summary>
    public string RotateInPlace() => _rotate.Value;

    /// <summary>See <see cref="WriteParallax"/>.</summary>
    public string Parallax() => _parallax.Value;

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"aug-frames-{Guid.NewGuid():N}");

    public string File(string name) => Path.Combine(Folder, name);

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }

    /// <summary>
    /// ffmpeg's testsrc2 panned by a crop expression (20 px/s), Gaussian-blurred (σ = 3) from 1.0 to 2.0 s and darkened
    /// from 2.8 to 3.4 s, 4 s long, H.264.
    /// </summary>
    public string BlurAndDark()
    {
        var path = File("blur-dark.mp4");
        FramePeer.RunFfmpeg("-f", "lavfi", "-i", $"testsrc2=size=320x{Height}:rate={Rate}:duration=4",
            "-vf", $"crop={Width}:{Height}:x='t*20':y=0,gblur=sigma=3:enable='between(t,1,2-0.001)',lutyuv=y='val*0.12':enable='between(t,2.8,3.4-0.001)'",
            "-c:v", "libx264", "-crf", "12", "-pix_fmt", "yuv420p", path);
        return path;
    }

    /// <summary>A camera rotating in place: an analytic texture panned 1.5 px per frame while rolling 0.2° and zooming 0.3 % per frame (a homography at every step). Y4M, 36 frames.</summary>
    private string WriteRotateInPlace()
    {
        var texture = new FrameImages.Texture(21);
        return Write("rotate.y4m", 36, (t, x, y) =>
        {
            var angle = t * 0.2 * Math.PI / 180;
            var scale = 1 + (0.003 * t);
            var cx = (Width / 2.0) + (1.5 * t);
            var cy = Height / 2.0;
            // Screen pixel -> texture point: undo zoom and roll about the (moving) centre.
            var qx = (x - (Width / 2.0)) / scale;
            var qy = (y - (Height / 2.0)) / scale;
            var rx = (Math.Cos(angle) * qx) + (Math.Sin(angle) * qy);
            var ry = (-Math.Sin(angle) * qx) + (Math.Cos(angle) * qy);
            return texture.At(cx + rx, cy + ry);
        });
    }

    /// <summary>
    /// A camera moving sideways past two depths: the top and bottom thirds (far) move 1 px per frame, the middle third
    /// (near) 1.5 px per frame on average (whole pixels, so every frame is equally sharp). Y4M, 50 frames.
    /// </summary>
    private string WriteParallax()
    {
        const int frames = 50;
        var canvasWidth = Width + (2 * frames);
        var far = new FrameImages.Texture(31).Sample(canvasWidth, Height);
        var near = new FrameImages.Texture(32).Sample(canvasWidth, Height);
        return Write("parallax.y4m", frames, (t, x, y) =>
            y >= Height / 3 && y < 2 * Height / 3 ? near[(y * canvasWidth) + x + (3 * t / 2)] : far[(y * canvasWidth) + x + t]);
    }

    /// <summary>Writes <paramref name="frames"/> grey frames whose pixel (x, y) at frame t is <paramref name="pixel"/>, as Y4M.</summary>
    public string Write(string name, int frames, Func<int, int, int, double> pixel)
    {
        var path = File(name);
        using var writer = VideoFile.Create(path, new VideoInfo { Width = Width, Height = Height, FrameRateNumerator = Rate, FrameRateDenominator = 1 });
        for (var t = 0; t < frames; t++)
        {
            using var frame = ImageFrame.Create(Width, Height, 3);
            var r = frame.Plane(0);
            for (var y = 0; y < Height; y++)
            {
                for (var x = 0; x < Width; x++)
                    r[(y * Width) + x] = (float)Math.Clamp(pixel(t, x, y), 0, 1);
            }
            r.CopyTo(frame.Plane(1));
            r.CopyTo(frame.Plane(2));
            writer.WriteFrame(frame);
        }
        writer.Complete();
        return path;
    }
}
