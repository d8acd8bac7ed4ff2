using System.Globalization;
using System.Text;

namespace Augment.Splat.Training;

/// <summary>
/// COLMAP's text sparse model (COLMAP documentation, "Output format"): '#' comment lines, then cameras.txt
/// "CAMERA_ID MODEL WIDTH HEIGHT PARAMS[]"; images.txt two lines per image, "IMAGE_ID QW QX QY QZ TX TY TZ CAMERA_ID NAME"
/// then "X Y POINT3D_ID ..." (possibly empty; -1 = no point); points3D.txt "POINT3D_ID X Y Z R G B ERROR (IMAGE_ID
/// POINT2D_IDX)...". Numbers are written in the invariant culture with the shortest round-trip form, so text and binary
/// models of the same values read back equal. As COLMAP does, the keypoint line directly follows its image line.
/// </summary>
internal static class ColmapTextFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static ColmapModel Read(string folder, ColmapModelLimits limits)
    {
        var cameras = ReadCameras(Path.Combine(folder, ColmapFiles.Cameras + ".txt"), limits);
        var images = ReadImages(Path.Combine(folder, ColmapFiles.Images + ".txt"), limits);
        var points = ReadPoints(Path.Combine(folder, ColmapFiles.Points + ".txt"), limits);
        return ColmapBinaryFormat.Build(cameras, images, points, Path.Combine(folder, ColmapFiles.Cameras + ".txt"));
    }

    public static List<ColmapCamera> ReadCameras(string path, ColmapModelLimits limits)
    {
        using var reader = new LineReader(path, limits.MaxLineLength);
        var cameras = new List<ColmapCamera>();
        while (reader.NextData() is { } line)
        {
            var tokens = LineReader.Tokens(line);
            if (tokens.Length < 4)
                throw reader.Fault($"a camera line needs CAMERA_ID MODEL WIDTH HEIGHT PARAMS, found {tokens.Length} fields.");
            var id = reader.Int(tokens[0], "camera id");
            if (!ColmapCameraModels.TryParse(tokens[1], out var model))
                throw reader.Fault($"camera {id} has the unknown model '{tokens[1]}'.");
            var width = reader.Int(tokens[2], "width");
            var height = reader.Int(tokens[3], "height");
            if (width <= 0 || height <= 0)
                throw reader.Fault($"camera {id} has image size {width}x{height}.");
            var expected = ColmapCameraModels.ParameterCount(model);
            if (tokens.Length - 4 != expected)
                throw reader.Fault($"camera {id}: model {tokens[1]} takes {expected} parameters, the line has {tokens.Length - 4}.");
            var parameters = new double[expected];
            for (var p = 0; p < expected; p++)
                parameters[p] = reader.Double(tokens[4 + p], "camera parameter");
            if (cameras.Count >= limits.MaxCameras)
                throw reader.Fault($"more than {limits.MaxCameras} cameras.");
            cameras.Add(new ColmapCamera(id, model, width, height, parameters));
        }
        return cameras;
    }

    public static List<ColmapImage> ReadImages(string path, ColmapModelLimits limits)
    {
        using var reader = new LineReader(path, limits.MaxLineLength);
        var images = new List<ColmapImage>();
        while (reader.NextData() is { } line)
        {
            var tokens = LineReader.Tokens(line);
            if (tokens.Length < 10)
                throw reader.Fault($"an image line needs IMAGE_ID QW QX QY QZ TX TY TZ CAMERA_ID NAME, found {tokens.Length} fields.");
            var id = reader.Int(tokens[0], "image id");
            var pose = new double[7];
            for (var k = 0; k < 7; k++)
            {
                pose[k] = reader.Double(tokens[1 + k], "pose value");
                if (!double.IsFinite(pose[k]))
                    throw reader.Fault($"image {id} has a pose that is not finite.");
            }
            var cameraId = reader.Int(tokens[8], "camera id");
            // The name is the rest of the line (COLMAP itself stops at the first space; a name with spaces still reads back here).
            var name = NameField(line);
            if (name.Length == 0 || name.Contains('\0', StringComparison.Ordinal))
                throw reader.Fault($"image {id} has an empty name or one holding a NUL.");
            if (Encoding.UTF8.GetByteCount(name) > limits.MaxNameBytes)
                throw reader.Fault($"image {id}'s name is longer than {limits.MaxNameBytes} bytes.");
            var pointsLine = reader.NextRaw() ?? "";
            var fields = LineReader.Tokens(pointsLine);
            if (fields.Length % 3 != 0)
                throw reader.Fault($"image {id}'s keypoint line has {fields.Length} fields, not a multiple of 3 (X Y POINT3D_ID).");
            if (fields.Length / 3 > limits.MaxPoints2DPerImage)
                throw reader.Fault($"image {id} has {fields.Length / 3} keypoints, above the limit of {limits.MaxPoints2DPerImage}.");
            var keypoints = new ColmapPoint2D[fields.Length / 3];
            for (var k = 0; k < keypoints.Length; k++)
            {
                var pointId = reader.Long(fields[(3 * k) + 2], "point3D id");
                if (pointId < ColmapPoint2D.NoPoint)
                    throw reader.Fault($"image {id} keypoint {k} has point3D id {pointId}.");
                keypoints[k] = new ColmapPoint2D(reader.Double(fields[3 * k], "keypoint x"), reader.Double(fields[(3 * k) + 1], "keypoint y"), pointId);
            }
            if (images.Count >= limits.MaxImages)
                throw reader.Fault($"more than {limits.MaxImages} images.");
            images.Add(new ColmapImage(id, pose[0], pose[1], pose[2], pose[3], pose[4], pose[5], pose[6], cameraId, name, keypoints));
        }
        return images;
    }

    public static List<ColmapPoint3D> ReadPoints(string path, ColmapModelLimits limits)
    {
        using var reader = new LineReader(path, limits.MaxLineLength);
        var points = new List<ColmapPoint3D>();
        while (reader.NextData() is { } line)
        {
            var tokens = LineReader.Tokens(line);
            if (tokens.Length < 8 || (tokens.Length - 8) % 2 != 0)
                throw reader.Fault($"a point line needs POINT3D_ID X Y Z R G B ERROR and (IMAGE_ID POINT2D_IDX) pairs, found {tokens.Length} fields.");
            var id = reader.Long(tokens[0], "point3D id");
            if (id < 0)
                throw reader.Fault($"point3D id {id} is negative.");
            double x = reader.Double(tokens[1], "x"), y = reader.Double(tokens[2], "y"), z = reader.Double(tokens[3], "z");
            byte r = reader.Colour(tokens[4]), g = reader.Colour(tokens[5]), b = reader.Colour(tokens[6]);
            var error = reader.Double(tokens[7], "error");
            var n = (tokens.Length - 8) / 2;
            if (n > limits.MaxTrackLength)
                throw reader.Fault($"point {id} has a track of {n}, above the limit of {limits.MaxTrackLength}.");
            var track = new ColmapTrackElement[n];
            for (var k = 0; k < n; k++)
                track[k] = new ColmapTrackElement(reader.Int(tokens[8 + (2 * k)], "track image id"), reader.Int(tokens[9 + (2 * k)], "track keypoint index"));
            if (points.Count >= limits.MaxPoints3D)
                throw reader.Fault($"more than {limits.MaxPoints3D} points.");
            points.Add(new ColmapPoint3D(id, x, y, z, r, g, b, error, track));
        }
        return points;
    }

    public static void Write(ColmapModel model, string folder)
    {
        // Streamed through a writer per file so that a large model is not held as one string.
        AtomicFile.Write(Path.Combine(folder, ColmapFiles.Cameras + ".txt"), stream => WriteCameras(model, stream));
        AtomicFile.Write(Path.Combine(folder, ColmapFiles.Images + ".txt"), stream => WriteImages(model, stream));
        AtomicFile.Write(Path.Combine(folder, ColmapFiles.Points + ".txt"), stream => WritePoints(model, stream));
    }

    private static void WriteCameras(ColmapModel model, Stream stream)
    {
        using var text = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        text.Write("# Camera list with one line of data per camera:\n#   CAMERA_ID, MODEL, WIDTH, HEIGHT, PARAMS[]\n");
        text.Write(string.Create(Invariant, $"# Number of cameras: {model.Cameras.Count}\n"));
        foreach (var camera in model.Cameras)
        {
            text.Write(string.Create(Invariant, $"{camera.Id} {ColmapCameraModels.Name(camera.Model)} {camera.Width} {camera.Height}"));
            foreach (var p in camera.Parameters)
            {
                text.Write(' ');
                text.Write(Number(p));
            }
            text.Write('\n');
        }
    }

    private static void WriteImages(ColmapModel model, Stream stream)
    {
        using var text = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        long observations = 0;
        foreach (var image in model.Images)
        {
            foreach (var k in image.Points2D)
                observations += k.Point3DId >= 0 ? 1 : 0;
        }
        var meanObservations = model.Images.Count == 0 ? 0 : observations / (double)model.Images.Count;
        text.Write("# Image list with two lines of data per image:\n#   IMAGE_ID, QW, QX, QY, QZ, TX, TY, TZ, CAMERA_ID, NAME\n#   POINTS2D[] as (X, Y, POINT3D_ID)\n");
        text.Write(string.Create(Invariant, $"# Number of images: {model.Images.Count}, mean observations per image: {meanObservations}\n"));
        foreach (var image in model.Images)
        {
            text.Write(string.Create(Invariant, $"{image.Id} {Number(image.Qw)} {Number(image.Qx)} {Number(image.Qy)} {Number(image.Qz)} "));
            text.Write(string.Create(Invariant, $"{Number(image.Tx)} {Number(image.Ty)} {Number(image.Tz)} {image.CameraId} {image.Name}\n"));
            for (var k = 0; k < image.Points2D.Count; k++)
            {
                var p = image.Points2D[k];
                if (k > 0)
                    text.Write(' ');
                text.Write(Number(p.X));
                text.Write(' ');
                text.Write(Number(p.Y));
                text.Write(' ');
                text.Write(p.Point3DId.ToString(Invariant));
            }
            text.Write('\n');
        }
    }

    private static void WritePoints(ColmapModel model, Stream stream)
    {
        using var text = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        long trackTotal = 0;
        foreach (var point in model.Points)
            trackTotal += point.Track.Count;
        var meanTrack = model.Points.Count == 0 ? 0 : trackTotal / (double)model.Points.Count;
        text.Write("# 3D point list with one line of data per point:\n#   POINT3D_ID, X, Y, Z, R, G, B, ERROR, TRACK[] as (IMAGE_ID, POINT2D_IDX)\n");
        text.Write(string.Create(Invariant, $"# Number of points: {model.Points.Count}, mean track length: {meanTrack}\n"));
        foreach (var point in model.Points)
        {
            text.Write(string.Create(Invariant, $"{point.Id} {Number(point.X)} {Number(point.Y)} {Number(point.Z)} {point.Red} {point.Green} {point.Blue} {Number(point.Error)}"));
            foreach (var t in point.Track)
                text.Write(string.Create(Invariant, $" {t.ImageId} {t.Point2DIndex}"));
            text.Write('\n');
        }
    }

    // Shortest text that parses back to the same double ("R" semantics are the default since .NET Core 3.0).
    private static string Number(double value) => value.ToString(Invariant);

    // The name: everything after the ninth field of an image line.
    private static string NameField(string line)
    {
        var span = line.AsSpan().Trim();
        for (var field = 0; field < 9; field++)
        {
            var space = span.IndexOfAny(' ', '\t');
            span = span[(space + 1)..].TrimStart();
        }
        return span.TrimEnd().ToString();
    }

    /// <summary>Reads lines with a length limit and tracks the line number and character offset for errors.</summary>
    private sealed class LineReader : IDisposable
    {
        private readonly StreamReader _reader;
        private readonly string _path;
        private readonly int _maxLength;
        private readonly StringBuilder _line = new();
        private long _nextOffset;

        public LineReader(string path, int maxLength)
        {
            _path = path;
            _maxLength = maxLength;
            _reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16 });
        }

        public int LineNumber { get; private set; }

        public long LineOffset { get; private set; }

        public void Dispose() => _reader.Dispose();

        public InvalidMediaException Fault(string reason) => new(_path, LineOffset, $"line {LineNumber}: {reason}");

        /// <summary>The next line that is neither blank nor a comment, or null at the end.</summary>
        public string? NextData()
        {
            while (NextRaw() is { } line)
            {
                var trimmed = line.AsSpan().TrimStart();
                if (trimmed.IsEmpty || trimmed[0] == '#')
                    continue;
                return line;
            }
            return null;
        }

        /// <summary>The next line as it is, or null at the end.</summary>
        public string? NextRaw()
        {
            _line.Clear();
            LineOffset = _nextOffset;
            int c;
            var any = false;
            while ((c = _reader.Read()) >= 0)
            {
                any = true;
                _nextOffset++;
                if (c == '\n')
                    break;
                if (_line.Length >= _maxLength)
                {
                    LineNumber++;
                    throw Fault($"the line is longer than {_maxLength} characters.");
                }
                _line.Append((char)c);
            }
            if (!any)
                return null;
            LineNumber++;
            if (_line.Length > 0 && _line[^1] == '\r')
                _line.Length--;
            return _line.ToString();
        }

        public static string[] Tokens(string line) => line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

        public int Int(string token, string what) =>
            int.TryParse(token, NumberStyles.Integer, Invariant, out var value) ? value : throw Fault($"{what} '{Clip(token)}' is not an integer.");

        public long Long(string token, string what) =>
            long.TryParse(token, NumberStyles.Integer, Invariant, out var value) ? value : throw Fault($"{what} '{Clip(token)}' is not an integer.");

        public double Double(string token, string what) =>
            double.TryParse(token, NumberStyles.Float, Invariant, out var value) ? value : throw Fault($"{what} '{Clip(token)}' is not a number.");

        public byte Colour(string token) =>
            byte.TryParse(token, NumberStyles.Integer, Invariant, out var value) ? value : throw Fault($"colour '{Clip(token)}' is not 0..255.");

        private static string Clip(string token) => token.Length <= 32 ? token : token[..32] + "...";
    }
}
