using System.Numerics;

namespace Augment.Splat.Tests.Rendering;

/// <summary>Single splats against closed forms: the projected Gaussian's size and peak, an anisotropic footprint, SH colour, culling.</summary>
public class SplatRendererTests
{
    private static readonly SplatRenderOptions Exact = new() { LowPassVariance = 0 };

    [Theory]
    [InlineData(0f, 0f)]
    [InlineData(10f, 0f)]
    [InlineData(0f, 0.3f)]
    [InlineData(-1f, 0.3f)]
    public void An_isotropic_splat_seen_head_on_is_the_2D_Gaussian_of_sigma_f_s_over_z(float opacityLogit, float lowPass)
    {
        // f = 200, s = 0.1, z = 5: sigma = 4 px, plus the low-pass variance. Centre on the centre of pixel (64, 64).
        const float focal = 200, z = 5, scale = 0.1f;
        var camera = RenderScenes.HeadOn(128, 128, focal);
        var offset = 0.5f * z / focal;
        var colour = new Vector3(1f, 0.5f, 0.25f);
        var rotation = Quaternion.Normalize(new Quaternion(0.3f, -0.2f, 0.5f, 0.8f)); // any rotation: the splat is a ball
        var cloud = RenderScenes.Single(new Vector3(offset, offset, z), new Vector3(MathF.Log(scale)), rotation, opacityLogit, colour);

        using var frame = SplatRenderer.Render(cloud, camera, Exact with { LowPassVariance = lowPass }, cancellationToken: TestContext.Current.CancellationToken);

        var alpha = 1 / (1 + Math.Exp(-opacityLogit));
        var sigma = Math.Sqrt(Math.Pow(focal * scale / z, 2) + lowPass);
        var red = frame.Plane(0);
        Assert.Equal(Math.Min(0.99, alpha) * colour.X, red[(64 * 128) + 64], 1e-4);
        Assert.Equal(Math.Min(0.99, alpha) * colour.Z, frame.Plane(2)[(64 * 128) + 64], 1e-4);
        foreach (var d in new[] { 2, 4, 6, 8 })
        {
            // Fit sigma from the fall-off at d pixels right and d pixels down: I = alpha e^(-d²/2s²) colour.
            foreach (var value in new[] { red[(64 * 128) + 64 + d], red[((64 + d) * 128) + 64] })
            {
                var fitted = d / Math.Sqrt(2 * Math.Log(alpha * colour.X / value));
                Assert.InRange(fitted / sigma, 0.99, 1.01);
            }
        }
        // The footprint is symmetric and ends at the reference's radius, ceil(3 sqrt(lambda_max)) with lambda_max = sigma² + sqrt(0.1).
        Assert.Equal(red[(64 * 128) + 60], red[(64 * 128) + 68], 1e-6);
        var radius = (int)Math.Ceiling(3 * Math.Sqrt((sigma * sigma) + Math.Sqrt(0.1)));
        Assert.Equal(0, red[(64 * 128) + 64 + radius + 1]);
        Assert.Equal(0, red[((64 - radius - 1) * 128) + 64]);
    }

    [Fact]
    public void An_anisotropic_rotated_splat_matches_the_closed_form_projected_covariance()
    {
        var rotation = Quaternion.Normalize(new Quaternion(0.4f, -0.7f, 0.2f, 0.55f));
        var cloud = RenderScenes.Single(new Vector3(0.3f, -0.2f, 4f), new Vector3(MathF.Log(0.25f), MathF.Log(0.06f), MathF.Log(0.12f)),
            rotation, 0.5f, new Vector3(0.9f, 0.6f, 0.3f));
        var camera = PinholeCamera.LookAt(new Vector3(0.8f, -1.2f, -0.6f), new Vector3(0.25f, -0.1f, 4.1f), 96, 80, 40);
        var expected = BruteForceRenderer.Project(cloud, 0, camera, lowPass: 0);
        Assert.True(expected.Visible);

        using var frame = SplatRenderer.Render(cloud, camera, Exact, cancellationToken: TestContext.Current.CancellationToken);

        var lit = 0;
        for (var y = 0; y < camera.Height; y++)
        {
            for (var x = 0; x < camera.Width; x++)
            {
                double dx = x + 0.5 - expected.U, dy = y + 0.5 - expected.V;
                var inBox = x >= expected.X0 && x <= expected.X1 && y >= expected.Y0 && y <= expected.Y1;
                var alpha = Math.Min(0.99, expected.Alpha * Math.Exp((-0.5 * ((expected.A * dx * dx) + (expected.C * dy * dy))) - (expected.B * dx * dy)));
                var want = inBox && alpha >= 1 / 255.0 ? alpha * expected.Red : 0;
                Assert.Equal(want, frame.Plane(0)[(y * camera.Width) + x], 1e-4);
                if (want > 0.05)
                    lit++;
            }
        }
        Assert.True(lit > 50, $"only {lit} pixels lit");
        // Anisotropic for real: the projected covariance is far from a circle.
        Assert.True(Math.Abs(expected.CovXX - expected.CovYY) + Math.Abs(expected.CovXY) > 0.3 * (expected.CovXX + expected.CovYY));
    }

    [Fact]
    public void Degree_1_SH_colour_turns_with_the_view_direction_as_the_3DGS_basis_says()
    {
        const double c1 = 0.4886025119029199;
        var cloud = RenderScenes.Single(Vector3.Zero, new Vector3(MathF.Log(0.05f)), Quaternion.Identity, 0, new Vector3(0.5f), shDegree: 1);
        float[,] rest = { { 0.6f, -0.3f, 0.2f }, { -0.4f, 0.5f, 0.7f }, { 0.1f, 0.9f, -0.8f } }; // [channel, coefficient]
        for (var c = 0; c < 3; c++)
        {
            for (var k = 0; k < 3; k++)
                cloud.ShRest(c, k)[0] = rest[c, k];
        }
        Vector3[] eyes = [new(0, 0, -3), new(0, 0, 3), new(3, 0, 0), new(-3, 0, 0), new(0, 3, 0.01f), new(0, -3, 0.01f), new(1.5f, -2, -1.8f)];
        var seen = new HashSet<(int, int, int)>();
        foreach (var eye in eyes)
        {
            var up = MathF.Abs(eye.Y) > 1 ? Vector3.UnitZ : -Vector3.UnitY;
            var camera = PinholeCamera.LookAt(eye, Vector3.Zero, 33, 33, 30, up); // centre pixel (16, 16) has its centre on the splat
            using var frame = SplatRenderer.Render(cloud, camera, cancellationToken: TestContext.Current.CancellationToken);
            using var flat = SplatRenderer.Render(cloud, camera, new SplatRenderOptions { MaxShDegree = 0 }, cancellationToken: TestContext.Current.CancellationToken);
            var d = Vector3.Normalize(-eye);
            var rgb = new double[3];
            for (var c = 0; c < 3; c++)
            {
                var colour = Math.Max(0, 0.5 + (c1 * ((-d.Y * rest[c, 0]) + (d.Z * rest[c, 1]) - (d.X * rest[c, 2]))));
                rgb[c] = frame.Plane(c)[(16 * 33) + 16];
                Assert.Equal(0.5 * colour, rgb[c], 1e-4);
                Assert.Equal(0.25, flat.Plane(c)[(16 * 33) + 16], 1e-4);
            }
            seen.Add(((int)(rgb[0] * 1000), (int)(rgb[1] * 1000), (int)(rgb[2] * 1000)));
        }
        Assert.Equal(eyes.Length, seen.Count);
    }

    [Fact]
    public void Splats_behind_the_near_plane_outside_the_guard_band_or_not_finite_are_culled()
    {
        var camera = RenderScenes.HeadOn(32, 32, 30);
        var cloud = GaussianCloud.Create(5);
        float[] z = [-2, 0.19f, 3, 3, 3];
        float[] x = [0, 0, 100, float.NaN, 0];
        for (var i = 0; i < 5; i++)
        {
            cloud.X[i] = x[i];
            cloud.Z[i] = z[i];
            cloud.ScaleX[i] = cloud.ScaleY[i] = cloud.ScaleZ[i] = MathF.Log(50);
            cloud.Opacity[i] = 5;
            cloud.ShDc(0)[i] = 1;
        }
        cloud.ScaleX[4] = float.PositiveInfinity; // infinite size: culled, not a NaN image
        var background = new Vector3(0.1f, 0.2f, 0.3f);

        using var frame = SplatRenderer.Render(cloud, camera, new SplatRenderOptions { Background = background }, cancellationToken: TestContext.Current.CancellationToken);

        for (var c = 0; c < 3; c++)
        {
            foreach (var v in frame.Plane(c))
                Assert.Equal(c == 0 ? 0.1f : c == 1 ? 0.2f : 0.3f, v);
        }
        // Just inside the near plane the same splat is drawn.
        cloud.Z[1] = 0.25f;
        using var near = SplatRenderer.Render(cloud, camera, new SplatRenderOptions { Background = background }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(near.Plane(0)[(16 * 32) + 16] > 0.5f);
    }

    [Fact]
    public void An_empty_cloud_renders_the_background()
    {
        using var frame = SplatRenderer.Render(GaussianCloud.Create(0), RenderScenes.HeadOn(20, 10, 20), new SplatRenderOptions { Background = new Vector3(1, 0.5f, 0) }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(ColorSpace.Srgb, frame.ColorSpace);
        Assert.Equal(3, frame.Channels);
        Assert.All(frame.Plane(1).ToArray(), v => Assert.Equal(0.5f, v));
    }

    [Fact]
    public void Bad_options_are_rejected()
    {
        var cloud = GaussianCloud.Create(1);
        var camera = RenderScenes.HeadOn(8, 8, 8);
        Assert.Throws<ArgumentOutOfRangeException>(() => SplatRenderer.Render(cloud, camera, new SplatRenderOptions { MaxShDegree = -1 }, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentOutOfRangeException>(() => SplatRenderer.Render(cloud, camera, new SplatRenderOptions { LowPassVariance = float.NaN }, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentNullException>(() => SplatRenderer.Render(cloud, null!, cancellationToken: TestContext.Current.CancellationToken));
    }
}
