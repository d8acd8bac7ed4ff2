using System.Globalization;
using System.Numerics;
using Augment.Splat.Training;
using Augment.Splat;
using Augment.Testing;
using Augment.Vision;
using CsCheck;

namespace Augment.SplatTraining.Tests.Poses;

public class TransformsJsonTests
{
    // Two cameras as OpenGL camera-to-world matrices: one at the origin looking down -z, one turned 90 degrees about y
    // (looking down -x), moved to (5, 1, 0).
    private const string TwoFrames = """
        {
          "fl_x": 100, "fl_y": 120, "cx": 64.5, "cy": 47.25, "w": 128, "h": 96,
          "aabb_scale": 16,
          "frames": [
            { "file_path": "images/a.png",
              "transform_matrix": [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]] },
            { "file_path": "images/b.png", "fl_x": 90, "cx": 60,
              "transform_matrix": [[0, 0, 1, 5], [0, 1, 0, 1], [-1, 0, 0, 0], [0, 0, 0, 1]] }
          ]
        }
        """;

    [Fact]
    public void An_OpenGL_camera_looking_down_minus_z_projects_as_computed_by_hand()
    {
        using var folder = PosesSamples.Folder();
        var capture = Write(folder, TwoFrames);
        var a = capture.Views[0].Camera;
        // OpenGL: the point (1, 2, -4) is 4 in front, 1 right, 2 up: u = cx + fx * 1/4, v = cy - fy * 2/4 (image y runs down).
        var (u, v, depth) = a.Project(new Vector3(1, 2, -4));
        Assert.Equal(64.5f + 25, u, 4);
        Assert.Equal(47.25f - 60, v, 4);
        Assert.Equal(4, depth, 5);
        var b = capture.Views[1].Camera;
        // Camera b looks down its -z = world -x from (5, 1, 0); its x (right) is world -z, its y (up) world +y.
        // World (1, 3, -2) is 4 in front, 2 right, 2 up. Per-frame fl_x = 90 and cx = 60 override the top level.
        (u, v, depth) = b.Project(new Vector3(1, 3, -2));
        Assert.Equal(60f + (90 * 2 / 4f), u, 4);
        Assert.Equal(47.25f - (120 * 2 / 4f), v, 4);
        Assert.Equal(4, depth, 5);
        Assert.Equal(new Vector3(5, 1, 0), b.Position);
    }

    [Fact]
    public void Projections_match_numpy_applying_the_inverse_OpenGL_camera_to_world_matrix()
    {
        PythonRunner.SkipUnless("numpy");
        using var folder = PosesSamples.Folder();
        var random = new Random(11);
        var frames = new List<string>();
        var matrices = new List<double[]>();
        for (var f = 0; f < 4; f++)
        {
            // A random rotation (from a random unit quaternion) and position.
            var q = Quaternion.Normalize(new Quaternion(random.NextSingle() - 0.5f, random.NextSingle() - 0.5f, random.NextSingle() - 0.5f, random.NextSingle() - 0.5f));
            var r = Matrix4x4.CreateFromQuaternion(q);
            var t = new Vector3(random.NextSingle() * 4 - 2, random.NextSingle() * 4 - 2, random.NextSingle() * 4 - 2);
            // System.Numerics is row-vector: the rotated x axis is row 1; as a column-vector matrix it is column 0.
            double[] m = [r.M11, r.M21, r.M31, t.X, r.M12, r.M22, r.M32, t.Y, r.M13, r.M23, r.M33, t.Z];
            matrices.Add(m);
            frames.Add(string.Create(CultureInfo.InvariantCulture,
                $"{{\"file_path\": \"f{f}.png\", \"transform_matrix\": [[{m[0]}, {m[1]}, {m[2]}, {m[3]}], [{m[4]}, {m[5]}, {m[6]}, {m[7]}], [{m[8]}, {m[9]}, {m[10]}, {m[11]}], [0, 0, 0, 1]]}}"));
        }
        var capture = Write(folder, $$"""{"camera_angle_x": 0.9, "w": 200, "h": 150, "cx": 101.5, "cy": 73, "frames": [{{string.Join(",", frames)}}]}""");
        var points = Enumerable.Range(0, 6).Select(_ => new Vector3(random.NextSingle() * 6 - 3, random.NextSingle() * 6 - 3, random.NextSingle() * 6 - 3)).ToArray();
        var script = """
            import json, sys
            import numpy as np
            d = json.load(open(sys.argv[1]))
            pts = np.array(json.loads(sys.argv[2]), dtype=np.float64)
            w = d["w"]; fx = 0.5 * w / np.tan(0.5 * d["camera_angle_x"]); fy = fx
            out = []
            for fr in d["frames"]:
                c2w = np.array(fr["transform_matrix"], dtype=np.float64)
                cam = (np.linalg.inv(c2w) @ np.c_[pts, np.ones(len(pts))].T).T  # OpenGL camera: x right, y up, looking down -z
                u = d["cx"] + fx * cam[:, 0] / -cam[:, 2]
                v = d["cy"] - fy * cam[:, 1] / -cam[:, 2]
                out.append([u.tolist(), v.tolist(), (-cam[:, 2]).tolist()])
            print(json.dumps(out))
            """;
        var scriptPath = Path.Combine(folder.Path, "project.py");
        File.WriteAllText(scriptPath, script);
        var pointsJson = "[" + string.Join(",", points.Select(p => string.Create(CultureInfo.InvariantCulture, $"[{p.X:R},{p.Y:R},{p.Z:R}]"))) + "]";
        using var json = System.Text.Json.JsonDocument.Parse(PythonRunner.Run([scriptPath, Path.Combine(folder.Path, "transforms.json"), pointsJson], TimeSpan.FromMinutes(2)));
        for (var f = 0; f < capture.Views.Count; f++)
        {
            var expected = json.RootElement[f];
            for (var i = 0; i < points.Length; i++)
            {
                var (u, v, depth) = capture.Views[f].Camera.Project(points[i]);
                var eu = expected[0][i].GetDouble();
                var ev = expected[1][i].GetDouble();
                var ed = expected[2][i].GetDouble();
                Assert.Equal(ed, depth, 1e-4);
                if (Math.Abs(ed) < 0.2)
                    continue; // near the camera plane pixel coordinates blow up; the depth check covers it
                Assert.True(Math.Abs(eu - u) < 2e-3 * Math.Max(1, Math.Abs(eu)), $"frame {f} point {i}: u {u} vs numpy {eu}");
                Assert.True(Math.Abs(ev - v) < 2e-3 * Math.Max(1, Math.Abs(ev)), $"frame {f} point {i}: v {v} vs numpy {ev}");
            }
        }
    }

    [Fact]
    public void A_capture_round_trips_cameras_and_points()
    {
        using var folder = PosesSamples.Folder();
        var cameras = CameraPath.Orbit(new Vector3(0.5f, -1, 2), 4, 5, 96, 64, elevationDegrees: 25);
        var views = cameras.Select((c, i) => new CaptureView($"v{i}.png", Path.Combine(folder.Path, "images", $"v{i}.png"), c,
            i == 1 ? "OPENCV" : "PINHOLE", i == 1 ? [0.1, -0.01, 0.001, 0.002] : null)).ToList();
        var points = new[] { new SparsePoint(new Vector3(1, 2, 3), new Vector3(1, 0.5f, 0), -1), new SparsePoint(new Vector3(-1, 0, 0.5f), new Vector3(0, 0, 1), -1) };
        var capture = new SceneCapture(views, points);
        Assert.Contains(capture.Warnings, w => w.Contains("distortion", StringComparison.Ordinal));
        var path = Path.Combine(folder.Path, "transforms.json");
        TransformsJson.Write(capture, path);
        var back = TransformsJson.Read(path);
        Assert.Equal(CaptureFormat.Transforms, back.Source);
        Assert.Equal(views.Count, back.Views.Count);
        for (var i = 0; i < views.Count; i++)
        {
            AssertSameCamera(views[i].Camera, back.Views[i].Camera);
            Assert.Equal(Path.GetFullPath(views[i].ImagePath), back.Views[i].ImagePath);
            Assert.Equal(views[i].Distortion, back.Views[i].Distortion);
        }
        Assert.Equal(2, back.Points.Count);
        Assert.Equal(points[0].Position, back.Points[0].Position);
        Assert.Equal(new Vector3(1, 128 / 255f, 0), back.Points[0].Colour);
    }

    [Fact]
    public void NeRF_synthetic_style_files_take_the_size_from_the_image_and_add_the_extension()
    {
        using var folder = PosesSamples.Folder();
        var train = folder.Sub("train");
        using (var image = ImageFrame.Create(40, 30, 3))
            ImageFile.Save(image, Path.Combine(train, "r_0.png"));
        var capture = Write(folder, """
            {"camera_angle_x": 0.6911112070083618, "frames": [{"file_path": "./train/r_0", "rotation": 0.012,
             "transform_matrix": [[-1, 0, 0, 0], [0, -0.7341099, 0.6790306, 2.7372], [0, 0.6790306, 0.7341099, 2.9592], [0, 0, 0, 1]]}]}
            """);
        var camera = capture.Views[0].Camera;
        Assert.Equal((40, 30), (camera.Width, camera.Height));
        Assert.Equal(20 / Math.Tan(0.6911112070083618 / 2), camera.FocalX, 3);
        Assert.Equal(camera.FocalX, camera.FocalY);
        Assert.Equal((20f, 15f), (camera.CenterX, camera.CenterY));
        Assert.EndsWith("r_0.png", capture.Views[0].ImagePath, StringComparison.Ordinal);
        Assert.Empty(capture.Warnings);
    }

    [Fact]
    public void Frames_without_their_image_are_skipped_with_a_warning_unless_all_are_missing()
    {
        using var folder = PosesSamples.Folder();
        var capture = Write(folder, TwoFrames);
        Assert.Equal(2, capture.Views.Count);
        Assert.Contains("none of the 2 image files", Assert.Single(capture.Warnings), StringComparison.Ordinal);
        File.WriteAllBytes(Path.Combine(folder.Sub("images"), "b.png"), [1]);
        capture = TransformsJson.Read(Path.Combine(folder.Path, "transforms.json"));
        Assert.Equal("images/b.png", Assert.Single(capture.Views).Name);
        Assert.Contains("images/a.png", Assert.Single(capture.Warnings), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1, 2]", "not a JSON object")]
    [InlineData("{\"fl_x\": 10}", "\"frames\"")]
    [InlineData("{\"fl_x\": 10, \"w\": 4, \"h\": 4, \"frames\": [{\"transform_matrix\": []}]}", "file_path")]
    [InlineData("{\"w\": 4, \"h\": 4, \"frames\": [{\"file_path\": \"a\", \"transform_matrix\": [[1,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,0,1]]}]}", "focal length")]
    [InlineData("{\"fl_x\": 10, \"w\": 4, \"h\": 4, \"frames\": [{\"file_path\": \"a\", \"transform_matrix\": [[2,0,0,0],[0,1,0,0],[0,1,0,0],[0,0,0,1]]}]}", "rigid")]
    [InlineData("{\"fl_x\": 10, \"w\": 4, \"h\": 4, \"frames\": [{\"file_path\": \"a\", \"transform_matrix\": [[1,0,0],[0,1,0,0],[0,0,1,0],[0,0,0,1]]}]}", "row 0")]
    [InlineData("{\"fl_x\": 10, \"w\": 100000, \"h\": 4, \"frames\": [{\"file_path\": \"a\", \"transform_matrix\": [[1,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,0,1]]}]}", "image size")]
    [InlineData("{\"fl_x\": 10, \"frames\": [{\"file_path\": \"a\", \"transform_matrix\": [[1,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,0,1]]}]}", "no \"w\"/\"h\"")]
    [InlineData("{\"fl_x\": 10, \"w\": 4, \"h\": 4, \"camera_model\": \"EQUIRECTANGULAR\", \"frames\": [{\"file_path\": \"a\", \"transform_matrix\": [[1,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,0,1]]}]}", "camera_model")]
    public void Malformed_files_are_an_InvalidMediaException_naming_the_file(string json, string expected)
    {
        using var folder = PosesSamples.Folder();
        var path = Path.Combine(folder.Path, "transforms.json");
        File.WriteAllText(path, json);
        var e = Assert.Throws<InvalidMediaException>(() => TransformsJson.Read(path));
        Assert.Contains("transforms.json", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ascii_point_PLY_with_float_colours_and_extra_properties_reads_and_a_truncated_binary_one_is_refused()
    {
        using var folder = PosesSamples.Folder();
        File.WriteAllText(Path.Combine(folder.Path, "points.ply"), """
            ply
            format ascii 1.0
            element vertex 2
            property float x
            property float y
            property float z
            property float nx
            property float red
            property float green
            property float blue
            element face 0
            property list uchar int vertex_indices
            end_header
            1 2 3 0 0.25 0.5 1
            -1.5 0 2e1 0 0 0 0
            """.Replace("\r", "", StringComparison.Ordinal));
        var capture = Write(folder, """{"fl_x": 10, "w": 20, "h": 10, "ply_file_path": "points.ply", "frames": []}""");
        Assert.Equal(2, capture.Points.Count);
        Assert.Equal(new Vector3(1, 2, 3), capture.Points[0].Position);
        Assert.Equal(new Vector3(0.25f, 0.5f, 1), capture.Points[0].Colour);
        Assert.Equal(new Vector3(-1.5f, 0, 20), capture.Points[1].Position);

        var binary = Path.Combine(folder.Path, "binary.ply");
        File.WriteAllBytes(binary, [.. System.Text.Encoding.ASCII.GetBytes("ply\nformat binary_little_endian 1.0\nelement vertex 1000\nproperty float x\nproperty float y\nproperty float z\nend_header\n"), .. new byte[24]]);
        File.WriteAllText(Path.Combine(folder.Path, "transforms.json"), """{"ply_file_path": "binary.ply", "frames": []}""");
        var e = Assert.Throws<InvalidMediaException>(() => TransformsJson.Read(Path.Combine(folder.Path, "transforms.json")));
        Assert.Contains("binary.ply", e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mutated_files_only_ever_raise_InvalidMediaException()
    {
        using var folder = PosesSamples.Folder();
        var path = Path.Combine(folder.Path, "transforms.json");
        var original = System.Text.Encoding.UTF8.GetBytes(TwoFrames.Replace("\"aabb_scale\": 16,", "\"aabb_scale\": 16, \"ply_file_path\": \"p.ply\", \"k1\": 0.1,", StringComparison.Ordinal));
        const string Alphabet = "0123456789-.eE,:[]{}\" \\u\0nulltruefalse";
        Gen.Select(Gen.Int[0, original.Length - 1], Gen.Int[0, Alphabet.Length - 1]).Array[1, 6].Sample(edits =>
        {
            var bytes = (byte[])original.Clone();
            foreach (var (at, c) in edits)
                bytes[at] = (byte)Alphabet[c];
            File.WriteAllBytes(path, bytes);
            try
            {
                TransformsJson.Read(path);
            }
            catch (InvalidMediaException)
            {
            }
        }, iter: 300);
    }

    internal static void AssertSameCamera(PinholeCamera expected, PinholeCamera actual, float tolerance = 1e-5f)
    {
        Assert.True(Vector3.Distance(expected.Position, actual.Position) < tolerance * Math.Max(1, expected.Position.Length()), $"position {expected.Position} vs {actual.Position}");
        Assert.True(Vector3.Distance(expected.Right, actual.Right) < tolerance, $"right {expected.Right} vs {actual.Right}");
        Assert.True(Vector3.Distance(expected.Down, actual.Down) < tolerance, $"down {expected.Down} vs {actual.Down}");
        Assert.True(Vector3.Distance(expected.Forward, actual.Forward) < tolerance, $"forward {expected.Forward} vs {actual.Forward}");
        Assert.Equal((expected.Width, expected.Height), (actual.Width, actual.Height));
        Assert.Equal(expected.FocalX, actual.FocalX, 3);
        Assert.Equal(expected.FocalY, actual.FocalY, 3);
        Assert.Equal(expected.CenterX, actual.CenterX, 3);
        Assert.Equal(expected.CenterY, actual.CenterY, 3);
    }

    private static SceneCapture Write(PosesSamples.TempFolder folder, string json)
    {
        var path = Path.Combine(folder.Path, "transforms.json");
        File.WriteAllText(path, json);
        return TransformsJson.Read(path);
    }
}
