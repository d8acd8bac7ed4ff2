using System.Numerics;
using Augment.Splat;
using Augment.Splat.Training;
using Augment.Vision;

namespace Augment.SplatTraining.Tests.Poses;

/// <summary>
/// The real COLMAP (Debian's colmap 3.8 here) on frames rendered from a known scene: its cameras, aligned to the true ones
/// by a similarity transform, must sit within a few percent of the ring radius. Skipped with a reason when colmap is absent.
/// </summary>
public class ColmapIntegrationTests
{
    [Fact]
    public void The_similarity_fit_recovers_a_known_scale_rotation_and_translation()
    {
        var random = new Random(5);
        var a = Enumerable.Range(0, 12).Select(_ => new Vector3(random.NextSingle() * 4 - 2, random.NextSingle() * 4 - 2, random.NextSingle() * 4 - 2)).ToList();
        var rotation = Quaternion.Normalize(new Quaternion(0.3f, -0.5f, 0.2f, 0.8f));
        var b = a.Select(p => (Vector3.Transform(p, rotation) * 2.5f) + new Vector3(1, -2, 3)).ToList();
        var fit = SimilarityAlignment.Fit(a, b);
        Assert.Equal(2.5, fit.Scale, 4);
        for (var i = 0; i < a.Count; i++)
            Assert.True(Vector3.Distance(b[i], SimilarityAlignment.Apply(fit, a[i])) < 1e-4f);
    }

    private const int Count = 20;

    /// <summary>
    /// 20 frames at 320x240 on an 80-degree arc (4 degrees apart) around the synthetic plaza, 30 degrees up, radius
    /// <see cref="SyntheticScene.RingRadius"/>: small steps as a walking capture has, so sequential matching suffices. The
    /// plaza's tiles repeat, which is hard for SIFT on wide baselines (a full 15-degree ring registered only part of it).
    /// Takes about 30 s of CPU (colmap's SIFT and matching on 2 threads); more wall time on a loaded machine.
    /// </summary>
    [Fact]
    [Trait("Duration", "Slow")]
    public async Task COLMAP_recovers_the_arc_of_cameras_that_rendered_a_synthetic_scene_slow()
    {
        var colmap = ColmapRunner.Find();
        Assert.SkipWhen(colmap is null, "colmap is not installed (apt-get install colmap); the end-to-end reconstruction is skipped.");
        var ct = TestContext.Current.CancellationToken;
        var output = TestContext.Current.TestOutputHelper;
        using var folder = PosesSamples.Folder();
        var images = folder.Sub("images");
        var scene = SyntheticScene.Create(new SyntheticSceneOptions { SplatCount = 120_000, Floaters = 0, FaintFraction = 0, ShDegree = 0 }, ct);
        var truth = new Dictionary<string, PinholeCamera>();
        var elevation = 30 * MathF.PI / 180;
        for (var i = 0; i < Count; i++)
        {
            var angle = (-40 + (80f * i / (Count - 1))) * MathF.PI / 180;
            var eye = SyntheticScene.Center + (SyntheticScene.RingRadius * new Vector3(MathF.Cos(elevation) * MathF.Sin(angle), -MathF.Sin(elevation), -MathF.Cos(elevation) * MathF.Cos(angle)));
            var camera = PinholeCamera.LookAt(eye, SyntheticScene.Center, 320, 240, 50);
            using var frame = SplatRenderer.Render(scene.Cloud, camera, new SplatRenderOptions { Background = new Vector3(0.5f) }, ct);
            var name = $"frame_{i:D3}.png";
            ImageFile.Save(frame, Path.Combine(images, name));
            truth[name] = camera;
        }
        var runner = new ColmapRunner(new ColmapRunnerOptions
        {
            CameraModel = ColmapCameraModel.SimplePinhole,
            Matcher = ColmapMatcher.Sequential,
            SequentialOverlap = 5,
            MaxFeaturesPerImage = 4000,
            Budget = new ComputeBudget { MaxThreads = 2 },
        });
        var last = "";
        var progress = new ColmapRunnerTests.SyncProgress(p =>
        {
            if (p.Stage != last)
                output?.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {p}");
            last = p.Stage;
        });
        output?.WriteLine($"workspace {folder.Path}");
        var result = await runner.RunAsync(images, folder.Path, progress, ct);
        output?.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {result.RegisteredImages}/{result.ImageCount} images registered, {result.PointCount} points, model {result.ModelFolder}");
        var capture = SceneCapture.Load(folder.Path);
        Assert.Empty(capture.Warnings);

        var estimated = capture.Views.Select(v => v.Camera.Position).ToList();
        var expected = capture.Views.Select(v => truth[v.Name].Position).ToList();
        var fit = SimilarityAlignment.Fit(estimated, expected);
        var worst = 0f;
        for (var i = 0; i < estimated.Count; i++)
        {
            var error = Vector3.Distance(expected[i], SimilarityAlignment.Apply(fit, estimated[i]));
            worst = MathF.Max(worst, error);
            output?.WriteLine($"{capture.Views[i].Name}: centre error {error:F4}");
        }
        var relative = worst / SyntheticScene.RingRadius;
        output?.WriteLine($"largest camera-centre error after similarity alignment: {worst:F4} ({relative:P2} of the radius {SyntheticScene.RingRadius})");
        Assert.True(capture.Views.Count >= Count - 2, $"only {capture.Views.Count} of {Count} views registered");
        Assert.True(capture.Points.Count > 100, $"only {capture.Points.Count} points");
        Assert.True(relative < 0.05f, $"camera centres are off by up to {relative:P1} of the radius");
        output?.WriteLine($"focal length: COLMAP {capture.Views[0].Camera.FocalX:F2} px, renderer {truth["frame_000.png"].FocalX:F2} px");
        // The focal length COLMAP fits (SIMPLE_PINHOLE: one focal, principal point at the centre) should match the renderer's.
        Assert.Equal(truth["frame_000.png"].FocalX, capture.Views[0].Camera.FocalX, truth["frame_000.png"].FocalX * 0.05f);
    }
}
