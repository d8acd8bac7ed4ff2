using System.Buffers.Binary;
using System.Text;

namespace Augment.Splat.Training;

/// <summary>
/// COLMAP's binary sparse model (COLMAP 3.x, src/colmap/scene/reconstruction_io.cc; all little-endian):
/// cameras.bin = u64 count, then per camera u32 id, i32 model id, u64 width, u64 height, f64 params[model's count];
/// images.bin = u64 count, then per image u32 id, f64 qw qx qy qz, f64 tx ty tz, u32 camera id, name bytes + NUL,
/// u64 keypoint count, per keypoint f64 x, f64 y, u64 point3D id (2^64 - 1 = none);
/// points3D.bin = u64 count, then per point u64 id, f64 x y z, u8 r g b, f64 error, u64 track length,
/// per observation u32 image id, u32 keypoint index.
/// </summary>
internal static class ColmapBinaryFormat
{
    private const int CameraHeaderBytes = 4 + 4 + 8 + 8;
    private const int ImageMinBytes = 4 + (7 * 8) + 4 + 1 + 8;
    private const int Point2DBytes = 8 + 8 + 8;
    private const int PointMinBytes = 8 + (3 * 8) + 3 + 8 + 8;
    private const int TrackElementBytes = 4 + 4;

    public static ColmapModel Read(string folder, ColmapModelLimits limits)
    {
        var cameras = ReadCameras(Path.Combine(folder, ColmapFiles.Cameras + ".bin"), limits);
        var images = ReadImages(Path.Combine(folder, ColmapFiles.Images + ".bin"), limits);
        var points = ReadPoints(Path.Combine(folder, ColmapFiles.Points + ".bin"), limits);
        return Build(cameras, images, points, Path.Combine(folder, ColmapFiles.Cameras + ".bin"));
    }

    internal static ColmapModel Build(List<ColmapCamera> cameras, List<ColmapImage> images, List<ColmapPoint3D> points, string source)
    {
        try
        {
            return new ColmapModel(cameras, images, points);
        }
        catch (ArgumentException e)
        {
            throw new InvalidMediaException(source, -1, e.Message);
        }
    }

    public static List<ColmapCamera> ReadCameras(string path, ColmapModelLimits limits)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return ReadCameras(stream, path, limits);
    }

    public static List<ColmapCamera> ReadCameras(Stream stream, string path, ColmapModelLimits limits)
    {
        var reader = new Reader(stream, path);
        var count = reader.Count("camera count", CameraHeaderBytes, limits.MaxCameras);
        var cameras = new List<ColmapCamera>(count);
        for (var i = 0; i < count; i++)
        {
            var at = reader.Offset;
            var id = reader.Id("camera id");
            var modelId = reader.Int32("camera model id");
            if (!ColmapCameraModels.IsKnown(modelId))
                throw reader.Fault(at + 4, $"camera {id} has model id {modelId}, not one of COLMAP's 0..10.");
            var model = (ColmapCameraModel)modelId;
            var width = reader.UInt64("camera width");
            var height = reader.UInt64("camera height");
            if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
                throw reader.Fault(at + 8, $"camera {id} has image size {width}x{height}.");
            var parameters = new double[ColmapCameraModels.ParameterCount(model)];
            for (var p = 0; p < parameters.Length; p++)
                parameters[p] = reader.Double("camera parameter");
            cameras.Add(new ColmapCamera(id, model, (long)width, (long)height, parameters));
        }
        reader.ExpectEnd();
        return cameras;
    }

    public static List<ColmapImage> ReadImages(string path, ColmapModelLimits limits)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return ReadImages(stream, path, limits);
    }

    public static List<ColmapImage> ReadImages(Stream stream, string path, ColmapModelLimits limits)
    {
        var reader = new Reader(stream, path);
        var count = reader.Count("image count", ImageMinBytes, limits.MaxImages);
        var images = new List<ColmapImage>(count);
        for (var i = 0; i < count; i++)
        {
            var at = reader.Offset;
            var id = reader.Id("image id");
            double qw = reader.Double("qw"), qx = reader.Double("qx"), qy = reader.Double("qy"), qz = reader.Double("qz");
            double tx = reader.Double("tx"), ty = reader.Double("ty"), tz = reader.Double("tz");
            if (!double.IsFinite(qw) || !double.IsFinite(qx) || !double.IsFinite(qy) || !double.IsFinite(qz)
                || !double.IsFinite(tx) || !double.IsFinite(ty) || !double.IsFinite(tz))
                throw reader.Fault(at + 4, $"image {id} has a pose that is not finite.");
            var cameraId = reader.Id("image camera id");
            var nameAt = reader.Offset;
            var name = reader.Name(limits.MaxNameBytes);
            // The names COLMAP's text files cannot hold are refused as damaged data here, not as a bad argument later.
            if (name.Length == 0 || name.AsSpan().IndexOfAny('\n', '\r') >= 0 || name != name.Trim())
                throw reader.Fault(nameAt, $"image {id} has a name that is empty, holds a line break or has surrounding spaces.");
            var n = reader.Count("keypoint count", Point2DBytes, limits.MaxPoints2DPerImage);
            var keypoints = new ColmapPoint2D[n];
            for (var k = 0; k < n; k++)
            {
                var x = reader.Double("keypoint x");
                var y = reader.Double("keypoint y");
                var raw = reader.UInt64("keypoint point3D id");
                keypoints[k] = new ColmapPoint2D(x, y, raw == ulong.MaxValue ? ColmapPoint2D.NoPoint
                    : raw <= long.MaxValue ? (long)raw : throw reader.Fault(reader.Offset - 8, $"point3D id {raw} is out of range."));
            }
            images.Add(new ColmapImage(id, qw, qx, qy, qz, tx, ty, tz, cameraId, name, keypoints));
        }
        reader.ExpectEnd();
        return images;
    }

    public static List<ColmapPoint3D> ReadPoints(string path, ColmapModelLimits limits)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return ReadPoints(stream, path, limits);
    }

    public static List<ColmapPoint3D> ReadPoints(Stream stream, string path, ColmapModelLimits limits)
    {
        var reader = new Reader(stream, path);
        var count = reader.Count("point count", PointMinBytes, limits.MaxPoints3D);
        var points = new List<ColmapPoint3D>(count);
        for (var i = 0; i < count; i++)
        {
            var raw = reader.UInt64("point3D id");
            if (raw > long.MaxValue)
                throw reader.Fault(reader.Offset - 8, $"point3D id {raw} is out of range.");
            double x = reader.Double("x"), y = reader.Double("y"), z = reader.Double("z");
            byte r = reader.Byte("red"), g = reader.Byte("green"), b = reader.Byte("blue");
            var error = reader.Double("error");
            var n = reader.Count("track length", TrackElementBytes, limits.MaxTrackLength);
            var track = new ColmapTrackElement[n];
            for (var k = 0; k < n; k++)
            {
                var imageId = reader.Id("track image id");
                var index = reader.Id("track keypoint index");
                track[k] = new ColmapTrackElement(imageId, index);
            }
            points.Add(new ColmapPoint3D((long)raw, x, y, z, r, g, b, error, track));
        }
        reader.ExpectEnd();
        return points;
    }

    public static void Write(ColmapModel model, string folder)
    {
        AtomicFile.Write(Path.Combine(folder, ColmapFiles.Cameras + ".bin"), stream =>
        {
            using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            w.Write((ulong)model.Cameras.Count);
            foreach (var camera in model.Cameras)
            {
                w.Write((uint)camera.Id);
                w.Write((int)camera.Model);
                w.Write((ulong)camera.Width);
                w.Write((ulong)camera.Height);
                foreach (var p in camera.Parameters)
                    w.Write(p);
            }
        });
        AtomicFile.Write(Path.Combine(folder, ColmapFiles.Images + ".bin"), stream =>
        {
            using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            w.Write((ulong)model.Images.Count);
            foreach (var image in model.Images)
            {
                w.Write((uint)image.Id);
                w.Write(image.Qw);
                w.Write(image.Qx);
                w.Write(image.Qy);
                w.Write(image.Qz);
                w.Write(image.Tx);
                w.Write(image.Ty);
                w.Write(image.Tz);
                w.Write((uint)image.CameraId);
                w.Write(Encoding.UTF8.GetBytes(image.Name));
                w.Write((byte)0);
                w.Write((ulong)image.Points2D.Count);
                foreach (var k in image.Points2D)
                {
                    w.Write(k.X);
                    w.Write(k.Y);
                    w.Write(k.Point3DId < 0 ? ulong.MaxValue : (ulong)k.Point3DId);
                }
            }
        });
        AtomicFile.Write(Path.Combine(folder, ColmapFiles.Points + ".bin"), stream =>
        {
            using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            w.Write((ulong)model.Points.Count);
            foreach (var point in model.Points)
            {
                w.Write((ulong)point.Id);
                w.Write(point.X);
                w.Write(point.Y);
                w.Write(point.Z);
                w.Write(point.Red);
                w.Write(point.Green);
                w.Write(point.Blue);
                w.Write(point.Error);
                w.Write((ulong)point.Track.Count);
                foreach (var t in point.Track)
                {
                    w.Write((uint)t.ImageId);
                    w.Write((uint)t.Point2DIndex);
                }
            }
        });
    }

    /// <summary>A little-endian reader that knows its file and offset, for errors that name both.</summary>
    private sealed class Reader
    {
        private readonly Stream _stream;
        private readonly string _path;
        private readonly byte[] _scratch = new byte[8];

        public Reader(Stream stream, string path)
        {
            _path = path;
            _stream = stream;
        }

        public long Offset => _stream.Position;

        private long Remaining => _stream.Length - _stream.Position;

        public InvalidMediaException Fault(long offset, string reason) => new(_path, offset, reason);

        private ReadOnlySpan<byte> Take(int bytes, string what)
        {
            var at = _stream.Position;
            if (_stream.ReadAtLeast(_scratch.AsSpan(0, bytes), bytes, throwOnEndOfStream: false) < bytes)
                throw Fault(at, $"truncated: the file ends inside the {what} ({bytes} bytes needed, {_stream.Length - at} left).");
            return _scratch.AsSpan(0, bytes);
        }

        public byte Byte(string what) => Take(1, what)[0];

        public int Int32(string what) => BinaryPrimitives.ReadInt32LittleEndian(Take(4, what));

        public ulong UInt64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, what));

        public double Double(string what) => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, what));

        /// <summary>A u32 id, which this SDK holds as a non-negative int.</summary>
        public int Id(string what)
        {
            var value = BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));
            if (value > int.MaxValue)
                throw Fault(_stream.Position - 4, $"{what} {value} is above {int.MaxValue}.");
            return (int)value;
        }

        /// <summary>A u64 count, checked against the limit and against the bytes left (each item takes at least <paramref name="minBytes"/>).</summary>
        public int Count(string what, int minBytes, int limit)
        {
            var at = _stream.Position;
            var value = UInt64(what);
            if (value > (ulong)limit)
                throw Fault(at, $"{what} {value} is above the limit of {limit}.");
            if (value * (ulong)minBytes > (ulong)Remaining)
                throw Fault(at, $"truncated: {what} {value} needs at least {value * (ulong)minBytes} more bytes, the file has {Remaining}.");
            return (int)value;
        }

        /// <summary>A NUL-terminated UTF-8 name.</summary>
        public string Name(int maxBytes)
        {
            var at = _stream.Position;
            var bytes = new List<byte>(32);
            while (true)
            {
                var b = _stream.ReadByte();
                if (b < 0)
                    throw Fault(at, "truncated: the file ends inside an image name.");
                if (b == 0)
                    break;
                if (bytes.Count >= maxBytes)
                    throw Fault(at, $"an image name is longer than {maxBytes} bytes.");
                bytes.Add((byte)b);
            }
            if (bytes.Count == 0)
                throw Fault(at, "an image name is empty.");
            try
            {
                return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.ToArray());
            }
            catch (DecoderFallbackException)
            {
                throw Fault(at, "an image name is not valid UTF-8.");
            }
        }

        public void ExpectEnd()
        {
            if (Remaining > 0)
                throw Fault(_stream.Position, $"{Remaining} bytes follow the last record.");
        }
    }
}
