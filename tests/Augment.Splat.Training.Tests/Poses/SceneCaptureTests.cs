using System.Numerics;
using Augment.Splat;
using Augment.Splat.Training;
using CsCheck;

namespace Augment.SplatTraining.Tests.Poses;

public class SceneCaptureTests
{
    // A quarter turn about y: qw = cos 45, qy = sin 45 gives R = [[0, 0, 1], [0, 1, 0], [-1, 0, 0]] (COLMAP's Hamilton quaternion).
    private static ColmapModel QuarterTurnModel(string imageName = "a.png", int cameraId = 1) => new(
        [new ColmapCamera(1, ColmapCameraModel.Pinhole, 100, 80, [50, 60, 49.5, 40.5])],
        [new ColmapImage(1, Math.Sqrt(0.5), 0, Math.Sqrt(0.5), 0, 1, 2, 3, cameraId, imageName)],
        [new ColmapPoint3D(1, 1, 2, 3, 255, 0, 51, 0.5)]);

    [Fact]
    public void A_COLMAP_pose_projects_as_R_X_plus_t_computed_by_hand()
    {
        var capture = SceneCapture.FromColmap(QuarterTurnModel(), "/nowhere");
        var camera = capture.Views[0].Camera;
        // X = (2, 1, -1): R X = (-1, 1, -2), + t = (0, 3, 1); u = 50 * 0 / 1 + 49.5, v = 60 * 3 / 1 + 40.5.
        var (u, v, depth) = camera.Project(new Vector3(2, 1, -1));
        Assert.Equal(49.5f, u, 4);
        Assert.Equal(220.5f, v, 4);
        Assert.Equal(1, depth, 5);
        // Centre -R^T t = -((0*1 + 0*2 - 1*3), (0*1 + 1*2 + 0*3), (1*1 + 0*2 + 0*3)) = (3, -2, -1).
        Assert.True(Vector3.Distance(new Vector3(3, -2, -1), camera.Position) < 1e-5f);
        Assert.True(Vector3.Distance(new Vector3(0, 0, 1), camera.Right) < 1e-6f);
        var point = Assert.Single(capture.Points);
        Assert.Equal(new Vector3(1, 2, 3), point.Position);
        Assert.Equal(new Vector3(1, 0, 0.2f), point.Colour);
        Assert.Equal(0.5f, point.Error);
    }

    [Fact]
    public void An_image_of_a_missing_camera_is_an_InvalidMediaException_naming_both()
    {
        var e = Assert.Throws<InvalidMediaException>(() => SceneCapture.FromColmap(QuarterTurnModel(cameraId: 9), "/nowhere", "images.bin"));
        Assert.Contains("image 1 ('a.png') refers to camera 9", e.Message, StringComparison.Ordinal);
        Assert.Contains("images.bin", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sparse/0", ColmapModelFormat.Binary)]
    [InlineData("sparse", ColmapModelFormat.Text)]
    [InlineData("", ColmapModelFormat.Binary)]
    public void Load_finds_a_COLMAP_model_and_its_images(string modelFolder, ColmapModelFormat format)
    {
        using var folder = PosesSamples.Folder();
        var model = new ColmapModel(QuarterTurnModel().Cameras,
            [new ColmapImage(1, 1, 0, 0, 0, 0, 0, 0, 1, "a.png"), new ColmapImage(2, 1, 0, 0, 0, 1, 0, 0, 1, "b.png")], QuarterTurnModel().Points);
        model.Save(Path.Combine(folder.Path, modelFolder), format);
        var images = folder.Sub("images");
        File.WriteAllBytes(Path.Combine(images, "a.png"), [0]);
        var capture = SceneCapture.Load(folder.Path);
        Assert.Equal(CaptureFormat.Colmap, capture.Source);
        var view = Assert.Single(capture.Views);
        Assert.Equal(Path.Combine(images, "a.png"), view.ImagePath);
        Assert.Contains("skipped 1 views", Assert.Single(capture.Warnings), StringComparison.Ordinal);
        Assert.Single(capture.Points);
    }

    [Fact]
    public void Load_falls_back_to_transforms_json_and_says_what_it_looked_for()
    {
        using var folder = PosesSamples.Folder();
        var e = Assert.Throws<FileNotFoundException>(() => SceneCapture.Load(folder.Path));
        Assert.Contains("transforms.json", e.Message, StringComparison.Ordinal);
        Assert.Contains("sparse/0", e.Message, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(folder.Path, "transforms.json"),
            """{"fl_x": 10, "w": 20, "h": 10, "frames": [{"file_path": "x.png", "transform_matrix": [[1,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,0,1]]}]}""");
        Assert.Equal(CaptureFormat.Transforms, SceneCapture.Load(folder.Path).Source);
    }

    [Fact]
    public void Distortion_is_kept_and_warned_about()
    {
        var model = new ColmapModel([new ColmapCamera(1, ColmapCameraModel.OpenCv, 100, 80, [50, 50, 50, 40, -0.2, 0.05, 0, 0])],
            [new ColmapImage(1, 1, 0, 0, 0, 0, 0, 0, 1, "a.png")], []);
        var capture = SceneCapture.FromColmap(model, "/nowhere");
        Assert.Equal("OPENCV", capture.Views[0].DistortionModel);
        Assert.Equal([-0.2, 0.05, 0, 0], capture.Views[0].Distortion);
        Assert.Contains(capture.Warnings, w => w.Contains("1 of 1 views have non-zero lens distortion", StringComparison.Ordinal));
    }

    [Fact]
    public void A_capture_round_trips_through_a_COLMAP_model_in_both_formats()
    {
        using var folder = PosesSamples.Folder();
        var cameras = CameraPath.Orbit(new Vector3(1, -2, 0.5f), 6, 7, 120, 90, elevationDegrees: -35);
        var views = cameras.Select((c, i) => new CaptureView($"v{i}.png", $"v{i}.png", c)).ToList();
        var capture = new SceneCapture(views, [new SparsePoint(new Vector3(0.25f, 0.5f, -1), new Vector3(0.2f, 0.4f, 0.6f), 1.5f)]);
        foreach (var format in (ColmapModelFormat[])[ColmapModelFormat.Binary, ColmapModelFormat.Text])
        {
            var target = folder.Sub(format.ToString());
            capture.ToColmap().Save(target, format);
            var model = ColmapModel.Load(target);
            Assert.Single(model.Cameras); // one shared set of intrinsics
            var back = SceneCapture.FromColmap(model, target);
            for (var i = 0; i < views.Count; i++)
                TransformsJsonTests.AssertSameCamera(views[i].Camera, back.Views[i].Camera);
            Assert.Equal(new Vector3(0.2f, 0.4f, 0.6f), back.Points[0].Colour, new ColourTolerance());
        }
    }

    [Fact]
    public void Initial_Gaussians_follow_the_3DGS_initialisation()
    {
        // A 3 x 3 x 3 lattice of spacing 0.5: every point's three nearest neighbours are 0.5 away.
        var points = new List<SparsePoint>();
        for (var x = 0; x < 3; x++)
            for (var y = 0; y < 3; y++)
                for (var z = 0; z < 3; z++)
                    points.Add(new SparsePoint(new Vector3(x, y, z) * 0.5f + new Vector3(10, -3, 2), new Vector3(x / 2f, y / 2f, 1), 0));
        var capture = new SceneCapture([], points);
        var scene = capture.InitialGaussians(2, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(27, scene.Count);
        Assert.Equal(2, scene.ShDegree);
        for (var i = 0; i < 27; i++)
        {
            Assert.Equal(points[i].Position, new Vector3(scene.Plane(0)[i], scene.Plane(1)[i], scene.Plane(2)[i]));
            for (var a = 0; a < 3; a++)
                Assert.Equal(Math.Log(0.5), scene.Plane(SplatParameters.LogScaleX + a)[i], 5);
            Assert.Equal((1f, 0f, 0f, 0f), (scene.Plane(6)[i], scene.Plane(7)[i], scene.Plane(8)[i], scene.Plane(9)[i]));
            Assert.Equal(-2.1972246, scene.Plane(SplatParameters.Opacity)[i], 5); // ln(0.1 / 0.9)
            // Colour 0.5 + C0 * DC reproduces the point's colour.
            Assert.Equal(points[i].Colour.X, 0.5f + GaussianCloud.ShC0 * scene.Plane(SplatParameters.ShDcRed)[i], 5);
            Assert.Equal(1f, 0.5f + GaussianCloud.ShC0 * scene.Plane(SplatParameters.ShDcRed + 2)[i], 5);
            for (var p = SplatParameters.FirstRest; p < scene.PlaneCount; p++)
                Assert.Equal(0, scene.Plane(p)[i]);
        }
        Assert.Throws<InvalidOperationException>(() => new SceneCapture([]).InitialGaussians(0, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public void The_neighbour_grid_agrees_with_brute_force_on_random_clusters_planes_and_duplicates()
    {
        var point = Gen.Select(Gen.Float[-1, 1], Gen.Float[-1, 1], Gen.Float[-1, 1]);
        var cloud = Gen.Select(point.Array[1, 300], Gen.Int[0, 3], Gen.Float[1e-3f, 1e3f], Gen.Int[1, 5]).Select(t =>
        {
            var (raw, kind, scale, k) = t;
            var pts = raw.Select(p => kind switch
            {
                0 => new Vector3(p.Item1, p.Item2, p.Item3) * scale,
                1 => new Vector3(p.Item1, p.Item2, 0) * scale,                     // a plane
                2 => new Vector3(MathF.Round(p.Item1 * 3), p.Item2, p.Item3) * scale, // duplicated x values, clusters
                _ => new Vector3(p.Item1 * 1e-3f, p.Item2, p.Item3 * 1e3f) * scale,  // extreme aspect
            }).ToArray();
            if (pts.Length > 3)
                pts[^1] = pts[0]; // a duplicate point
            return (pts, k);
        });
        cloud.Sample(t =>
        {
            var (pts, k) = t;
            var fast = new float[pts.Length];
            var slow = new float[pts.Length];
            NeighbourGrid.MeanDistances(pts, k, fast, ComputeBudget.Default, TestContext.Current.CancellationToken);
            NeighbourGrid.MeanDistancesBruteForce(pts, k, slow);
            for (var i = 0; i < pts.Length; i++)
            {
                if (MathF.Abs(fast[i] - slow[i]) > 1e-6f * MathF.Max(1, slow[i]))
                    return false;
            }
            return true;
        }, iter: 150);
    }

    private sealed class ColourTolerance : IEqualityComparer<Vector3>
    {
        public bool Equals(Vector3 a, Vector3 b) => Vector3.Distance(a, b) < 0.5f / 255 * 2;

        public int GetHashCode(Vector3 v) => 0;
    }
}
