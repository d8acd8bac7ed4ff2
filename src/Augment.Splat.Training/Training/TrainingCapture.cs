using System.Numerics;
using Augment.Splat;
using Augment.Vision;

namespace Augment.Splat.Training;

/// <summary>
/// A capture ready for training: the views of a <see cref="SceneCapture"/> (a COLMAP model or a nerfstudio /
/// instant-ngp <c>transforms.json</c>) with their images loaded, and the initial Gaussians from its sparse points
/// (or a <c>points3D.txt</c> / <c>points3D.ply</c> beside a transforms.json), or random points in the cameras' view
/// frustums when there are none.
/// </summary>
/// <remarks>
/// Images are scaled to 0..1 RGB; alpha, if any, is composited over the background colour given. An image whose size
/// differs from its camera's is an error (undistort or resize the whole capture first).
/// </remarks>
public sealed class TrainingCapture
{
    /// <summary>Most points used for initialisation (more are subsampled evenly).</summary>
    public const int MaxInitialPoints = 20_000;

    private TrainingCapture(List<TrainingView> views, SplatParameters initial, string pointSource, IReadOnlyList<string> warnings)
    {
        Warnings = warnings;
        Views = views;
        Initial = initial;
        PointSource = pointSource;
    }

    /// <summary>The views (every <c>holdOutEvery</c>-th held out), images owned by this capture.</summary>
    public IReadOnlyList<TrainingView> Views { get; }

    /// <summary>Initial Gaussians (SH degree 0): one per point, colour from the point, isotropic scale from the mean distance to its 3 nearest neighbours, opacity 0.1.</summary>
    public SplatParameters Initial { get; }

    /// <summary>What the capture reader noticed (lens distortion that is not undone, skipped views), to show the user.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Where the initial points came from: a file name, or "random" (frustum sampling).</summary>
    public string PointSource { get; }

    /// <summary>Reads a capture folder (see <see cref="SceneCapture.Load"/> for what it finds).</summary>
    /// <param name="folder">A COLMAP workspace or model folder, or a folder holding <c>transforms.json</c>.</param>
    /// <param name="holdOutEvery">Hold out every n-th view for evaluation (3DGS's evaluation uses 8); 0 holds none out.</param>
    /// <param name="background">Colour under transparent pixels (RGB 0..1).</param>
    /// <param name="randomPoints">Points sampled when the capture has none.</param>
    /// <param name="seed">Seed of the random points.</param>
    /// <param name="maxImageSide">
    /// Longest image side in pixels (0: keep the photos' size). Larger photos are shrunk by area averaging (aspect kept)
    /// and their cameras' focal lengths and principal points scaled to match; phone video frames are usually trained
    /// at about 1000 pixels (3DGS's loader shrinks anything wider than 1600).
    /// </param>
    /// <exception cref="FileNotFoundException">No capture there, or a view's image is missing.</exception>
    /// <exception cref="InvalidMediaException">A capture file is malformed, has no views, or an image does not match its camera.</exception>
    public static TrainingCapture Load(string folder, int holdOutEvery = 8, Vector3 background = default, int randomPoints = 5000, int seed = 1, int maxImageSide = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var root = File.Exists(folder) ? Path.GetDirectoryName(Path.GetFullPath(folder)) : folder;
        return FromCapture(SceneCapture.Load(folder), holdOutEvery, background, randomPoints, seed, maxImageSide, root);
    }

    /// <summary>Loads the images of <paramref name="capture"/>'s views and initialises Gaussians from its points.</summary>
    /// <param name="capture">Views and sparse points.</param>
    /// <param name="holdOutEvery">Hold out every n-th view for evaluation; 0 holds none out.</param>
    /// <param name="background">Colour under transparent pixels (RGB 0..1).</param>
    /// <param name="randomPoints">Points sampled when the capture has none.</param>
    /// <param name="seed">Seed of the random points.</param>
    /// <param name="maxImageSide">Longest image side in pixels (0: keep the photos' size); see <see cref="Load"/>.</param>
    /// <param name="pointsFolder">Where to look for points3D.txt / points3D.ply when the capture has no points (default: the first view's image folder).</param>
    public static TrainingCapture FromCapture(SceneCapture capture, int holdOutEvery = 8, Vector3 background = default, int randomPoints = 5000, int seed = 1, int maxImageSide = 0, string? pointsFolder = null)
    {
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentOutOfRangeException.ThrowIfNegative(holdOutEvery);
        ArgumentOutOfRangeException.ThrowIfNegative(maxImageSide);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(randomPoints);
        if (capture.Views.Count == 0)
            throw new InvalidMediaException(capture.Source.ToString(), -1, "the capture has no views");
        var views = new List<TrainingView>(capture.Views.Count);
        try
        {
            for (var index = 0; index < capture.Views.Count; index++)
                views.Add(ReadView(capture.Views[index], index, holdOutEvery, background, maxImageSide));
        }
        catch
        {
            foreach (var view in views)
                view.Target.Dispose();
            throw;
        }
        var (points, colours, source) = capture.Points.Count > 0
            ? FromSparse(capture.Points, capture.Source.ToString())
            : ReadPoints(pointsFolder ?? Path.GetDirectoryName(Path.GetFullPath(capture.Views[0].ImagePath)) ?? ".");
        if (points.Count == 0)
        {
            (points, colours) = RandomPoints(views, randomPoints, seed);
            source = "random";
        }
        return new TrainingCapture(views, Initialise(points, colours), source, capture.Warnings);
    }

    /// <summary>Initial Gaussians from points (3DGS's initialisation: isotropic, mean distance to 3 neighbours, opacity 0.1).</summary>
    /// <param name="points">Positions.</param>
    /// <param name="colours">RGB per point (0..1), or null for grey.</param>
    public static SplatParameters Initialise(IReadOnlyList<Vector3> points, IReadOnlyList<Vector3>? colours)
    {
        ArgumentNullException.ThrowIfNull(points);
        var n = points.Count;
        var scene = new SplatParameters(n, 0);
        var logit = MathF.Log(0.1f / 0.9f);
        Span<float> nearest = stackalloc float[3];
        for (var i = 0; i < n; i++)
        {
            nearest.Fill(float.MaxValue);
            for (var k = 0; k < n; k++)
            {
                if (k == i)
                    continue;
                var d = Vector3.DistanceSquared(points[i], points[k]);
                if (d < nearest[2])
                {
                    nearest[2] = d;
                    nearest.Sort();
                }
            }
            var count = Math.Min(3, n - 1);
            var sum = 0f;
            for (var k = 0; k < count; k++)
                sum += MathF.Sqrt(nearest[k]);
            var scale = count > 0 ? Math.Max(sum / count, 1e-4f) : 0.01f;
            scene.Plane(0)[i] = points[i].X;
            scene.Plane(1)[i] = points[i].Y;
            scene.Plane(2)[i] = points[i].Z;
            for (var a = 0; a < 3; a++)
                scene.Plane(SplatParameters.LogScaleX + a)[i] = MathF.Log(scale);
            scene.Plane(SplatParameters.RotationW)[i] = 1;
            scene.Plane(SplatParameters.Opacity)[i] = logit;
            var colour = colours is null ? new Vector3(0.5f) : colours[i];
            scene.Plane(SplatParameters.ShDcRed)[i] = (colour.X - 0.5f) / GaussianCloud.ShC0;
            scene.Plane(SplatParameters.ShDcRed + 1)[i] = (colour.Y - 0.5f) / GaussianCloud.ShC0;
            scene.Plane(SplatParameters.ShDcRed + 2)[i] = (colour.Z - 0.5f) / GaussianCloud.ShC0;
        }
        return scene;
    }

    /// <summary>
    /// The size a <paramref name="width"/> × <paramref name="height"/> image takes when its longest side is limited to
    /// <paramref name="maxImageSide"/> (aspect kept, each side rounded, at least 1); unchanged when it already fits or the limit is 0.
    /// </summary>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <param name="maxImageSide">Longest side allowed (0: no limit).</param>
    public static (int Width, int Height) LimitSize(int width, int height, int maxImageSide)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegative(maxImageSide);
        var longest = Math.Max(width, height);
        if (maxImageSide == 0 || longest <= maxImageSide)
            return (width, height);
        var scale = (double)maxImageSide / longest;
        return (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }

    /// <summary>
    /// Shrinks a view to <paramref name="maxImageSide"/> (see <see cref="LimitSize"/>): the photo by area averaging of its
    /// display values (Vision's box resampler; what 3DGS's loader gets from PIL), the camera by
    /// <see cref="PinholeCamera.WithSize"/>, which scales focal lengths and principal point by the same factors. With
    /// pixel centres at (x + 0.5, y + 0.5), as the renderers use, a point's pixel coordinates scale by exactly those factors.
    /// </summary>
    /// <param name="camera">The view's camera, sized as <paramref name="image"/>.</param>
    /// <param name="image">The photo.</param>
    /// <param name="maxImageSide">Longest side allowed (0: no limit).</param>
    /// <returns>The camera and a new photo (the caller disposes it; a copy when no shrinking was needed).</returns>
    public static (PinholeCamera Camera, ImageFrame Image) Downsize(PinholeCamera camera, ImageFrame image, int maxImageSide)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(image);
        if (image.Width != camera.Width || image.Height != camera.Height)
            throw new ArgumentException($"The camera is {camera.Width}x{camera.Height} but the image is {image.Width}x{image.Height}.", nameof(image));
        var (width, height) = LimitSize(image.Width, image.Height, maxImageSide);
        if (width == image.Width && height == image.Height)
            return (camera, image.Clone());
        var resized = image.Resize(ResizeOptions.Default.To(width, height).Using(ResampleKernel.Box) with { LinearLight = false });
        return (camera.WithSize(width, height), resized);
    }

    private static TrainingView ReadView(CaptureView view, int index, int holdOutEvery, Vector3 background, int maxImageSide)
    {
        if (!File.Exists(view.ImagePath))
            throw new FileNotFoundException($"View {index} ({view.Name}): image {view.ImagePath} does not exist.", view.ImagePath);
        using var loaded = ImageFile.Load(view.ImagePath);
        var camera = view.Camera;
        if (loaded.Width != camera.Width || loaded.Height != camera.Height)
            throw new InvalidMediaException(view.ImagePath, -1, $"view {index} ({view.Name}): the camera is {camera.Width}x{camera.Height} but the image is {loaded.Width}x{loaded.Height}");
        var rgb = ToRgb(loaded, background);
        if (maxImageSide > 0 && Math.Max(rgb.Width, rgb.Height) > maxImageSide)
        {
            using var full = rgb;
            (camera, rgb) = Downsize(camera, full, maxImageSide);
        }
        return new TrainingView(camera, rgb)
        {
            HeldOut = holdOutEvery > 0 && index % holdOutEvery == holdOutEvery - 1,
            Name = view.Name,
        };
    }

    private static ImageFrame ToRgb(ImageFrame loaded, Vector3 background)
    {
        var image = ImageFrame.Create(loaded.Width, loaded.Height, 3, loaded.ColorSpace);
        Span<float> back = [background.X, background.Y, background.Z];
        for (var c = 0; c < 3; c++)
        {
            var source = loaded.Plane(Math.Min(c, loaded.ColorChannels - 1));
            var target = image.Plane(c);
            if (loaded.HasAlpha)
            {
                var alpha = loaded.Alpha;
                for (var p = 0; p < target.Length; p++)
                    target[p] = (source[p] * alpha[p]) + (back[c] * (1 - alpha[p]));
            }
            else
            {
                source.CopyTo(target);
            }
        }
        return image;
    }

    private static (List<Vector3> Points, List<Vector3>? Colours, string Source) FromSparse(IReadOnlyList<SparsePoint> sparse, string source)
    {
        var points = new List<Vector3>(sparse.Count);
        var colours = new List<Vector3>(sparse.Count);
        foreach (var point in sparse)
        {
            points.Add(point.Position);
            colours.Add(point.Colour);
        }
        return (Subsample(points), Subsample(colours), source);
    }

    // A transforms.json capture may carry its points beside it as COLMAP text or a point PLY (nerfstudio's layout).
    private static (List<Vector3> Points, List<Vector3>? Colours, string Source) ReadPoints(string root)
    {
        foreach (var candidate in (ReadOnlySpan<string>)[Path.Combine(root, "points3D.txt"), Path.Combine(root, "sparse", "0", "points3D.txt"), Path.Combine(root, "points3D.ply")])
        {
            if (!File.Exists(candidate))
                continue;
            var sparse = candidate.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)
                ? ColmapTextFormat.ReadPoints(candidate, ColmapModelLimits.Default).ConvertAll(p => new SparsePoint(new Vector3((float)p.X, (float)p.Y, (float)p.Z), new Vector3(p.Red, p.Green, p.Blue) / 255f, (float)p.Error))
                : PointPly.Read(candidate);
            var (points, colours, _) = FromSparse(sparse, Path.GetFileName(candidate));
            return (points, colours, Path.GetFileName(candidate));
        }
        return ([], null, "none");
    }

    private static List<Vector3> Subsample(List<Vector3> values)
    {
        if (values.Count <= MaxInitialPoints)
            return values;
        var result = new List<Vector3>(MaxInitialPoints);
        for (var i = 0; i < MaxInitialPoints; i++)
            result.Add(values[(int)((long)i * values.Count / MaxInitialPoints)]);
        return result;
    }

    // Uniform in the training cameras' frustums, at depths 0.2..1.5 × the camera's distance to the cameras' look-at centre.
    private static (List<Vector3>, List<Vector3>?) RandomPoints(List<TrainingView> views, int count, int seed)
    {
        var random = new Random(seed);
        var centre = Vector3.Zero;
        foreach (var view in views)
            centre += view.Camera.Position + view.Camera.Forward;
        centre /= views.Count;
        var points = new List<Vector3>(count);
        for (var i = 0; i < count; i++)
        {
            var camera = views[random.Next(views.Count)].Camera;
            var distance = Math.Max(Vector3.Distance(camera.Position, centre), 1e-3f);
            var depth = distance * (0.2f + (1.3f * (float)random.NextDouble()));
            var u = (float)random.NextDouble() * camera.Width;
            var v = (float)random.NextDouble() * camera.Height;
            var direction = camera.Forward + (((u - camera.CenterX) / camera.FocalX) * camera.Right) + (((v - camera.CenterY) / camera.FocalY) * camera.Down);
            points.Add(camera.Position + (depth * direction));
        }
        return (points, null);
    }
}
