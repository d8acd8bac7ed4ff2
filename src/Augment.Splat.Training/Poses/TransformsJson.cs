using System.Numerics;
using System.Text.Json;
using Augment.Splat;

namespace Augment.Splat.Training;

/// <summary>
/// nerfstudio / instant-ngp <c>transforms.json</c> (nerfstudio documentation, "Data conventions"): intrinsics at the top
/// level (<c>fl_x fl_y cx cy w h</c>, or <c>camera_angle_x</c> [and <c>camera_angle_y</c>] as in the original NeRF
/// datasets; distortion <c>k1 k2 k3 k4 p1 p2</c>), each of them overridable per frame; per frame a <c>file_path</c>
/// relative to the file and a 4x4 <c>transform_matrix</c>, camera-to-world with OpenGL camera axes (x right, y up, z back:
/// the camera looks down -z). On reading, a camera's Right is the matrix's first column, Down minus the second, Forward minus
/// the third, Position the fourth. The world frame is kept as the file gives it (instant-ngp's <c>scale</c>/<c>offset</c>
/// and <c>aabb_scale</c> are ignored). An optional <c>ply_file_path</c> names the sparse points.
/// </summary>
public static class TransformsJson
{
    private const long MaxFileBytes = 512L << 20;
    private const int MaxFrames = 1_000_000;

    /// <summary>Reads a transforms.json and its point file, if it names one.</summary>
    /// <exception cref="InvalidMediaException">The file is not valid JSON, lacks intrinsics or frames, or a matrix is not a rigid pose.</exception>
    public static SceneCapture Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var info = new FileInfo(path);
        if (!info.Exists)
            throw new FileNotFoundException($"'{path}' does not exist.", path);
        if (info.Length > MaxFileBytes)
            throw new InvalidMediaException(path, -1, $"the file is {info.Length} bytes, above the limit of {MaxFileBytes}.");
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        JsonDocument document;
        try
        {
            using var stream = File.OpenRead(path);
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 16, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new InvalidMediaException(path, e.BytePositionInLine is { } b && e.LineNumber is 0 ? b : -1, $"not valid JSON ({e.Message}).");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new InvalidMediaException(path, -1, "the top level is not a JSON object.");
            if (!root.TryGetProperty("frames", out var frames) || frames.ValueKind != JsonValueKind.Array)
                throw new InvalidMediaException(path, -1, "there is no \"frames\" array.");
            if (frames.GetArrayLength() > MaxFrames)
                throw new InvalidMediaException(path, -1, $"{frames.GetArrayLength()} frames is above the limit of {MaxFrames}.");
            var views = new List<CaptureView>();
            var missing = new List<string>();
            var index = 0;
            foreach (var frame in frames.EnumerateArray())
            {
                var where = $"frame {index}";
                if (frame.ValueKind != JsonValueKind.Object)
                    throw new InvalidMediaException(path, -1, $"{where} is not an object.");
                var name = frame.TryGetProperty("file_path", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString()! : throw new InvalidMediaException(path, -1, $"{where} has no \"file_path\".");
                where = $"frame {index} ('{name}')";
                if (name.Length == 0 || name.Contains('\0', StringComparison.Ordinal))
                    throw new InvalidMediaException(path, -1, $"frame {index}: \"file_path\" is empty or holds a NUL character.");
                var imagePath = ResolveImage(folder, name);
                if (!File.Exists(imagePath))
                    missing.Add(name);
                var camera = CameraOf(path, where, root, frame, imagePath);
                var (model, distortion) = DistortionOf(path, where, root, frame);
                views.Add(new CaptureView(name, imagePath, camera, model, distortion));
                index++;
            }
            var warnings = new List<string>();
            if (missing.Count > 0 && missing.Count == views.Count)
            {
                warnings.Add($"none of the {views.Count} image files was found beside '{path}'; the views are kept (poses only).");
            }
            else if (missing.Count > 0)
            {
                views.RemoveAll(v => !File.Exists(v.ImagePath));
                warnings.Add($"skipped {missing.Count} frames whose image file is missing: {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", ..." : "")}.");
            }
            var points = new List<SparsePoint>();
            if (root.TryGetProperty("ply_file_path", out var ply) && ply.ValueKind == JsonValueKind.String)
            {
                if (ply.GetString()!.Contains('\0', StringComparison.Ordinal))
                    throw new InvalidMediaException(path, -1, "\"ply_file_path\" holds a NUL character.");
                var plyPath = Path.Combine(folder, ply.GetString()!);
                if (File.Exists(plyPath))
                    points = PointPly.Read(plyPath);
                else
                    warnings.Add($"ply_file_path '{ply.GetString()}' does not exist; the capture has no sparse points.");
            }
            return new SceneCapture(views, points, warnings, CaptureFormat.Transforms);
        }
    }

    /// <summary>
    /// Writes <paramref name="capture"/> as a transforms.json at <paramref name="path"/> (atomically): the first view's
    /// intrinsics at the top level and every view's own per frame, file paths relative to the file's folder, and the sparse
    /// points (if any) as <c>sparse_pc.ply</c> beside it (reprojection errors are not kept).
    /// </summary>
    public static void Write(SceneCapture capture, string path)
    {
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        const string plyName = "sparse_pc.ply";
        if (capture.Points.Count > 0)
            PointPly.Write(Path.Combine(folder, plyName), capture.Points);
        AtomicFile.Write(path, stream =>
        {
            using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            w.WriteStartObject();
            if (capture.Views.Count > 0)
            {
                WriteIntrinsics(w, capture.Views[0]);
                w.WriteString("camera_model", CameraModelOf(capture.Views[0]));
            }
            if (capture.Points.Count > 0)
                w.WriteString("ply_file_path", plyName);
            w.WriteStartArray("frames");
            foreach (var view in capture.Views)
            {
                w.WriteStartObject();
                var relative = Path.IsPathRooted(view.ImagePath) ? Path.GetRelativePath(folder, view.ImagePath) : view.ImagePath;
                w.WriteString("file_path", relative.Replace('\\', '/'));
                WriteIntrinsics(w, view);
                var c = view.Camera;
                w.WriteStartArray("transform_matrix");
                // Columns: right, up (= -down), back (= -forward), position; OpenGL camera-to-world.
                WriteRow(w, c.Right.X, -c.Down.X, -c.Forward.X, c.Position.X);
                WriteRow(w, c.Right.Y, -c.Down.Y, -c.Forward.Y, c.Position.Y);
                WriteRow(w, c.Right.Z, -c.Down.Z, -c.Forward.Z, c.Position.Z);
                WriteRow(w, 0, 0, 0, 1);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static void WriteRow(Utf8JsonWriter w, float a, float b, float c, float d)
    {
        w.WriteStartArray();
        w.WriteNumberValue(a);
        w.WriteNumberValue(b);
        w.WriteNumberValue(c);
        w.WriteNumberValue(d);
        w.WriteEndArray();
    }

    private static void WriteIntrinsics(Utf8JsonWriter w, CaptureView view)
    {
        var c = view.Camera;
        w.WriteNumber("w", c.Width);
        w.WriteNumber("h", c.Height);
        w.WriteNumber("fl_x", c.FocalX);
        w.WriteNumber("fl_y", c.FocalY);
        w.WriteNumber("cx", c.CenterX);
        w.WriteNumber("cy", c.CenterY);
        var d = view.Distortion;
        switch (view.DistortionModel)
        {
            case "OPENCV" when d.Count == 4:
                w.WriteNumber("k1", d[0]);
                w.WriteNumber("k2", d[1]);
                w.WriteNumber("p1", d[2]);
                w.WriteNumber("p2", d[3]);
                break;
            case "OPENCV_FISHEYE" when d.Count == 4:
                w.WriteNumber("k1", d[0]);
                w.WriteNumber("k2", d[1]);
                w.WriteNumber("k3", d[2]);
                w.WriteNumber("k4", d[3]);
                break;
            case "FULL_OPENCV" when d.Count == 8:
                w.WriteNumber("k1", d[0]);
                w.WriteNumber("k2", d[1]);
                w.WriteNumber("p1", d[2]);
                w.WriteNumber("p2", d[3]);
                w.WriteNumber("k3", d[4]);
                w.WriteNumber("k4", d[5]);
                break;
            case "SIMPLE_RADIAL" when d.Count == 1:
                w.WriteNumber("k1", d[0]);
                break;
            case "RADIAL" when d.Count == 2:
                w.WriteNumber("k1", d[0]);
                w.WriteNumber("k2", d[1]);
                break;
        }
    }

    // nerfstudio knows OPENCV and OPENCV_FISHEYE; radial models are OPENCV with zero tangential terms.
    private static string CameraModelOf(CaptureView view) => view.DistortionModel == "OPENCV_FISHEYE" ? "OPENCV_FISHEYE" : "OPENCV";

    private static string ResolveImage(string folder, string name)
    {
        var path = Path.GetFullPath(Path.Combine(folder, name));
        if (File.Exists(path) || Path.HasExtension(path))
            return path;
        // The original NeRF synthetic datasets omit the extension ("./train/r_0").
        foreach (var extension in (ReadOnlySpan<string>)[".png", ".jpg", ".jpeg"])
        {
            if (File.Exists(path + extension))
                return path + extension;
        }
        return path;
    }

    private static double? Number(JsonElement root, JsonElement frame, string key)
    {
        if (frame.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number)
            return v.GetDouble();
        if (root.TryGetProperty(key, out v) && v.ValueKind == JsonValueKind.Number)
            return v.GetDouble();
        return null;
    }

    private static PinholeCamera CameraOf(string path, string where, JsonElement root, JsonElement frame, string imagePath)
    {
        var w = Number(root, frame, "w");
        var h = Number(root, frame, "h");
        if (w is null || h is null)
        {
            // NeRF synthetic files give only camera_angle_x: take the size from the image itself.
            if (!File.Exists(imagePath))
                throw new InvalidMediaException(path, -1, $"{where}: no \"w\"/\"h\" and no image file to take the size from.");
            using var image = Augment.Vision.ImageFile.Load(imagePath);
            w ??= image.Width;
            h ??= image.Height;
        }
        if (!(w >= 1 && w <= PinholeCamera.MaxSide && h >= 1 && h <= PinholeCamera.MaxSide) || w != Math.Floor(w.Value) || h != Math.Floor(h.Value))
            throw new InvalidMediaException(path, -1, $"{where}: image size {w}x{h} is not 1..{PinholeCamera.MaxSide} whole pixels a side.");
        var fx = Number(root, frame, "fl_x");
        var fy = Number(root, frame, "fl_y");
        if (fx is null && Number(root, frame, "camera_angle_x") is { } ax)
            fx = 0.5 * w.Value / Math.Tan(0.5 * ax);
        if (fy is null && Number(root, frame, "camera_angle_y") is { } ay)
            fy = 0.5 * h.Value / Math.Tan(0.5 * ay);
        fx ??= fy;
        fy ??= fx;
        if (fx is null || !(fx > 0) || !(fy > 0) || !double.IsFinite(fx.Value) || !double.IsFinite(fy!.Value))
            throw new InvalidMediaException(path, -1, $"{where}: no positive focal length (fl_x/fl_y or camera_angle_x).");
        var cx = Number(root, frame, "cx") ?? (w.Value / 2);
        var cy = Number(root, frame, "cy") ?? (h.Value / 2);

        if (!frame.TryGetProperty("transform_matrix", out var matrix) || matrix.ValueKind != JsonValueKind.Array || matrix.GetArrayLength() < 3)
            throw new InvalidMediaException(path, -1, $"{where} has no 4x4 \"transform_matrix\".");
        var m = new double[3, 4];
        var r = 0;
        foreach (var row in matrix.EnumerateArray())
        {
            if (r == 3)
                break;
            if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != 4)
                throw new InvalidMediaException(path, -1, $"{where}: transform_matrix row {r} does not hold 4 numbers.");
            var c = 0;
            foreach (var v in row.EnumerateArray())
            {
                if (v.ValueKind != JsonValueKind.Number || !double.IsFinite(m[r, c] = v.GetDouble()))
                    throw new InvalidMediaException(path, -1, $"{where}: transform_matrix[{r}][{c}] is not a finite number.");
                c++;
            }
            r++;
        }
        var right = new Vector3((float)m[0, 0], (float)m[1, 0], (float)m[2, 0]);
        var down = -new Vector3((float)m[0, 1], (float)m[1, 1], (float)m[2, 1]);
        var forward = -new Vector3((float)m[0, 2], (float)m[1, 2], (float)m[2, 2]);
        var position = new Vector3((float)m[0, 3], (float)m[1, 3], (float)m[2, 3]);
        if (!(right.Length() > 1e-6f && down.Length() > 1e-6f && forward.Length() > 1e-6f))
            throw new InvalidMediaException(path, -1, $"{where}: transform_matrix is not a rigid camera pose (an axis column is zero).");
        try
        {
            // Scaled rotations appear in some exports: normalise the axes, then let the camera check orthogonality.
            return new PinholeCamera(position, Vector3.Normalize(right), Vector3.Normalize(down), Vector3.Normalize(forward),
                (int)w.Value, (int)h.Value, (float)fx.Value, (float)fy.Value, (float)cx, (float)cy);
        }
        catch (ArgumentException e)
        {
            throw new InvalidMediaException(path, -1, $"{where}: transform_matrix is not a rigid camera pose ({e.Message})");
        }
    }

    private static (string Model, double[] Terms) DistortionOf(string path, string where, JsonElement root, JsonElement frame)
    {
        double k1 = Number(root, frame, "k1") ?? 0, k2 = Number(root, frame, "k2") ?? 0, k3 = Number(root, frame, "k3") ?? 0;
        double k4 = Number(root, frame, "k4") ?? 0, p1 = Number(root, frame, "p1") ?? 0, p2 = Number(root, frame, "p2") ?? 0;
        var model = frame.TryGetProperty("camera_model", out var fm) && fm.ValueKind == JsonValueKind.String ? fm.GetString()
            : root.TryGetProperty("camera_model", out var rm) && rm.ValueKind == JsonValueKind.String ? rm.GetString() : null;
        if (model is "OPENCV_FISHEYE")
            return ("OPENCV_FISHEYE", [k1, k2, k3, k4]);
        if (model is not (null or "OPENCV" or "PINHOLE" or "SIMPLE_PINHOLE"))
            throw new InvalidMediaException(path, -1, $"{where}: camera_model '{model}' is not one of OPENCV, OPENCV_FISHEYE, PINHOLE.");
        if (k3 != 0 || k4 != 0)
            return ("FULL_OPENCV", [k1, k2, p1, p2, k3, k4, 0, 0]);
        if (k1 != 0 || k2 != 0 || p1 != 0 || p2 != 0)
            return ("OPENCV", [k1, k2, p1, p2]);
        return ("PINHOLE", []);
    }
}
