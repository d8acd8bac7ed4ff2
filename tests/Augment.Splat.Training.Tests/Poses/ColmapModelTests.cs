using System.Buffers.Binary;
using Augment.Splat.Training;
using CsCheck;

namespace Augment.SplatTraining.Tests.Poses;

public class ColmapModelTests
{
    [Fact]
    public void Camera_models_have_COLMAPs_ids_names_and_parameter_counts()
    {
        string[] names = ["SIMPLE_PINHOLE", "PINHOLE", "SIMPLE_RADIAL", "RADIAL", "OPENCV", "OPENCV_FISHEYE", "FULL_OPENCV", "FOV",
            "SIMPLE_RADIAL_FISHEYE", "RADIAL_FISHEYE", "THIN_PRISM_FISHEYE"];
        for (var id = 0; id < names.Length; id++)
        {
            var model = (ColmapCameraModel)id;
            Assert.Equal(names[id], ColmapCameraModels.Name(model));
            Assert.Equal(PosesSamples.DocumentedParameterCounts[id], ColmapCameraModels.ParameterCount(model));
            Assert.True(ColmapCameraModels.TryParse(names[id].ToLowerInvariant(), out var parsed));
            Assert.Equal(model, parsed);
        }
        Assert.False(ColmapCameraModels.IsKnown(11));
        Assert.Throws<ArgumentException>(() => new ColmapCamera(1, ColmapCameraModel.Pinhole, 10, 10, [1, 2, 3]));
    }

    [Theory]
    [InlineData(ColmapModelFormat.Text)]
    [InlineData(ColmapModelFormat.Binary)]
    public void A_model_round_trips_value_for_value(ColmapModelFormat format)
    {
        using var folder = PosesSamples.Folder();
        var model = PosesSamples.Model();
        model.Save(folder.Path, format);
        Assert.Equal(format, ColmapModel.DetectFormat(folder.Path));
        var back = ColmapModel.Load(folder.Path);
        Assert.True(model.SameAs(back));
        Assert.Equal(ColmapPoint2D.NoPoint, back.Images[0].Points2D[1].Point3DId);
        Assert.Empty(back.Images[2].Points2D);
        Assert.Equal("frame 3.jpg", back.Images[2].Name);
    }

    [Fact]
    public void Text_and_binary_files_of_one_model_read_back_the_same()
    {
        using var folder = PosesSamples.Folder();
        var model = PosesSamples.Model();
        model.Save(folder.Sub("bin"), ColmapModelFormat.Binary);
        ColmapModel.Load(Path.Combine(folder.Path, "bin")).Save(folder.Sub("txt"), ColmapModelFormat.Text);
        var fromText = ColmapModel.Load(Path.Combine(folder.Path, "txt"));
        fromText.Save(folder.Sub("bin2"), ColmapModelFormat.Binary);
        Assert.True(model.SameAs(fromText));
        foreach (var name in (string[])["cameras.bin", "images.bin", "points3D.bin"])
            Assert.Equal(File.ReadAllBytes(Path.Combine(folder.Path, "bin", name)), File.ReadAllBytes(Path.Combine(folder.Path, "bin2", name)));
    }

    [Fact]
    public void Text_files_follow_COLMAPs_layout()
    {
        using var folder = PosesSamples.Folder();
        PosesSamples.Model().Save(folder.Path, ColmapModelFormat.Text);
        var cameras = File.ReadAllLines(Path.Combine(folder.Path, "cameras.txt"));
        Assert.Equal("# Number of cameras: 11", cameras[2]);
        Assert.Equal("2 PINHOLE 321 240 301.5 302.5 158.25 157.25", cameras[4]);
        var images = File.ReadAllLines(Path.Combine(folder.Path, "images.txt"));
        Assert.Equal("1 1 0 0 0 0.1 -0.2 4.5 1 frame_0001.png", images[4]);
        Assert.Equal("10.5 20.25 1 0.1 0.2 -1 300.125 200.5 2", images[5]);
        Assert.Equal("", images[^1]);
        var points = File.ReadAllLines(Path.Combine(folder.Path, "points3D.txt"));
        Assert.Equal("1 0.1 0.2 0.3 255 0 128 0.75 1 0 7 1", points[3]);
    }

    [Fact]
    public void A_hand_written_text_model_with_comments_blank_lines_and_CRLF_reads()
    {
        using var folder = PosesSamples.Folder();
        File.WriteAllText(Path.Combine(folder.Path, "cameras.txt"), "# c\r\n\r\n1 SIMPLE_RADIAL 640 480 500 320 240 -0.01\r\n");
        File.WriteAllText(Path.Combine(folder.Path, "images.txt"), "# i\n1 0.9238795 0 0.3826834 0 1 2 3 1 a.png\n100 200 5\n2 1 0 0 0 0 0 0 1 b.png\n\n");
        File.WriteAllText(Path.Combine(folder.Path, "points3D.txt"), "5 1 2 3 10 20 30 0.5 1 0\n");
        var model = ColmapModel.Load(folder.Path);
        Assert.Equal(ColmapCameraModel.SimpleRadial, model.Cameras[0].Model);
        Assert.Equal(-0.01, model.Cameras[0].Distortion[0]);
        Assert.Equal(2, model.Images.Count);
        Assert.Equal(new ColmapPoint2D(100, 200, 5), model.Images[0].Points2D[0]);
        Assert.Empty(model.Images[1].Points2D);
        Assert.Equal(new ColmapTrackElement(1, 0), model.Points[0].Track[0]);
    }

    [Fact]
    public void Every_truncation_of_a_binary_file_is_an_InvalidMediaException_naming_file_and_offset()
    {
        using var folder = PosesSamples.Folder();
        PosesSamples.Model().Save(folder.Path, ColmapModelFormat.Binary);
        var limits = ColmapModelLimits.Default;
        foreach (var name in (string[])["cameras.bin", "images.bin", "points3D.bin"])
        {
            var bytes = File.ReadAllBytes(Path.Combine(folder.Path, name));
            for (var length = 0; length <= bytes.Length; length++)
            {
                byte[] content = length < bytes.Length ? bytes[..length] : [.. bytes, 0]; // the last case: a trailing byte
                using var stream = new MemoryStream(content);
                var e = Assert.Throws<InvalidMediaException>(() => name switch
                {
                    "cameras.bin" => (object)ColmapBinaryFormat.ReadCameras(stream, name, limits),
                    "images.bin" => ColmapBinaryFormat.ReadImages(stream, name, limits),
                    _ => ColmapBinaryFormat.ReadPoints(stream, name, limits),
                });
                Assert.Contains(name, e.Message);
                Assert.True(e.Offset >= 0 && e.Offset <= length, $"{name} cut at {length}: offset {e.Offset}");
                if (length == bytes.Length)
                    Assert.Contains("follow the last record", e.Message);
            }
        }
        // And through the files: a cut file is reported by its path.
        var images = Path.Combine(folder.Path, "images.bin");
        File.WriteAllBytes(images, File.ReadAllBytes(images)[..50]);
        Assert.Contains(images, Assert.Throws<InvalidMediaException>(() => ColmapModel.Load(folder.Path)).Message);
    }

    [Fact]
    public void A_huge_count_is_refused_before_allocating()
    {
        using var folder = PosesSamples.Folder();
        PosesSamples.Model().Save(folder.Path, ColmapModelFormat.Binary);
        var points = Path.Combine(folder.Path, "points3D.bin");
        var bytes = File.ReadAllBytes(points);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, ulong.MaxValue / 3);
        File.WriteAllBytes(points, bytes);
        var e = Assert.Throws<InvalidMediaException>(() => ColmapModel.Load(folder.Path));
        Assert.Equal(0, e.Offset);
        Assert.Contains("above the limit", e.Message);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1000);
        File.WriteAllBytes(points, bytes);
        Assert.Contains("truncated", Assert.Throws<InvalidMediaException>(() => ColmapModel.Load(folder.Path)).Message);
        Assert.Throws<InvalidMediaException>(() => ColmapModel.Load(folder.Path, new ColmapModelLimits { MaxPoints3D = 3 }));
    }

    [Fact]
    public void An_unknown_camera_model_id_is_named_with_its_offset()
    {
        using var folder = PosesSamples.Folder();
        PosesSamples.Model().Save(folder.Path, ColmapModelFormat.Binary);
        var cameras = Path.Combine(folder.Path, "cameras.bin");
        var bytes = File.ReadAllBytes(cameras);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8 + 4), 42);
        File.WriteAllBytes(cameras, bytes);
        var e = Assert.Throws<InvalidMediaException>(() => ColmapModel.Load(folder.Path));
        Assert.Equal(12, e.Offset);
        Assert.Contains("model id 42", e.Message);
    }

    [Theory]
    [InlineData("cameras.txt", "1 PINHOLE 640 480 500 500 320\n", "takes 4 parameters", 2, 10)]
    [InlineData("cameras.txt", "1 FISHEYE_X 640 480 500 500 320 240\n", "unknown model", 2, 10)]
    [InlineData("cameras.txt", "1 PINHOLE 640 -1 500 500 320 240\n", "image size", 2, 10)]
    [InlineData("images.txt", "1 1 0 0 0 0 0 0 1 a.png\n1 2\n", "multiple of 3", 3, 34)]
    [InlineData("images.txt", "1 NaN 0 0 0 0 0 0 1 a.png\n\n", "not finite", 2, 10)]
    [InlineData("images.txt", "1 1 0 0 0 0 0 1 a.png\n\n", "found 9 fields", 2, 10)]
    [InlineData("points3D.txt", "1 0 0 0 300 0 0 0\n", "colour '300'", 2, 10)]
    [InlineData("points3D.txt", "1 0 0 0 1 2 3 0 5\n", "pairs", 2, 10)]
    public void Malformed_text_lines_name_file_line_and_offset(string file, string content, string expected, int line, long offset)
    {
        using var folder = PosesSamples.Folder();
        PosesSamples.Model().Save(folder.Path, ColmapModelFormat.Text);
        File.WriteAllText(Path.Combine(folder.Path, file), "# comment\n" + content);
        var e = Assert.Throws<InvalidMediaException>(() => ColmapModel.Load(folder.Path));
        Assert.Contains(file, e.Message);
        Assert.Contains($"line {line}:", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.Equal(offset, e.Offset);
    }

    [Fact]
    public void Duplicate_ids_are_an_InvalidMediaException()
    {
        using var folder = PosesSamples.Folder();
        File.WriteAllText(Path.Combine(folder.Path, "cameras.txt"), "1 SIMPLE_PINHOLE 64 48 50 32 24\n1 SIMPLE_PINHOLE 64 48 50 32 24\n");
        File.WriteAllText(Path.Combine(folder.Path, "images.txt"), "");
        File.WriteAllText(Path.Combine(folder.Path, "points3D.txt"), "");
        Assert.Contains("camera id 1 appears twice", Assert.Throws<InvalidMediaException>(() => ColmapModel.Load(folder.Path)).Message);
    }

    [Fact]
    public void Random_models_round_trip_through_both_formats()
    {
        var camera = Gen.Int[0, 10].SelectMany(m => Gen.Double.Array[ColmapCameraModels.ParameterCount((ColmapCameraModel)m)]
            .Select(p => (Model: (ColmapCameraModel)m, Parameters: p)));
        var keypoint = Gen.Select(Gen.Double, Gen.Double, Gen.Long[-1, long.MaxValue], (x, y, id) => new ColmapPoint2D(x, y, id));
        var image = Gen.Select(Gen.Double[-1, 1].Array[7], Gen.Int[0, 1000], Gen.String["abcxyz_.-/0123456789é"], keypoint.Array[0, 5]);
        var point = Gen.Select(Gen.Double.Array[4], Gen.Byte.Array[3], Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue]).Array[0, 4]);
        Gen.Select(camera.Array[1, 4], image.Array[0, 4], point.Array[0, 5]).Sample(sample =>
        {
            var (cams, imgs, pts) = sample;
            var cameras = cams.Select((c, i) => new ColmapCamera(i, c.Model, 1 + i, 2 + i, c.Parameters)).ToList();
            var images = imgs.Select((m, i) => new ColmapImage(i + 1, m.Item1[0], m.Item1[1], m.Item1[2], m.Item1[3], m.Item1[4], m.Item1[5], m.Item1[6],
                m.Item2, "n" + m.Item3.Replace(" ", ""), m.Item4)).ToList();
            var points = pts.Select((p, i) => new ColmapPoint3D(i * 7L, p.Item1[0], p.Item1[1], p.Item1[2], p.Item2[0], p.Item2[1], p.Item2[2], p.Item1[3],
                p.Item3.Select(t => new ColmapTrackElement(t.Item1, t.Item2)).ToArray())).ToList();
            var model = new ColmapModel(cameras, images, points);
            using var folder = PosesSamples.Folder();
            model.Save(folder.Sub("b"), ColmapModelFormat.Binary);
            model.Save(folder.Sub("t"), ColmapModelFormat.Text);
            return model.SameAs(ColmapModel.Load(Path.Combine(folder.Path, "b"))) && model.SameAs(ColmapModel.Load(Path.Combine(folder.Path, "t")));
        }, iter: 40);
    }

    [Fact]
    public void Random_bytes_and_corrupted_models_only_ever_raise_InvalidMediaException()
    {
        using var folder = PosesSamples.Folder();
        PosesSamples.Model().Save(folder.Sub("good"), ColmapModelFormat.Binary);
        PosesSamples.Model().Save(folder.Sub("goodtxt"), ColmapModelFormat.Text);
        var originals = new Dictionary<string, byte[]>();
        foreach (var file in Directory.GetFiles(Path.Combine(folder.Path, "good")).Concat(Directory.GetFiles(Path.Combine(folder.Path, "goodtxt"))))
            originals[file] = File.ReadAllBytes(file);
        var work = folder.Sub("work");
        Gen.Select(Gen.Int[0, originals.Count - 1], Gen.Select(Gen.Int[0, 1 << 20], Gen.Byte).Array[1, 8], Gen.Bool).Sample(sample =>
        {
            var (which, edits, cut) = sample;
            var source = originals.Keys.ElementAt(which);
            var bytes = (byte[])originals[source].Clone();
            foreach (var (at, value) in edits)
                bytes[at % bytes.Length] = value;
            if (cut)
                bytes = bytes[..(edits[0].Item1 % bytes.Length)];
            var ext = Path.GetExtension(source);
            foreach (var (file, content) in originals)
            {
                if (Path.GetExtension(file) == ext)
                    File.WriteAllBytes(Path.Combine(work, Path.GetFileName(file)), file == source ? bytes : content);
            }
            try
            {
                ColmapModel.Load(work, ext == ".bin" ? ColmapModelFormat.Binary : ColmapModelFormat.Text);
            }
            catch (InvalidMediaException)
            {
            }
        }, iter: 200);
    }
}
