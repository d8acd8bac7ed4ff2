using System.Numerics;
using Augment.Splat;

namespace Augment.Splat.Training;

/// <summary>
/// Posed photographs and a sparse point cloud: what training starts from, whatever produced it (a COLMAP model, a
/// nerfstudio / instant-ngp transforms.json, or code). Cameras are <see cref="PinholeCamera"/>s in the capture's own world
/// coordinates with RDF axes (x right, y down, z forward), as COLMAP's are; transforms.json's OpenGL cameras are converted
/// on load.
/// </summary>
public sealed class SceneCapture
{
    /// <summary>Name of the nerfstudio / instant-ngp camera file that <see cref="Load"/> looks for.</summary>
    public const string TransformsFileName = "transforms.json";

    /// <summary>Creates a capture.</summary>
    /// <exception cref="ArgumentException">A point is not finite.</exception>
    public SceneCapture(IEnumerable<CaptureView> views, IEnumerable<SparsePoint>? points = null, IEnumerable<string>? warnings = null, CaptureFormat source = CaptureFormat.None)
    {
        ArgumentNullException.ThrowIfNull(views);
        Views = [.. views];
        Points = points is null ? [] : [.. points];
        foreach (var p in Points)
        {
            if (!float.IsFinite(p.Position.X) || !float.IsFinite(p.Position.Y) || !float.IsFinite(p.Position.Z))
                throw new ArgumentException($"sparse point {p.Position} is not finite.", nameof(points));
        }
        var notes = warnings is null ? new List<string>() : [.. warnings];
        var distorted = 0;
        foreach (var view in Views)
            distorted += view.IsDistorted ? 1 : 0;
        if (distorted > 0)
            notes.Add($"{distorted} of {Views.Count} views have non-zero lens distortion, which training does not model: undistort the images first (colmap image_undistorter) for sharp results.");
        Warnings = notes;
        Source = source;
    }

    /// <summary>The posed photographs.</summary>
    public IReadOnlyList<CaptureView> Views { get; }

    /// <summary>The sparse reconstruction's points (may be empty).</summary>
    public IReadOnlyList<SparsePoint> Points { get; }

    /// <summary>What the loader skipped or noticed: missing image files, lens distortion, unused cameras.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Where the capture came from.</summary>
    public CaptureFormat Source { get; }

    /// <summary>
    /// Loads the capture in <paramref name="path"/>: a COLMAP model in <c>sparse/0</c>, <c>sparse</c> or the folder itself
    /// (.bin preferred over .txt), else a <c>transforms.json</c> in the folder (or <paramref name="path"/> naming that file).
    /// COLMAP images are looked for in <c>images/</c> in the folder, then in the model folder, else in the folder itself. Views whose image file is
    /// missing are skipped with a warning; when none of them exists, all views are kept (poses only) with one warning.
    /// </summary>
    /// <exception cref="FileNotFoundException">Neither a COLMAP model nor a transforms.json is there.</exception>
    /// <exception cref="InvalidMediaException">A file is malformed, or an image refers to a camera the model lacks.</exception>
    public static SceneCapture Load(string path, ColmapModelLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path) && path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            return TransformsJson.Read(path);
        if (!Directory.Exists(path))
            throw new DirectoryNotFoundException($"capture folder '{path}' does not exist.");
        foreach (var (model, root) in (ReadOnlySpan<(string, string)>)[(Path.Combine(path, "sparse", "0"), path), (Path.Combine(path, "sparse"), path), (path, path)])
        {
            if (ColmapModel.DetectFormat(model) is { } format)
                return FromColmap(ColmapModel.Load(model, format, limits), ImageFolderFor(root, model), Path.Combine(model, ColmapFiles.Images + (format == ColmapModelFormat.Binary ? ".bin" : ".txt")));
        }
        var transforms = Path.Combine(path, TransformsFileName);
        if (File.Exists(transforms))
            return TransformsJson.Read(transforms);
        throw new FileNotFoundException(
            $"'{path}' holds no COLMAP model (sparse/0, sparse or the folder itself, as cameras/images/points3D .bin or .txt) and no {TransformsFileName}.",
            transforms);
    }

    /// <summary>
    /// The capture of a COLMAP model whose image names are relative to <paramref name="imageFolder"/>. Skips views whose
    /// image file is missing (with a warning) unless none exists.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="imageFolder">Folder the image names are relative to.</param>
    /// <param name="source">Name of the images file, for error messages.</param>
    /// <exception cref="InvalidMediaException">An image refers to a camera the model lacks, or a camera cannot be represented.</exception>
    public static SceneCapture FromColmap(ColmapModel model, string imageFolder, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(imageFolder);
        source ??= "images";
        var views = new List<CaptureView>(model.Images.Count);
        var missing = new List<string>();
        foreach (var image in model.Images)
        {
            var camera = model.FindCamera(image.CameraId)
                ?? throw new InvalidMediaException(source, -1, $"image {image.Id} ('{image.Name}') refers to camera {image.CameraId}, which the model does not have.");
            if (camera.Width > PinholeCamera.MaxSide || camera.Height > PinholeCamera.MaxSide)
                throw new InvalidMediaException(source, -1, $"camera {camera.Id} is {camera.Width}x{camera.Height}, above {PinholeCamera.MaxSide} pixels a side.");
            var r = image.RotationMatrix();
            var (cx, cy, cz) = image.Center();
            PinholeCamera pinhole;
            try
            {
                pinhole = new PinholeCamera(new Vector3((float)cx, (float)cy, (float)cz),
                    Normalised(r[0], r[1], r[2]), Normalised(r[3], r[4], r[5]), Normalised(r[6], r[7], r[8]),
                    (int)camera.Width, (int)camera.Height, (float)camera.FocalX, (float)camera.FocalY, (float)camera.CenterX, (float)camera.CenterY);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                throw new InvalidMediaException(source, -1, $"image {image.Id} ('{image.Name}') with camera {camera.Id}: {e.Message}");
            }
            var path = Path.Combine(imageFolder, image.Name);
            if (!File.Exists(path))
                missing.Add(image.Name);
            views.Add(new CaptureView(image.Name, path, pinhole, ColmapCameraModels.Name(camera.Model), camera.Distortion.ToArray()));
        }
        var warnings = new List<string>();
        if (missing.Count == views.Count && views.Count > 0)
        {
            warnings.Add($"none of the {views.Count} image files was found under '{imageFolder}'; the views are kept (poses only).");
        }
        else if (missing.Count > 0)
        {
            views.RemoveAll(v => !File.Exists(v.ImagePath));
            warnings.Add($"skipped {missing.Count} views whose image file is missing under '{imageFolder}': {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", ..." : "")}.");
        }
        var points = new List<SparsePoint>(model.Points.Count);
        foreach (var p in model.Points)
        {
            var position = new Vector3((float)p.X, (float)p.Y, (float)p.Z);
            if (!float.IsFinite(position.X) || !float.IsFinite(position.Y) || !float.IsFinite(position.Z))
                throw new InvalidMediaException(source, -1, $"3D point {p.Id} is not finite.");
            points.Add(new SparsePoint(position, new Vector3(p.Red, p.Green, p.Blue) / 255f, (float)p.Error));
        }
        return new SceneCapture(views, points, warnings, CaptureFormat.Colmap);
    }

    /// <summary>
    /// A COLMAP model of this capture: one camera per distinct set of intrinsics (the view's distortion model kept when it
    /// is a COLMAP model with matching terms, else PINHOLE), images named as the views, points without tracks (error kept).
    /// </summary>
    public ColmapModel ToColmap()
    {
        var cameras = new List<ColmapCamera>();
        var images = new List<ColmapImage>(Views.Count);
        for (var i = 0; i < Views.Count; i++)
        {
            var view = Views[i];
            var c = view.Camera;
            var camera = IntrinsicsOf(view, cameras.Count + 1);
            var existing = cameras.Find(x => x.Model == camera.Model && x.Width == camera.Width && x.Height == camera.Height
                && x.Parameters.SequenceEqual(camera.Parameters));
            if (existing is null)
                cameras.Add(camera);
            var (qw, qx, qy, qz) = QuaternionOf(c);
            // t = -R C, with R's rows the camera axes.
            double px = c.Position.X, py = c.Position.Y, pz = c.Position.Z;
            var tx = -((c.Right.X * px) + (c.Right.Y * py) + (c.Right.Z * pz));
            var ty = -((c.Down.X * px) + (c.Down.Y * py) + (c.Down.Z * pz));
            var tz = -((c.Forward.X * px) + (c.Forward.Y * py) + (c.Forward.Z * pz));
            images.Add(new ColmapImage(i + 1, qw, qx, qy, qz, tx, ty, tz, (existing ?? camera).Id, view.Name));
        }
        var points = new List<ColmapPoint3D>(Points.Count);
        for (var i = 0; i < Points.Count; i++)
        {
            var p = Points[i];
            points.Add(new ColmapPoint3D(i + 1, p.Position.X, p.Position.Y, p.Position.Z, ToByte(p.Colour.X), ToByte(p.Colour.Y), ToByte(p.Colour.Z), p.Error));
        }
        return new ColmapModel(cameras, images, points);
    }

    /// <summary>
    /// Initial Gaussians from the sparse points, as Kerbl et al. 2023 (3D Gaussian Splatting, section 5) initialise them:
    /// one isotropic Gaussian per point at the point, log-scale = log of the mean distance to its 3 nearest neighbours
    /// (floored at 1e-4 of the scene's extent so duplicates do not give log 0), identity rotation, opacity logit(0.1), the
    /// point's colour as the SH DC term ((c - 0.5) / C0) and zero higher-order terms.
    /// </summary>
    /// <param name="shDegree">SH degree of the result, 0 to 3.</param>
    /// <param name="budget">Threads for the neighbour search.</param>
    /// <param name="cancellationToken">Cancels the neighbour search.</param>
    /// <exception cref="InvalidOperationException">The capture has no sparse points.</exception>
    public SplatParameters InitialGaussians(int shDegree, ComputeBudget? budget = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shDegree);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shDegree, 3);
        var n = Points.Count;
        if (n == 0)
            throw new InvalidOperationException("the capture has no sparse points to initialise Gaussians from.");
        budget ??= ComputeBudget.Default;
        budget.EnsureAllocation((long)n * (14 + (3 * GaussianCloud.RestCountFor(shDegree))) * sizeof(float), $"{n:N0} initial Gaussians");
        var positions = new Vector3[n];
        var min = new Vector3(float.MaxValue);
        var max = new Vector3(float.MinValue);
        for (var i = 0; i < n; i++)
        {
            positions[i] = Points[i].Position;
            min = Vector3.Min(min, positions[i]);
            max = Vector3.Max(max, positions[i]);
        }
        var distances = new float[n];
        NeighbourGrid.MeanDistances(positions, 3, distances, budget, cancellationToken);
        var extent = Vector3.Distance(min, max);
        // A lone point has no neighbours (it gets 0.01 world units); the floor keeps coincident points finite.
        var floor = extent > 0 ? extent * 1e-4f : 0.01f;
        var result = new SplatParameters(n, shDegree);
        var logitOpacity = MathF.Log(0.1f / 0.9f);
        Span<float> x = result.Plane(SplatParameters.PositionX), y = result.Plane(SplatParameters.PositionX + 1), z = result.Plane(SplatParameters.PositionX + 2);
        Span<float> sx = result.Plane(SplatParameters.LogScaleX), sy = result.Plane(SplatParameters.LogScaleX + 1), sz = result.Plane(SplatParameters.LogScaleX + 2);
        Span<float> red = result.Plane(SplatParameters.ShDcRed), green = result.Plane(SplatParameters.ShDcRed + 1), blue = result.Plane(SplatParameters.ShDcRed + 2);
        result.Plane(SplatParameters.RotationW).Fill(1);
        result.Plane(SplatParameters.Opacity).Fill(logitOpacity);
        for (var i = 0; i < n; i++)
        {
            x[i] = positions[i].X;
            y[i] = positions[i].Y;
            z[i] = positions[i].Z;
            var logScale = MathF.Log(MathF.Max(n == 1 ? 0.01f : distances[i], floor));
            sx[i] = logScale;
            sy[i] = logScale;
            sz[i] = logScale;
            var colour = Points[i].Colour;
            red[i] = (colour.X - 0.5f) / GaussianCloud.ShC0;
            green[i] = (colour.Y - 0.5f) / GaussianCloud.ShC0;
            blue[i] = (colour.Z - 0.5f) / GaussianCloud.ShC0;
        }
        return result;
    }

    // COLMAP keeps images beside sparse/: <root>/images; else next to the model, else the model folder itself.
    private static string ImageFolderFor(string root, string model)
    {
        foreach (var candidate in (ReadOnlySpan<string>)[Path.Combine(root, "images"), Path.Combine(model, "images")])
        {
            if (Directory.Exists(candidate))
                return candidate;
        }
        return root;
    }

    private static Vector3 Normalised(double x, double y, double z)
    {
        var n = Math.Sqrt((x * x) + (y * y) + (z * z));
        return new Vector3((float)(x / n), (float)(y / n), (float)(z / n));
    }

    private static byte ToByte(float c) => (byte)Math.Clamp((int)MathF.Round(c * 255), 0, 255);

    private static ColmapCamera IntrinsicsOf(CaptureView view, int id)
    {
        var c = view.Camera;
        if (view.Distortion.Count > 0 && ColmapCameraModels.TryParse(view.DistortionModel, out var model)
            && ColmapCameraModels.ParameterCount(model) - ColmapCameraModels.DistortionStart(model) == view.Distortion.Count)
        {
            var head = ColmapCameraModels.HasSingleFocal(model) ? new double[] { c.FocalX, c.CenterX, c.CenterY } : [c.FocalX, c.FocalY, c.CenterX, c.CenterY];
            return new ColmapCamera(id, model, c.Width, c.Height, [.. head, .. view.Distortion]);
        }
        return new ColmapCamera(id, ColmapCameraModel.Pinhole, c.Width, c.Height, [c.FocalX, c.FocalY, c.CenterX, c.CenterY]);
    }

    // Rotation matrix (rows = camera axes) to a unit quaternion, Shepperd's method (J. Guidance and Control 1(3), 1978):
    // take the largest of the four squared components for numerical stability.
    private static (double W, double X, double Y, double Z) QuaternionOf(PinholeCamera c)
    {
        double m00 = c.Right.X, m01 = c.Right.Y, m02 = c.Right.Z;
        double m10 = c.Down.X, m11 = c.Down.Y, m12 = c.Down.Z;
        double m20 = c.Forward.X, m21 = c.Forward.Y, m22 = c.Forward.Z;
        var trace = m00 + m11 + m22;
        double w, x, y, z;
        if (trace > 0)
        {
            var s = 2 * Math.Sqrt(trace + 1);
            w = 0.25 * s;
            x = (m21 - m12) / s;
            y = (m02 - m20) / s;
            z = (m10 - m01) / s;
        }
        else if (m00 > m11 && m00 > m22)
        {
            var s = 2 * Math.Sqrt(1 + m00 - m11 - m22);
            w = (m21 - m12) / s;
            x = 0.25 * s;
            y = (m01 + m10) / s;
            z = (m02 + m20) / s;
        }
        else if (m11 > m22)
        {
            var s = 2 * Math.Sqrt(1 + m11 - m00 - m22);
            w = (m02 - m20) / s;
            x = (m01 + m10) / s;
            y = 0.25 * s;
            z = (m12 + m21) / s;
        }
        else
        {
            var s = 2 * Math.Sqrt(1 + m22 - m00 - m11);
            w = (m10 - m01) / s;
            x = (m02 + m20) / s;
            y = (m12 + m21) / s;
            z = 0.25 * s;
        }
        var n = Math.Sqrt((w * w) + (x * x) + (y * y) + (z * z));
        if (w < 0)
            n = -n; // COLMAP's convention keeps w >= 0
        return (w / n, x / n, y / n, z / n);
    }
}
