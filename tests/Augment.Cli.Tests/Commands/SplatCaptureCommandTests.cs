using System.Numerics;
using System.Text.Json;
using Augment.Splat;
using Augment.Splat.Training;
using Augment.Vision;

namespace Augment.Cli.Tests.Commands;

public class SplatCaptureCommandTests
{
    /// <summary>Two frames of flat grey, enough for the argument checks (which run before any decoding).</summary>
    private static string WriteTinyVideo(string path)
    {
        using var writer = VideoFile.Create(path, new VideoInfo { Width = 32, Height = 24, FrameRateNumerator = 10 });
        for (var t = 0; t < 2; t++)
        {
            using var frame = ImageFrame.Create(32, 24, 3);
            for (var c = 0; c < 3; c++)
                frame.Plane(c).Fill(0.5f);
            writer.WriteFrame(frame);
        }
        writer.Complete();
        return path;
    }

    [Fact]
    public async Task A_missing_video_fails_with_its_name()
    {
        using var folder = new TempFolder();

        var result = await CliRunner.RunAsync("splat", "capture", folder.File("none.mp4"), "--out", folder.File("capture"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("none.mp4", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.File("capture")), "the capture folder was created for a missing video");
    }

    [Fact]
    public async Task A_count_below_two_fails_naming_the_option()
    {
        using var folder = new TempFolder();
        var video = WriteTinyVideo(folder.File("walk.y4m"));

        var result = await CliRunner.RunAsync("splat", "capture", video, "--out", folder.File("capture"), "--count", "1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--count", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.File("capture")), "the capture folder was created for a bad --count");
    }

    [Fact]
    public async Task An_output_that_is_a_file_fails_naming_the_option()
    {
        using var folder = new TempFolder();
        var video = WriteTinyVideo(folder.File("walk.y4m"));
        var file = folder.File("capture.txt");
        File.WriteAllText(file, "not a folder");

        var result = await CliRunner.RunAsync("splat", "capture", video, "--out", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--out", result.Error, StringComparison.Ordinal);
        Assert.Equal("not a folder", File.ReadAllText(file));
    }

    [Fact]
    public async Task A_missing_out_option_is_a_usage_error()
    {
        using var folder = new TempFolder();
        var video = WriteTinyVideo(folder.File("walk.y4m"));

        var result = await CliRunner.RunAsync("splat", "capture", video);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--out", result.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// End to end with the real COLMAP: 20 frames at 320x240 rendered on an 80-degree arc (4 degrees apart, 30 degrees up,
    /// radius <see cref="SyntheticScene.RingRadius"/>) around the synthetic plaza, written as Y4M, go through
    /// `splat capture` (frames, COLMAP, transforms.json) and then `splat train` for a few iterations. The reference is
    /// the rendering itself: every frame comes from a known camera on a smooth arc, which COLMAP registers (see
    /// ColmapIntegrationTests in the training tests for the pose accuracy). Y4M is decoded without ffmpeg, so only colmap
    /// is needed; skips with the reason when it is absent. About 45 s on 2 shared cores (COLMAP's SIFT and mapping).
    /// </summary>
    [Fact]
    [Trait("Duration", "Slow")]
    public async Task Capture_registers_a_rendered_arc_and_train_reads_the_folder_slow()
    {
        Assert.SkipWhen(ColmapRunner.Find() is null, "colmap is not installed (apt-get install colmap); the end-to-end capture test is skipped.");
        var ct = TestContext.Current.CancellationToken;
        var output = TestContext.Current.TestOutputHelper;
        using var folder = new TempFolder();
        const int count = 20;
        var scene = SyntheticScene.Create(new SyntheticSceneOptions { SplatCount = 120_000, Floaters = 0, FaintFraction = 0, ShDegree = 0 }, ct);
        var video = folder.File("arc.y4m");
        using (var writer = VideoFile.Create(video, new VideoInfo { Width = 320, Height = 240, FrameRateNumerator = 10 }))
        {
            var elevation = 30 * MathF.PI / 180;
            for (var i = 0; i < count; i++)
            {
                var angle = (-40 + (80f * i / (count - 1))) * MathF.PI / 180;
                var eye = SyntheticScene.Center + (SyntheticScene.RingRadius * new Vector3(MathF.Cos(elevation) * MathF.Sin(angle), -MathF.Sin(elevation), -MathF.Cos(elevation) * MathF.Cos(angle)));
                var camera = PinholeCamera.LookAt(eye, SyntheticScene.Center, 320, 240, 50);
                using var frame = SplatRenderer.Render(scene.Cloud, camera, new SplatRenderOptions { Background = new Vector3(0.5f) }, ct);
                writer.WriteFrame(frame, ct);
            }
            writer.Complete();
        }
        var capture = folder.File("capture");

        var captured = await CliRunner.RunAsync(["splat", "capture", video, "--out", capture, "--count", "20", "--matcher", "sequential", "--json"], null, ct);

        output?.WriteLine(captured.Output);
        output?.WriteLine(captured.Error);
        Assert.True(captured.ExitCode == 0, captured.Error);
        // The default camera model has no distortion terms, so the capture is one training can use as it is.
        Assert.DoesNotContain("distortion", captured.Error, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(captured.Output))
        {
            var root = json.RootElement;
            Assert.Equal(count, root.GetProperty("frames").GetInt32());
            Assert.Equal(count, root.GetProperty("selected").GetInt32());
            var registered = root.GetProperty("registeredImages").GetInt32();
            Assert.True(registered >= count * 3 / 4, $"COLMAP registered only {registered} of {count} frames");
            Assert.True(root.GetProperty("points").GetInt32() > 100, "COLMAP triangulated 100 points or fewer");
        }
        Assert.True(File.Exists(Path.Combine(capture, SceneCapture.TransformsFileName)), "transforms.json was not written");
        Assert.True(Directory.Exists(Path.Combine(capture, "sparse")), "COLMAP's sparse/ folder was not written");
        var poses = SceneCapture.Load(Path.Combine(capture, SceneCapture.TransformsFileName));
        Assert.True(poses.Views.Count >= count * 3 / 4, $"transforms.json holds only {poses.Views.Count} views");

        var scenePath = folder.File("scene.ply");
        var trained = await CliRunner.RunAsync(["splat", "train", capture, "--out", scenePath, "--iterations", "20", "--hold-out", "0"], null, ct);

        output?.WriteLine(trained.Output);
        Assert.True(trained.ExitCode == 0, trained.Error);
        var cloud = GaussianCloud.Load(scenePath, cancellationToken: ct);
        Assert.True(cloud.Count > 100, $"the trained scene has only {cloud.Count} Gaussians");
        var (min, max) = cloud.Bounds();
        Assert.True(float.IsFinite(min.X) && float.IsFinite(max.X), "the trained scene has non-finite positions");
    }
}
