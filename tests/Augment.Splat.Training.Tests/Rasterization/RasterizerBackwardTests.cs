using System.Numerics;
using Augment.Splat;
using Augment.Splat.Training;

namespace Augment.SplatTraining.Tests.Rasterization;

/// <summary>Closed-form cases, densification statistics and thread independence of the backward pass.</summary>
public class RasterizerBackwardTests
{
    [Fact]
    public void Opacity_gradient_of_one_isotropic_Gaussian_head_on_matches_the_closed_form()
    {
        // One isotropic Gaussian (sigma s) at depth z on the axis, focal f, black background: the image is
        // colour x sigmoid(o) x exp(-r² / (2 var)) with var = (f s / z)² + 0.3, so d image / d o = colour sigmoid(o) (1 - sigmoid(o)) exp(...).
        const float s = 0.12f, z = 3, f = 60, logit = 0.4f;
        const int width = 32, height = 24;
        var scene = new SplatParameters(1, 0);
        scene.Plane(2)[0] = z;
        for (var a = 0; a < 3; a++)
            scene.Plane(SplatParameters.LogScaleX + a)[0] = MathF.Log(s);
        scene.Plane(SplatParameters.RotationW)[0] = 1;
        scene.Plane(SplatParameters.Opacity)[0] = logit;
        float[] colour = [0.9f, 0.5f, 0.2f];
        for (var c = 0; c < 3; c++)
            scene.Plane(SplatParameters.ShDcRed + c)[0] = (colour[c] - 0.5f) / GaussianCloud.ShC0;
        var camera = RasterScenes.HeadOn(width, height, f);
        var rasterizer = new DifferentiableRasterizer();
        using var pass = rasterizer.Forward(scene, camera, 0, TestContext.Current.CancellationToken);

        var variance = Math.Pow(f * s / z, 2) + 0.3;
        var radius = Math.Ceiling(3 * Math.Sqrt(variance));
        var sigmoid = 1 / (1 + Math.Exp(-logit));
        var pixels = width * height;
        var checkedPixels = 0;
        foreach (var (px, py) in new[] { (16, 12), (15, 12), (18, 10), (13, 14), (16, 16), (20, 12) })
        {
            double dx = px + 0.5 - (width / 2.0), dy = py + 0.5 - (height / 2.0);
            var g = Math.Exp(-((dx * dx) + (dy * dy)) / (2 * variance));
            Assert.True(sigmoid * g >= 1.0 / 255 && Math.Abs(dx) <= radius, $"pixel ({px}, {py}) should be inside the splat");
            for (var c = 0; c < 3; c++)
            {
                var p = (c * pixels) + (py * width) + px;
                Assert.Equal(colour[c] * sigmoid * g, pass.Image[p], 1e-5);
                // Loss = this one image value.
                var dImage = new float[3 * pixels];
                dImage[p] = 1;
                var gradients = scene.CreateZeroed();
                rasterizer.Backward(pass, dImage, gradients, new float[1], new int[1]);
                var expected = colour[c] * sigmoid * (1 - sigmoid) * g;
                Assert.Equal(expected, gradients.Plane(SplatParameters.Opacity)[0], 1e-5 * Math.Max(1, Math.Abs(expected)));
                checkedPixels++;
            }
        }
        Assert.Equal(18, checkedPixels);
    }

    [Fact]
    public void Mean_gradient_2D_is_the_norm_of_the_loss_gradient_in_the_screen_centre_and_visible_views_are_counted()
    {
        // Moving the principal point by (du, dv) moves the projected centre by exactly (du, dv) and nothing else (no clamp is
        // active), so for a single Gaussian |dL/d(u, v)| = |dL/d(cx, cy)|, here by finite differences of the double reference.
        var scene = RasterScenes.Random(1, 77, 1, spreadX: 0.1f, spreadY: 0.1f);
        scene.Plane(SplatParameters.Opacity)[0] = 0;
        var camera = RasterScenes.HeadOn(30, 22, 24, 14.2f, 11.6f);
        var random = new Random(3);
        var weights = new float[3 * 30 * 22];
        for (var p = 0; p < weights.Length; p++)
            weights[p] = (float)((random.NextDouble() * 2) - 1);
        var rasterizer = new DifferentiableRasterizer();
        var mean = new float[1];
        var visible = new int[1];
        using (var pass = rasterizer.Forward(scene, camera, 1, TestContext.Current.CancellationToken))
            rasterizer.Backward(pass, weights, scene.CreateZeroed(), mean, visible);

        var planes = ReferenceRasterizer.ToDouble(scene);
        double Loss(double cx, double cy)
        {
            var image = ReferenceRasterizer.Render(planes, scene.RestCount, camera, 1, [0, 0, 0], 0.3, cx, cy);
            double sum = 0;
            for (var p = 0; p < image.Length; p++)
                sum += weights[p] * image[p];
            return sum;
        }
        const double h = 1e-6;
        var du = (Loss(14.2 + h, 11.6) - Loss(14.2 - h, 11.6)) / (2 * h);
        var dv = (Loss(14.2, 11.6 + h) - Loss(14.2, 11.6 - h)) / (2 * h);
        var expected = Math.Sqrt((du * du) + (dv * dv));
        Assert.True(expected > 0.01, "the test scene should have a real screen gradient");
        Assert.Equal(expected, mean[0], 1e-3 * expected);
        Assert.Equal(1, visible[0]);

        // A second view that does not see the Gaussian adds nothing; a third that sees it adds once more.
        var behind = new PinholeCamera(new Vector3(0, 0, 10), Vector3.UnitX, Vector3.UnitY, Vector3.UnitZ, 30, 22, 24, 24, 15, 11);
        using (var pass = rasterizer.Forward(scene, behind, 1, TestContext.Current.CancellationToken))
        {
            Assert.Equal(0, pass.Radii[0]);
            rasterizer.Backward(pass, weights, scene.CreateZeroed(), mean, visible);
        }
        Assert.Equal(1, visible[0]);
        Assert.Equal(expected, mean[0], 1e-3 * expected);
        using (var pass = rasterizer.Forward(scene, camera, 1, TestContext.Current.CancellationToken))
            rasterizer.Backward(pass, weights, scene.CreateZeroed(), mean, visible);
        Assert.Equal(2, visible[0]);
        Assert.Equal(2 * expected, mean[0], 2e-3 * expected);
    }

    [Fact]
    public void Gradients_accumulate_and_do_not_depend_on_the_thread_count()
    {
        var scene = RasterScenes.Random(3000, 9, 3, spreadX: 1.5f, spreadY: 1.2f);
        var camera = RasterScenes.HeadOn(128, 96, 110, 61.5f, 50.25f);
        var random = new Random(4);
        var weights = new float[3 * 128 * 96];
        for (var p = 0; p < weights.Length; p++)
            weights[p] = (float)((random.NextDouble() * 2) - 1);
        (SplatParameters Gradients, float[] Mean, int[] Visible, float[] Image) Run(int threads, int repeats)
        {
            var rasterizer = new DifferentiableRasterizer(new RasterizerOptions { Budget = ComputeBudget.Default with { MaxThreads = threads } });
            var gradients = scene.CreateZeroed();
            var mean = new float[scene.Count];
            var visible = new int[scene.Count];
            float[] image = [];
            for (var r = 0; r < repeats; r++)
            {
                using var pass = rasterizer.Forward(scene, camera, 3, TestContext.Current.CancellationToken);
                rasterizer.Backward(pass, weights, gradients, mean, visible);
                image = pass.Image.ToArray();
            }
            return (gradients, mean, visible, image);
        }
        var single = Run(1, 1);
        var many = Run(4, 1);
        var twice = Run(3, 2);
        var worst = 0f;
        for (var i = 0; i < single.Image.Length; i++)
            worst = MathF.Max(worst, MathF.Abs(single.Image[i] - many.Image[i]));
        for (var p = 0; p < single.Gradients.PlaneCount; p++)
        {
            var a = single.Gradients.Plane(p);
            var b = many.Gradients.Plane(p);
            var c = twice.Gradients.Plane(p);
            for (var i = 0; i < scene.Count; i++)
            {
                worst = MathF.Max(worst, MathF.Abs(a[i] - b[i]) / MathF.Max(1, MathF.Abs(a[i])));
                Assert.Equal(2 * a[i], c[i], 1e-5f * MathF.Max(1, MathF.Abs(c[i])));
            }
        }
        for (var i = 0; i < scene.Count; i++)
        {
            worst = MathF.Max(worst, MathF.Abs(single.Mean[i] - many.Mean[i]) / MathF.Max(1, single.Mean[i]));
            Assert.Equal(single.Visible[i], many.Visible[i]);
            Assert.Equal(2 * single.Visible[i], twice.Visible[i]);
        }
        Assert.InRange(worst, 0, 1e-5f);
        Assert.Contains(single.Visible, v => v == 1);
        Assert.Contains(single.Visible, v => v == 0);
    }

    [Fact]
    public void Scalar_and_SIMD_backward_kernels_give_the_same_gradients()
    {
        var scene = RasterScenes.Random(500, 17, 2);
        var camera = RasterScenes.Oblique(77, 53, 60, 40.5f, 24.25f);
        var random = new Random(8);
        var weights = new float[3 * 77 * 53];
        for (var p = 0; p < weights.Length; p++)
            weights[p] = (float)((random.NextDouble() * 2) - 1);
        var rasterizer = new DifferentiableRasterizer(new RasterizerOptions { Background = new Vector3(0.1f, 0.9f, 0.4f) });
        using var pass = rasterizer.Forward(scene, camera, 2, TestContext.Current.CancellationToken);
        var scalar = scene.CreateZeroed();
        var simd = scene.CreateZeroed();
        float[] scalarMean = new float[500], simdMean = new float[500];
        rasterizer.BackwardWith(pass, weights, scalar, scalarMean, new int[500], vector: false);
        rasterizer.BackwardWith(pass, weights, simd, simdMean, new int[500], vector: true);
        var nonZero = 0;
        for (var p = 0; p < scalar.PlaneCount; p++)
        {
            var scale = 0f;
            foreach (var g in scalar.Plane(p))
                scale = MathF.Max(scale, MathF.Abs(g));
            for (var i = 0; i < 500; i++)
            {
                Assert.Equal(scalar.Plane(p)[i], simd.Plane(p)[i], 1e-5f * MathF.Max(1e-3f, scale));
                nonZero += scalar.Plane(p)[i] != 0 ? 1 : 0;
            }
        }
        for (var i = 0; i < 500; i++)
            Assert.Equal(scalarMean[i], simdMean[i], 1e-5f * MathF.Max(1, scalarMean[i]));
        Assert.True(nonZero > 1000);
    }

    [Fact]
    public void Forward_agrees_with_the_double_precision_reference()
    {
        var scene = RasterScenes.Random(60, 31, 3);
        var camera = RasterScenes.Oblique(40, 30, 34, 18.6f, 16.1f);
        using var pass = new DifferentiableRasterizer(new RasterizerOptions { Background = new Vector3(0.5f, 0.25f, 1) })
            .Forward(scene, camera, 3, TestContext.Current.CancellationToken);
        var expected = ReferenceRasterizer.Render(ReferenceRasterizer.ToDouble(scene), scene.RestCount, camera, 3, [0.5, 0.25, 1], 0.3);
        var worst = 0.0;
        for (var p = 0; p < expected.Length; p++)
            worst = Math.Max(worst, Math.Abs(expected[p] - pass.Image[p]));
        Assert.InRange(worst, 0, 1e-4);
    }

    [Fact]
    public void An_empty_scene_renders_the_background_and_has_no_gradients()
    {
        var scene = new SplatParameters(0, 1);
        var rasterizer = new DifferentiableRasterizer(new RasterizerOptions { Background = new Vector3(0.25f, 0.5f, 0.75f) });
        using var pass = rasterizer.Forward(scene, RasterScenes.HeadOn(20, 17, 20), 1, TestContext.Current.CancellationToken);
        Assert.Equal(0.25f, pass.Image[0]);
        Assert.Equal(0.5f, pass.Image[(20 * 17) + 5]);
        Assert.Equal(0.75f, pass.Image[(3 * 20 * 17) - 1]);
        rasterizer.Backward(pass, new float[3 * 20 * 17], scene.CreateZeroed(), [], []);
        Assert.Throws<ArgumentOutOfRangeException>(() => rasterizer.Forward(scene, RasterScenes.HeadOn(20, 17, 20), 4, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Backward_rejects_mismatched_buffers_with_messages_naming_the_sizes()
    {
        var scene = RasterScenes.Random(10, 1, 1);
        var rasterizer = new DifferentiableRasterizer();
        using var pass = rasterizer.Forward(scene, RasterScenes.HeadOn(20, 10, 20), 1, TestContext.Current.CancellationToken);
        var error = Assert.Throws<ArgumentException>(() => rasterizer.Backward(pass, new float[599], scene.CreateZeroed(), new float[10], new int[10]));
        Assert.Contains("600", error.Message);
        Assert.Throws<ArgumentException>(() => rasterizer.Backward(pass, new float[600], new SplatParameters(10, 0), new float[10], new int[10]));
        Assert.Throws<ArgumentException>(() => rasterizer.Backward(pass, new float[600], scene.CreateZeroed(), new float[9], new int[10]));
        pass.Dispose();
        Assert.Throws<ObjectDisposedException>(() => rasterizer.Backward(pass, new float[600], scene.CreateZeroed(), new float[10], new int[10]));
    }
}
