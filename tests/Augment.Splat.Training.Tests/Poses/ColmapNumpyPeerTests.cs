using System.Globalization;
using System.Text.Json;
using Augment.Splat.Training;
using Augment.Testing;

namespace Augment.SplatTraining.Tests.Poses;

/// <summary>
/// An independent reader and writer of COLMAP's binary model in Python (struct.unpack / struct.pack following the
/// "Output format" page of COLMAP's documentation, no COLMAP code), checked against ours in both directions.
/// </summary>
public class ColmapNumpyPeerTests
{
    private const string Script = """
        import json, struct, sys, os
        import numpy as np

        COUNTS = {0: 3, 1: 4, 2: 4, 3: 5, 4: 8, 5: 8, 6: 12, 7: 5, 8: 4, 9: 5, 10: 12}

        def read(folder):
            out = {}
            with open(os.path.join(folder, "cameras.bin"), "rb") as f:
                n, = struct.unpack("<Q", f.read(8))
                cams = []
                for _ in range(n):
                    cid, model, w, h = struct.unpack("<iiQQ", f.read(24))
                    params = struct.unpack("<" + "d" * COUNTS[model], f.read(8 * COUNTS[model]))
                    cams.append([cid, model, w, h, [repr(p) for p in params]])
                assert f.read() == b""
                out["cameras"] = cams
            with open(os.path.join(folder, "images.bin"), "rb") as f:
                n, = struct.unpack("<Q", f.read(8))
                imgs = []
                for _ in range(n):
                    iid, = struct.unpack("<I", f.read(4))
                    qt = struct.unpack("<7d", f.read(56))
                    cid, = struct.unpack("<I", f.read(4))
                    name = b""
                    while True:
                        c = f.read(1)
                        if c == b"\x00":
                            break
                        name += c
                    k, = struct.unpack("<Q", f.read(8))
                    pts = np.frombuffer(f.read(24 * k), dtype=np.dtype([("x", "<f8"), ("y", "<f8"), ("id", "<u8")]))
                    ids = [-1 if int(i) == 2**64 - 1 else int(i) for i in pts["id"]]
                    imgs.append([iid, [repr(v) for v in qt], cid, name.decode("utf-8"), [repr(float(v)) for v in pts["x"]], [repr(float(v)) for v in pts["y"]], ids])
                assert f.read() == b""
                out["images"] = imgs
            with open(os.path.join(folder, "points3D.bin"), "rb") as f:
                n, = struct.unpack("<Q", f.read(8))
                pts = []
                for _ in range(n):
                    pid, = struct.unpack("<Q", f.read(8))
                    xyz = struct.unpack("<3d", f.read(24))
                    rgb = struct.unpack("<3B", f.read(3))
                    err, = struct.unpack("<d", f.read(8))
                    t, = struct.unpack("<Q", f.read(8))
                    track = np.frombuffer(f.read(8 * t), dtype="<u4").reshape(-1, 2).tolist()
                    pts.append([pid, [repr(v) for v in xyz], list(rgb), repr(err), track])
                assert f.read() == b""
                out["points"] = pts
            return out

        def write(folder):
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, "cameras.bin"), "wb") as f:
                f.write(struct.pack("<Q", 2))
                f.write(struct.pack("<iiQQ", 5, 4, 640, 480) + struct.pack("<8d", 500.0, 501.0, 320.5, 240.5, -0.1, 0.01, 0.001, -0.002))
                f.write(struct.pack("<iiQQ", 9, 0, 64, 48) + struct.pack("<3d", 40.0, 32.0, 24.0))
            with open(os.path.join(folder, "images.bin"), "wb") as f:
                f.write(struct.pack("<Q", 1))
                f.write(struct.pack("<I", 12) + struct.pack("<7d", 0.5, 0.5, 0.5, 0.5, 1.0, 2.0, 3.0) + struct.pack("<I", 5) + b"dir/img.png\x00")
                f.write(struct.pack("<Q", 2) + struct.pack("<ddQ", 1.5, 2.5, 2**64 - 1) + struct.pack("<ddQ", 3.5, 4.5, 77))
            with open(os.path.join(folder, "points3D.bin"), "wb") as f:
                f.write(struct.pack("<Q", 1))
                f.write(struct.pack("<Q", 77) + struct.pack("<3d", -1.0, 0.25, 8.0) + struct.pack("<3B", 9, 8, 7) + struct.pack("<d", 0.5))
                f.write(struct.pack("<Q", 1) + struct.pack("<II", 12, 1))

        if sys.argv[1] == "read":
            print(json.dumps(read(sys.argv[2])))
        else:
            write(sys.argv[2])
        """;

    [Fact]
    public void A_struct_unpack_reader_written_from_the_format_doc_reads_our_binary_files()
    {
        PythonRunner.SkipUnless("numpy");
        using var folder = PosesSamples.Folder();
        var script = Path.Combine(folder.Path, "colmap_peer.py");
        File.WriteAllText(script, Script);
        var model = PosesSamples.Model();
        model.Save(folder.Sub("model"), ColmapModelFormat.Binary);
        using var json = JsonDocument.Parse(PythonRunner.Run([script, "read", Path.Combine(folder.Path, "model")], TimeSpan.FromMinutes(2)));
        var cameras = json.RootElement.GetProperty("cameras");
        Assert.Equal(model.Cameras.Count, cameras.GetArrayLength());
        for (var i = 0; i < model.Cameras.Count; i++)
        {
            var c = cameras[i];
            Assert.Equal(model.Cameras[i].Id, c[0].GetInt32());
            Assert.Equal((int)model.Cameras[i].Model, c[1].GetInt32());
            Assert.Equal(model.Cameras[i].Width, c[2].GetInt64());
            Assert.Equal(model.Cameras[i].Height, c[3].GetInt64());
            Assert.Equal(model.Cameras[i].Parameters, c[4].EnumerateArray().Select(Parse).ToArray());
        }
        var images = json.RootElement.GetProperty("images");
        Assert.Equal(model.Images.Count, images.GetArrayLength());
        for (var i = 0; i < model.Images.Count; i++)
        {
            var m = model.Images[i];
            var p = images[i];
            Assert.Equal(m.Id, p[0].GetInt32());
            Assert.Equal([m.Qw, m.Qx, m.Qy, m.Qz, m.Tx, m.Ty, m.Tz], p[1].EnumerateArray().Select(Parse).ToArray());
            Assert.Equal(m.CameraId, p[2].GetInt32());
            Assert.Equal(m.Name, p[3].GetString());
            Assert.Equal(m.Points2D.Select(k => k.X), p[4].EnumerateArray().Select(Parse));
            Assert.Equal(m.Points2D.Select(k => k.Y), p[5].EnumerateArray().Select(Parse));
            Assert.Equal(m.Points2D.Select(k => k.Point3DId), p[6].EnumerateArray().Select(v => v.GetInt64()));
        }
        var points = json.RootElement.GetProperty("points");
        Assert.Equal(model.Points.Count, points.GetArrayLength());
        for (var i = 0; i < model.Points.Count; i++)
        {
            var m = model.Points[i];
            var p = points[i];
            Assert.Equal(m.Id, p[0].GetInt64());
            Assert.Equal([m.X, m.Y, m.Z], p[1].EnumerateArray().Select(Parse).ToArray());
            Assert.Equal([m.Red, m.Green, m.Blue], p[2].EnumerateArray().Select(v => v.GetByte()).ToArray());
            Assert.Equal(m.Error, Parse(p[3]));
            Assert.Equal(m.Track.Select(t => (t.ImageId, t.Point2DIndex)), p[4].EnumerateArray().Select(t => (t[0].GetInt32(), t[1].GetInt32())));
        }
    }

    [Fact]
    public void Binary_files_packed_by_the_independent_writer_read_as_written()
    {
        PythonRunner.SkipUnless("numpy");
        using var folder = PosesSamples.Folder();
        var script = Path.Combine(folder.Path, "colmap_peer.py");
        File.WriteAllText(script, Script);
        var target = Path.Combine(folder.Path, "model");
        PythonRunner.Run([script, "write", target], TimeSpan.FromMinutes(2));
        var model = ColmapModel.Load(target);
        Assert.Equal(2, model.Cameras.Count);
        var opencv = model.FindCamera(5)!;
        Assert.Equal(ColmapCameraModel.OpenCv, opencv.Model);
        Assert.Equal((500.0, 501.0, 320.5, 240.5), (opencv.FocalX, opencv.FocalY, opencv.CenterX, opencv.CenterY));
        Assert.Equal([-0.1, 0.01, 0.001, -0.002], opencv.Distortion.ToArray());
        var simple = model.FindCamera(9)!;
        Assert.Equal((40.0, 40.0, 32.0, 24.0), (simple.FocalX, simple.FocalY, simple.CenterX, simple.CenterY));
        var image = Assert.Single(model.Images);
        Assert.Equal((12, 5, "dir/img.png"), (image.Id, image.CameraId, image.Name));
        Assert.Equal((0.5, 0.5, 0.5, 0.5, 1.0, 2.0, 3.0), (image.Qw, image.Qx, image.Qy, image.Qz, image.Tx, image.Ty, image.Tz));
        Assert.Equal([new ColmapPoint2D(1.5, 2.5, -1), new ColmapPoint2D(3.5, 4.5, 77)], image.Points2D);
        var point = Assert.Single(model.Points);
        Assert.Equal((77L, -1.0, 0.25, 8.0, (byte)9, (byte)8, (byte)7, 0.5), (point.Id, point.X, point.Y, point.Z, point.Red, point.Green, point.Blue, point.Error));
        Assert.Equal(new ColmapTrackElement(12, 1), Assert.Single(point.Track));
    }

    private static double Parse(JsonElement e) => double.Parse(e.GetString()!, CultureInfo.InvariantCulture);
}
