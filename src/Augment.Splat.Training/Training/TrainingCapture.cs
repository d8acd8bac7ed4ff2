using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Augment.Splat;
using Augment.Vision;

namespace Augment.Splat.Training;

/// <summary>
/// A capture folder ready for training: views read from a nerfstudio / instant-ngp <c>transforms.json</c> and the initial
/// Gaussians from the sparse points next to it (<c>points3D.txt</c> in COLMAP's text format, or a point <c>.ply</c>),
/// or random points in the cameras' view frustums when there are none.
/// </summary>
/// <remarks>
/// transforms.json: intrinsics from <c>fl_x</c>/<c>fl_y</c>/<c>cx</c>/<c>cy</c>/<c>w</c>/<c>h</c> (top level or per frame) or
/// <c>camera_angle_x</c> (horizontal field of view, radians); <c>frames[].file_path</c> relative to the folder (".png" is
/// tried when it has no extension, as in the Blender synthetic sets) and <c>frames[].transform_matrix</c>, camera to world
/// with OpenGL axes (x right, y up, z backwards), converted here to the SDK's right-down-forward axes. Images are scaled
/// to 0..1 RGB; alpha, if any, is composited over the background colour given.
/// </remarks>
public sealed class TrainingCapture
{
    /// <summary>Most points used for initialisation (more are subsampled evenly).</summary>
    public const int MaxInitialPoints = 20_000;

    private TrainingCapture(List<TrainingView> views, SplatParameters initial, string pointSource)
    {
        Views = views;
        Initial = initial;
        PointSource = pointSource;
    }

    /// <summary>The views (every <c>holdOutEvery</c>-th held out), images owned by this capture.</summary>
    public IReadOnlyList<TrainingView> Views { get; }

    /// <summary>Initial Gaussians (SH degree 0): one per point, colour from the point, isotropic scale from the mean distance to its 3 nearest neighbours, opacity 0.1.</summary>
    public SplatParameters Initial { get; }

    /// <summary>Where the initial points came from: a file name, or "random" (frustum sampling).</summary>
    public string PointSource { get; }

    /// <summary>Reads a capture folder.</summary>
    /// <param name="folder">Folder holding <c>transforms.json</c> and the images.</param>
    /// <param name="holdOutEvery">Hold out every n-th frame for evaluation (3DGS's evaluation uses 8); 0 holds none out.</param>
    /// <param name="background">Colour under transparent pixels (RGB 0..1).</param>
    /// <param name="randomPoints">Points sampled when the folder has none.</param>
    /// <param name="seed">Seed of the random points.</param>
    /// <exception cref="FileNotFoundException">No transforms.json, or a frame's image is missing.</exception>
    /// <exception cref="InvalidMediaException">transforms.json is malformed or has no frames.</exception>
    public static TrainingCapture Load(string folder, int holdOutEvery = 8, Vector3 background = default, int randomPoints = 5000, int seed = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentOutOfRangeException.ThrowIfNegative(holdOutEvery);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(randomPoints);
        var path = Path.Combine(folder, "transforms.json");
        if (!File.Exists(path))
            throw new FileNotFoundException($"{folder} has no transforms.json (a nerfstudio capture folder is expected).", path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidMediaException(path, e.BytePositionInLine ?? -1, $"transforms.json is not valid JSON: {e.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (!root.TryGetProperty("frames", out var frames) || frames.ValueKind != JsonValueKind.Array || frames.GetArrayLength() == 0)
                throw new InvalidMediaException(path, -1, "transforms.json has no frames");
            var views = new List<TrainingView>();
            var index = 0;
            foreach (var frame in frames.EnumerateArray())
            {
                views.Add(ReadFrame(folder, path, root, frame, index, holdOutEvery, background));
                index++;
            }
            var (points, colours, source) = ReadPoints(folder, root);
            if (points.Count == 0)
            {
                (points, colours) = RandomPoints(views, randomPoints, seed);
                source = "random";
            }
            return new TrainingCapture(views, Initialise(points, colours), source);
        }
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

    private static TrainingView ReadFrame(string folder, string path, JsonElement root, JsonElement frame, int index, int holdOutEvery, Vector3 background)
    {
        if (!frame.TryGetProperty("file_path", out var fileElement) || fileElement.GetString() is not { } file)
            throw new InvalidMediaException(path, -1, $"frame {index} has no file_path");
        var imagePath = Path.GetFullPath(Path.Combine(folder, file));
        if (!File.Exists(imagePath) && string.IsNullOrEmpty(Path.GetExtension(imagePath)) && File.Exists(imagePath + ".png"))
            imagePath += ".png";
        if (!File.Exists(imagePath))
            throw new FileNotFoundException($"Frame {index} of {path}: image {imagePath} does not exist.", imagePath);
        var matrix = ReadMatrix(path, frame, index);
        using var loaded = ImageFile.Load(imagePath);
        var image = ToRgb(loaded, background);
        var width = (int)Number(frame, root, "w", image.Width);
        var height = (int)Number(frame, root, "h", image.Height);
        if (width != image.Width || height != image.Height)
            throw new InvalidMediaException(path, -1, $"frame {index}: transforms.json says {width}x{height} but {imagePath} is {image.Width}x{image.Height}");
        double fx, fy;
        if (Has(frame, root, "fl_x"))
        {
            fx = Number(frame, root, "fl_x", 0);
            fy = Number(frame, root, "fl_y", fx);
        }
        else if (Has(frame, root, "camera_angle_x"))
        {
            fx = 0.5 * width / Math.Tan(0.5 * Number(frame, root, "camera_angle_x", 0));
            fy = Has(frame, root, "camera_angle_y") ? 0.5 * height / Math.Tan(0.5 * Number(frame, root, "camera_angle_y", 0)) : fx;
        }
        else
        {
            throw new InvalidMediaException(path, -1, $"frame {index}: no intrinsics (fl_x/fl_y or camera_angle_x)");
        }
        var cx = Number(frame, root, "cx", width / 2.0);
        var cy = Number(frame, root, "cy", height / 2.0);
        if (!(fx > 0) || !(fy > 0) || !double.IsFinite(fx) || !double.IsFinite(fy))
            throw new InvalidMediaException(path, -1, $"frame {index}: focal lengths {fx} and {fy} must be positive");

        // OpenGL camera-to-world columns: x right, y up, z backwards → right = x, down = -y, forward = -z.
        var right = Vector3.Normalize(new Vector3(matrix[0], matrix[4], matrix[8]));
        var down = -Vector3.Normalize(new Vector3(matrix[1], matrix[5], matrix[9]));
        var forward = -Vector3.Normalize(new Vector3(matrix[2], matrix[6], matrix[10]));
        var position = new Vector3(matrix[3], matrix[7], matrix[11]);
        if (!float.IsFinite(right.X + down.Y + forward.Z + position.X + position.Y + position.Z))
            throw new InvalidMediaException(path, -1, $"frame {index}: degenerate transform_matrix");
        var camera = new PinholeCamera(position, right, down, forward, width, height, (float)fx, (float)fy, (float)cx, (float)cy);
        return new TrainingView(camera, image)
        {
            HeldOut = holdOutEvery > 0 && index % holdOutEvery == holdOutEvery - 1,
            Name = Path.GetFileName(imagePath),
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

    private static float[] ReadMatrix(string path, JsonElement frame, int index)
    {
        if (!frame.TryGetProperty("transform_matrix", out var rows) || rows.ValueKind != JsonValueKind.Array || rows.GetArrayLength() < 3)
            throw new InvalidMediaException(path, -1, $"frame {index} has no 4x4 transform_matrix");
        var matrix = new float[16];
        var r = 0;
        foreach (var row in rows.EnumerateArray())
        {
            if (r >= 4 || row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != 4)
                throw new InvalidMediaException(path, -1, $"frame {index}: transform_matrix row {r} is not 4 numbers");
            var c = 0;
            foreach (var value in row.EnumerateArray())
                matrix[(r * 4) + c++] = value.ValueKind == JsonValueKind.Number ? value.GetSingle() : throw new InvalidMediaException(path, -1, $"frame {index}: transform_matrix holds a non-number");
            r++;
        }
        return matrix;
    }

    private static bool Has(JsonElement frame, JsonElement root, string name) =>
        frame.TryGetProperty(name, out _) || root.TryGetProperty(name, out _);

    private static double Number(JsonElement frame, JsonElement root, string name, double fallback)
    {
        if (frame.TryGetProperty(name, out var value) || root.TryGetProperty(name, out value))
            return value.ValueKind == JsonValueKind.Number ? value.GetDouble() : fallback;
        return fallback;
    }

    private static (List<Vector3> Points, List<Vector3>? Colours, string Source) ReadPoints(string folder, JsonElement root)
    {
        var candidates = new List<string>();
        if (root.TryGetProperty("ply_file_path", out var ply) && ply.GetString() is { } plyPath)
            candidates.Add(Path.Combine(folder, plyPath));
        candidates.Add(Path.Combine(folder, "points3D.txt"));
        candidates.Add(Path.Combine(folder, "sparse", "0", "points3D.txt"));
        candidates.Add(Path.Combine(folder, "points3D.ply"));
        foreach (var candidate in candidates)
        {
            if (!File.Exists(candidate))
                continue;
            var (points, colours) = candidate.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) ? ReadColmapPoints(candidate) : PointPly.Read(candidate);
            return (Subsample(points), colours is null ? null : Subsample(colours), Path.GetFileName(candidate));
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

    // COLMAP points3D.txt: POINT3D_ID X Y Z R G B ERROR TRACK[]; '#' comments.
    private static (List<Vector3>, List<Vector3>?) ReadColmapPoints(string path)
    {
        var points = new List<Vector3>();
        var colours = new List<Vector3>();
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            var trimmed = text.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
                continue;
            var fields = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 7
                || !float.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
                || !float.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
                || !float.TryParse(fields[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var z)
                || !int.TryParse(fields[4], NumberStyles.Integer, CultureInfo.InvariantCulture, out var r)
                || !int.TryParse(fields[5], NumberStyles.Integer, CultureInfo.InvariantCulture, out var g)
                || !int.TryParse(fields[6], NumberStyles.Integer, CultureInfo.InvariantCulture, out var b))
                throw new InvalidMediaException(path, line, $"line {line} is not 'ID X Y Z R G B ERROR TRACK...'");
            points.Add(new Vector3(x, y, z));
            colours.Add(new Vector3(r, g, b) / 255f);
        }
        return (points, colours);
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
