using System.Globalization;
using System.Numerics;
using Augment.Splat;
using Augment.Splat.Training;

namespace Augment.SplatTraining.Tests;

public class TrainingCaptureTests
{
    [Fact]
    public void An_identity_opengl_pose_looks_down_minus_z_with_image_y_down_world_minus_y()
    {
        // Blender / nerfstudio: camera-to-world with OpenGL axes. Identity rotation at (0, 0, 4) looks along -z; its
        // image x is world +x and its image y (down) is world -y. camera_angle_x = 90° gives fx = w / 2.
        var folder = Directory.CreateTempSubdirectory("aug-trainer-capture").FullName;
        try
        {
            WriteImage(Path.Combine(folder, "r_0.png"), 20, 10);
            File.WriteAllText(Path.Combine(folder, "transforms.json"), string.Create(CultureInfo.InvariantCulture, $$"""
                {"camera_angle_x": {{Math.PI / 2}}, "frames": [{"file_path": "./r_0", "transform_matrix": [[1,0,0,0],[0,1,0,0],[0,0,1,4],[0,0,0,1]]}]}
                """));
            var capture = TrainingCapture.Load(folder, holdOutEvery: 0, randomPoints: 50);
            var camera = capture.Views[0].Camera;
            Assert.Equal(new Vector3(0, 0, 4), camera.Position);
            Assert.Equal(new Vector3(0, 0, -1), camera.Forward);
            Assert.Equal(new Vector3(1, 0, 0), camera.Right);
            Assert.Equal(new Vector3(0, -1, 0), camera.Down);
            Assert.Equal(10, camera.FocalX, 1e-4f);
            Assert.Equal(10, camera.FocalY, 1e-4f);
            Assert.Equal((20, 10), (camera.Width, camera.Height));
            var (u, v, depth) = camera.Project(new Vector3(1, 1, 0)); // right and up of the axis, 4 in front
            Assert.Equal(10 + 2.5f, u, 1e-4f);
            Assert.Equal(5 - 2.5f, v, 1e-4f);
            Assert.Equal(4, depth, 1e-5f);
            Assert.Equal("random", capture.PointSource);
            Assert.Equal(50, capture.Initial.Count);
            Assert.False(capture.Views[0].HeldOut);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Colmap_points_initialise_gaussians_with_their_colours_and_neighbour_scales()
    {
        var folder = Directory.CreateTempSubdirectory("aug-trainer-capture").FullName;
        try
        {
            WriteImage(Path.Combine(folder, "a.png"), 16, 16);
            File.WriteAllText(Path.Combine(folder, "transforms.json"), """
                {"fl_x": 20, "fl_y": 20, "cx": 8, "cy": 8, "w": 16, "h": 16, "frames": [{"file_path": "a.png", "transform_matrix": [[1,0,0,0],[0,1,0,0],[0,0,1,4],[0,0,0,1]]}]}
                """);
            File.WriteAllText(Path.Combine(folder, "points3D.txt"), """
                # 3D point list with one line of data per point:
                1 0 0 0 255 0 0 0.1 1 2
                2 1 0 0 0 255 0 0.1 1 2
                3 0 2 0 0 0 255 0.1 1 2
                4 0 0 3 128 128 128 0.1 1 2
                """);
            var capture = TrainingCapture.Load(folder);
            Assert.Equal("points3D.txt", capture.PointSource);
            var scene = capture.Initial;
            Assert.Equal(4, scene.Count);
            // Point 1's neighbours are at 1, 2 and 3: mean distance 2.
            Assert.Equal(MathF.Log(2), scene.Plane(SplatParameters.LogScaleX)[0], 1e-5f);
            Assert.Equal((1 - 0.5f) / GaussianCloud.ShC0, scene.Plane(SplatParameters.ShDcRed)[0], 1e-5f);
            Assert.Equal((0 - 0.5f) / GaussianCloud.ShC0, scene.Plane(SplatParameters.ShDcRed + 1)[0], 1e-5f);
            Assert.Equal(0.1f, 1 / (1 + MathF.Exp(-scene.Plane(SplatParameters.Opacity)[3])), 1e-5f);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_missing_frame_image_names_the_file()
    {
        var folder = Directory.CreateTempSubdirectory("aug-trainer-capture").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "transforms.json"), """
                {"camera_angle_x": 1, "w": 16, "h": 16, "frames": [{"file_path": "missing.png", "transform_matrix": [[1,0,0,0],[0,1,0,0],[0,0,1,4],[0,0,0,1]]}]}
                """);
            var error = Assert.Throws<FileNotFoundException>(() => TrainingCapture.Load(folder));
            Assert.Contains("missing.png", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void WriteImage(string path, int width, int height)
    {
        using var frame = ImageFrame.Create(width, height, 3);
        frame.Plane(0).Fill(0.5f);
        SplatPreview.SavePng(frame, path);
    }
}
