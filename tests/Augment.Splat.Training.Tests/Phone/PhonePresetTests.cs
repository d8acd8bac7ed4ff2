using System.Numerics;
using Augment.Splat;
using Augment.Splat.Training;

namespace Augment.SplatTraining.Tests;

/// <summary>The phone-capture preset and image downsizing with camera intrinsics scaled to match.</summary>
public class PhonePresetTests
{
    [Fact]
    public void Phone_preset_for_150_frames_is_7000_iterations_SH_degree_2_capped_at_400k_on_the_scaled_schedule()
    {
        var options = SplatTrainerOptions.PhoneCapture(150);

        Assert.Equal(7000, options.Iterations);
        Assert.Equal(2, options.ShDegree);
        Assert.Equal(DensityControlOptions.ForIterations(7000) with { MaxGaussians = 400_000 }, options.Density);
        Assert.NotNull(options.Cleansing);
        _ = new SplatTrainer(options); // validates
    }

    [Fact]
    public void Phone_preset_visits_each_frame_40_times_for_long_captures_up_to_30000_iterations()
    {
        Assert.Equal(12_000, SplatTrainerOptions.PhoneCapture(300).Iterations);
        Assert.Equal(30_000, SplatTrainerOptions.PhoneCapture(5000).Iterations);
        Assert.Throws<ArgumentOutOfRangeException>(() => SplatTrainerOptions.PhoneCapture(0));
    }

    [Theory]
    [InlineData(1920, 1080, 960, 960, 540)]
    [InlineData(1080, 1920, 960, 540, 960)]
    [InlineData(800, 600, 960, 800, 600)]
    [InlineData(1920, 1080, 0, 1920, 1080)]
    [InlineData(3000, 1, 100, 100, 1)]
    public void Limit_size_keeps_the_aspect_and_caps_the_longest_side(int width, int height, int max, int expectedWidth, int expectedHeight) =>
        Assert.Equal((expectedWidth, expectedHeight), TrainingCapture.LimitSize(width, height, max));

    [Fact]
    public void A_camera_scaled_by_one_half_projects_a_point_to_half_the_pixel_coordinates_and_the_image_matches()
    {
        var camera = new PinholeCamera(new Vector3(0.3f, -0.2f, -5), Vector3.UnitX, Vector3.UnitY, Vector3.UnitZ, 200, 100, 180, 175, 97.5f, 52.25f);
        using var image = ImageFrame.Create(200, 100, 3);

        var (scaled, small) = TrainingCapture.Downsize(camera, image, 100);
        using var owned = small;

        Assert.Equal((100, 50), (small.Width, small.Height));
        Assert.Equal((100, 50), (scaled.Width, scaled.Height));
        foreach (var point in new[] { new Vector3(0.4f, 0.1f, 1), new Vector3(-1.2f, 0.7f, 2.5f), Vector3.Zero })
        {
            var (u, v, depth) = camera.Project(point);
            var (u2, v2, depth2) = scaled.Project(point);
            Assert.Equal(u / 2, u2, 1e-3f);
            Assert.Equal(v / 2, v2, 1e-3f);
            Assert.Equal(depth, depth2, 1e-5f);
        }
    }

    [Fact]
    public void Downsizing_by_two_averages_each_2x2_block()
    {
        var camera = PinholeCamera.LookAt(new Vector3(0, 0, -3), Vector3.Zero, 4, 2);
        using var image = ImageFrame.Create(4, 2, 3);
        float[] values = [0.1f, 0.3f, 0.5f, 0.9f, 0.2f, 0.6f, 0.0f, 1.0f];
        for (var c = 0; c < 3; c++)
            values.CopyTo(image.Plane(c));

        var (_, small) = TrainingCapture.Downsize(camera, image, 2);
        using var owned = small;

        Assert.Equal((2, 1), (small.Width, small.Height));
        // Hand-computed: left block (0.1 + 0.3 + 0.2 + 0.6) / 4 = 0.3, right block (0.5 + 0.9 + 0.0 + 1.0) / 4 = 0.6.
        Assert.Equal(0.3f, small.Plane(1)[0], 1e-4f);
        Assert.Equal(0.6f, small.Plane(1)[1], 1e-4f);
    }

    [Fact]
    public void A_downsized_render_matches_the_render_at_the_scaled_camera()
    {
        // The renderer is the independent reference: if the intrinsics were scaled wrongly (e.g. the principal point
        // left alone), the half-size render of the scaled camera would be shifted against the area-averaged full render.
        var cloud = GaussianCloud.Create(60, 0);
        var random = new Random(5);
        for (var i = 0; i < cloud.Count; i++)
        {
            cloud.X[i] = (float)(random.NextDouble() - 0.5) * 2;
            cloud.Y[i] = (float)(random.NextDouble() - 0.5) * 2;
            cloud.Z[i] = (float)(random.NextDouble() - 0.5);
            cloud.ScaleX[i] = cloud.ScaleY[i] = cloud.ScaleZ[i] = MathF.Log(0.25f);
            cloud.Opacity[i] = 2;
            cloud.ShDc(0)[i] = (float)(random.NextDouble() - 0.5) * 3;
            cloud.ShDc(1)[i] = (float)(random.NextDouble() - 0.5) * 3;
            cloud.ShDc(2)[i] = (float)(random.NextDouble() - 0.5) * 3;
        }
        var camera = new PinholeCamera(new Vector3(0, 0, -4), Vector3.UnitX, Vector3.UnitY, Vector3.UnitZ, 128, 96, 120, 120, 70, 40);
        using var full = SplatRenderer.Render(cloud, camera, cancellationToken: TestContext.Current.CancellationToken);

        var (scaled, small) = TrainingCapture.Downsize(camera, full, 64);
        using var owned = small;
        using var direct = SplatRenderer.Render(cloud, scaled, cancellationToken: TestContext.Current.CancellationToken);
        var unscaledCentre = new PinholeCamera(camera.Position, camera.Right, camera.Down, camera.Forward, 64, 48, 60, 60, 70, 40);
        using var wrong = SplatRenderer.Render(cloud, unscaledCentre, cancellationToken: TestContext.Current.CancellationToken);

        var psnr = ImageQuality.Psnr(small, direct);
        var wrongPsnr = ImageQuality.Psnr(small, wrong);
        Assert.True(psnr > 28, $"PSNR {psnr:F2} dB between the area-averaged and the scaled-camera render");
        Assert.True(psnr > wrongPsnr + 6, $"{psnr:F2} dB vs {wrongPsnr:F2} dB with the principal point not scaled");
    }
}
