using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Augment.Splat;

namespace Augment.Cli.Tests.Commands;

public class SplatTrainCommandTests
{
    /// <summary>
    /// A tiny nerfstudio capture: a ball of coloured splats rendered from 6 orbit cameras at 32×32, PNGs plus
    /// transforms.json (camera-to-world with OpenGL axes: columns right, up = -down, backwards = -forward).
    /// </summary>
    private static string WriteCapture(TempFolder folder, bool withPoints)
    {
        var random = new Random(4);
        var cloud = GaussianCloud.Create(150);
        for (var i = 0; i < cloud.Count; i++)
        {
            cloud.X[i] = (float)(random.NextDouble() - 0.5);
            cloud.Y[i] = (float)(random.NextDouble() - 0.5);
            cloud.Z[i] = (float)(random.NextDouble() - 0.5);
            cloud.ScaleX[i] = cloud.ScaleY[i] = cloud.ScaleZ[i] = -2.5f;
            cloud.Opacity[i] = 2;
            cloud.ShDc(0)[i] = (float)random.NextDouble();
            cloud.ShDc(1)[i] = (float)random.NextDouble() - 0.5f;
        }
        var root = folder.File("capture");
        Directory.CreateDirectory(Path.Combine(root, "images"));
        var frames = new StringBuilder();
        var focal = 0f;
        for (var v = 0; v < 6; v++)
        {
            var angle = 2 * MathF.PI * v / 6;
            var camera = PinholeCamera.LookAt(new Vector3(3 * MathF.Cos(angle), -0.8f, 3 * MathF.Sin(angle)), Vector3.Zero, 32, 32, 50);
            using (var image = SplatRenderer.Render(cloud, camera))
                SplatPreview.SavePng(image, Path.Combine(root, "images", $"frame{v}.png"));
            Vector3 r = camera.Right, u = -camera.Down, b = -camera.Forward, p = camera.Position;
            frames.Append(CultureInfo.InvariantCulture, $$"""
                {"file_path": "images/frame{{v}}.png", "transform_matrix": [[{{r.X}}, {{u.X}}, {{b.X}}, {{p.X}}], [{{r.Y}}, {{u.Y}}, {{b.Y}}, {{p.Y}}], [{{r.Z}}, {{u.Z}}, {{b.Z}}, {{p.Z}}], [0, 0, 0, 1]]}{{(v < 5 ? "," : "")}}
                """);
            focal = camera.FocalX;
        }
        File.WriteAllText(Path.Combine(root, "transforms.json"), string.Create(CultureInfo.InvariantCulture, $$"""
            {"fl_x": {{focal}}, "fl_y": {{focal}}, "cx": 16, "cy": 16, "w": 32, "h": 32, "frames": [{{frames}}]}
            """));
        if (withPoints)
        {
            var lines = new StringBuilder("# 3D point list\n");
            for (var i = 0; i < cloud.Count; i += 2)
                lines.Append(CultureInfo.InvariantCulture, $"{i + 1} {cloud.X[i]} {cloud.Y[i]} {cloud.Z[i]} 128 128 128 0.5 1 1\n");
            File.WriteAllText(Path.Combine(root, "points3D.txt"), lines.ToString());
        }
        return root;
    }

    [Fact]
    public async Task Trains_a_tiny_capture_and_writes_the_scene_and_a_json_report()
    {
        using var folder = new TempFolder();
        var capture = WriteCapture(folder, withPoints: true);
        var output = folder.File("out/scene.ply");

        var result = await CliRunner.RunAsync("splat", "train", capture, "--out", output, "--iterations", "30", "--sh-degree", "0", "--hold-out", "3", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        var scene = GaussianCloud.Load(output, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(scene.Count > 0);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal("points3D.txt", root.GetProperty("initialPoints").GetString());
        Assert.Equal(75, root.GetProperty("gaussiansIn").GetInt32());
        Assert.Equal(30, root.GetProperty("iterations").GetInt32());
        Assert.Equal(2, root.GetProperty("heldOut").GetArrayLength());
        Assert.Equal(4, root.GetProperty("suppression").GetArrayLength());
        Assert.True(root.GetProperty("meanPsnrDb").GetDouble() > 5);
        // Delivered: standard cleaning, the PLY read back and graded, one photo | render preview per held-out view.
        var delivered = root.GetProperty("delivered");
        Assert.Equal(scene.Count, delivered.GetProperty("splats").GetInt32());
        Assert.Equal(new FileInfo(output).Length, delivered.GetProperty("bytes").GetInt64());
        Assert.Equal(JsonValueKind.Null, delivered.GetProperty("compression").ValueKind);
        Assert.Contains(delivered.GetProperty("cleaning").EnumerateArray(), step => step.GetProperty("name").GetString()!.StartsWith("floaters", StringComparison.Ordinal));
        var previews = delivered.GetProperty("heldOut").EnumerateArray().ToList();
        Assert.Equal(2, previews.Count);
        foreach (var view in previews)
        {
            var comparison = view.GetProperty("comparison").GetString()!;
            Assert.Equal(Path.GetFullPath(output) + ".previews", Path.GetDirectoryName(comparison));
            Assert.True(File.Exists(comparison), comparison);
            Assert.True(File.Exists(view.GetProperty("render").GetString()));
        }
    }

    [Fact]
    public async Task Compress_mobile_writes_a_sog_keeps_the_trained_ply_and_grades_the_file_as_decoded()
    {
        using var folder = new TempFolder();
        var capture = WriteCapture(folder, withPoints: true);
        var output = folder.File("scene.sog");
        var full = folder.File("full/scene.ply");

        var result = await CliRunner.RunAsync("splat", "train", capture, "--out", output, "--iterations", "30", "--sh-degree", "1", "--hold-out", "3",
            "--clean", "strict", "--compress", "mobile", "--keep-trained", full, "--no-previews", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        var delivered = root.GetProperty("delivered");
        Assert.Equal("SOG", delivered.GetProperty("format").GetString(), ignoreCase: true);
        Assert.Equal(root.GetProperty("gaussiansOut").GetInt32(), GaussianCloud.Load(full, cancellationToken: TestContext.Current.CancellationToken).Count);
        Assert.Equal(delivered.GetProperty("splats").GetInt32(), GaussianCloud.Load(output, cancellationToken: TestContext.Current.CancellationToken).Count);
        var compression = delivered.GetProperty("compression");
        Assert.Equal("mobile", compression.GetProperty("preset").GetString());
        Assert.True(compression.GetProperty("ratio").GetDouble() > 1);
        Assert.Contains(delivered.GetProperty("cleaning").EnumerateArray(), step => step.GetProperty("name").GetString()!.StartsWith("outliers", StringComparison.OrdinalIgnoreCase));
        Assert.All(delivered.GetProperty("heldOut").EnumerateArray(), view => Assert.Equal(JsonValueKind.Null, view.GetProperty("comparison").ValueKind));
        Assert.False(Directory.Exists(output + ".previews"));
    }

    [Fact]
    public async Task Device_cpu_is_reported_and_device_cuda_without_a_GPU_fails_naming_CUDA()
    {
        using var folder = new TempFolder();
        var capture = WriteCapture(folder, withPoints: true);

        var cpu = await CliRunner.RunAsync("splat", "train", capture, "--out", folder.File("cpu.ply"), "--iterations", "3", "--device", "cpu", "--json");
        Assert.True(cpu.ExitCode == 0, cpu.Error);
        using var json = JsonDocument.Parse(cpu.Output);
        Assert.StartsWith("CPU", json.RootElement.GetProperty("device").GetString(), StringComparison.Ordinal);

        Assert.SkipWhen(Augment.Splat.Training.GpuRasterizer.IsCudaAvailable, "this machine has a CUDA device");
        var cuda = await CliRunner.RunAsync("splat", "train", capture, "--out", folder.File("cuda.ply"), "--iterations", "3", "--device", "cuda");
        Assert.NotEqual(0, cuda.ExitCode);
        Assert.Contains("CUDA", cuda.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("cuda.ply")));
    }

    [Fact]
    public async Task Keep_trained_may_not_overwrite_the_output()
    {
        using var folder = new TempFolder();
        var capture = WriteCapture(folder, withPoints: true);
        var output = folder.File("scene.ply");

        var result = await CliRunner.RunAsync("splat", "train", capture, "--out", output, "--keep-trained", output, "--iterations", "2");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--keep-trained", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Without_sparse_points_it_starts_from_random_points_in_the_frustums()
    {
        using var folder = new TempFolder();
        var capture = WriteCapture(folder, withPoints: false);
        var output = folder.File("scene.spz");

        var result = await CliRunner.RunAsync("splat", "train", capture, "--out", output, "--iterations", "5", "--sh-degree", "0");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.True(File.Exists(output));
        Assert.Contains("initial points: random", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preset_phone_trains_at_SH_degree_2_and_max_image_side_halves_the_32_pixel_frames()
    {
        using var folder = new TempFolder();
        var capture = WriteCapture(folder, withPoints: true);
        var output = folder.File("phone.ply");

        // --iterations overrides the preset's 7000; the preset's SH degree (2) and cap stay.
        var result = await CliRunner.RunAsync("splat", "train", capture, "--out", output, "--preset", "phone", "--max-image-side", "16", "--iterations", "5", "--hold-out", "3", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal(5, root.GetProperty("iterations").GetInt32());
        Assert.Equal(2, root.GetProperty("shDegree").GetInt32());
        Assert.Equal((16, 16), (root.GetProperty("imageWidth").GetInt32(), root.GetProperty("imageHeight").GetInt32()));
        Assert.Equal(2, GaussianCloud.Load(output, cancellationToken: TestContext.Current.CancellationToken).ShDegree);
    }

    [Fact]
    public async Task An_unknown_preset_is_refused()
    {
        using var folder = new TempFolder();
        var capture = WriteCapture(folder, withPoints: true);

        var result = await CliRunner.RunAsync("splat", "train", capture, "--out", folder.File("x.ply"), "--preset", "tablet");

        Assert.NotEqual(0, result.ExitCode);
    }

    [Fact]
    public async Task A_folder_without_transforms_json_fails_with_a_message_naming_it()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.File("empty"));
        var result = await CliRunner.RunAsync("splat", "train", folder.File("empty"), "--out", folder.File("x.ply"));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("transforms.json", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("x.ply")));
    }
}
