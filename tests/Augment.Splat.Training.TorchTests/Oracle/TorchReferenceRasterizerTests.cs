using System.Numerics;
using Augment.Splat;
using Augment.Splat.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Augment.Splat.Training.TorchTests.Oracle;

[Collection(TorchTestGroup.Name)]
public sealed class TorchReferenceRasterizerTests
{
    public TorchReferenceRasterizerTests()
    {
        TorchSharpRuntime.EnsureLoaded();
        // Many tiny tensor operations: one thread avoids oversubscribing the shared cores.
        torch.set_num_threads(1);
    }

    [Theory]
    [InlineData(1, 0, 16)]
    [InlineData(2, 1, 16)]
    [InlineData(3, 2, 0)]
    [InlineData(4, 3, 16)]
    [InlineData(5, 3, 8)]
    public void Forward_equals_SplatRenderer_within_1e_5(int seed, int degree, int tileSize)
    {
        var scene = TinyScenes.Random(seed, 40, degree);
        var camera = TinyScenes.Camera(37, 29);
        var background = new Vector3(0.1f, 0.4f, 0.7f);
        var torchImage = new TorchReferenceRasterizer(background, tileSize: tileSize).Render(scene, camera, degree);
        using var frame = SplatRenderer.Render(scene.ToCloud(), camera, new SplatRenderOptions { Background = background }, TestContext.Current.CancellationToken);
        var expected = TinyScenes.Planar(frame);
        var worst = 0f;
        for (var i = 0; i < expected.Length; i++)
            worst = MathF.Max(worst, MathF.Abs(expected[i] - torchImage[i]));
        Assert.True(worst <= 1e-5f, $"largest difference {worst}");
        Assert.True(expected.Max() > 0.3f, "the scene should be visible");
    }

    [Fact]
    public void A_Gaussian_behind_the_camera_or_fully_transparent_leaves_the_background()
    {
        var scene = TinyScenes.Random(7, 2, 0);
        scene.Plane(2)[0] = -10; // behind the camera at z = -3
        scene.Plane(SplatParameters.Opacity)[1] = -10; // sigmoid < 1/255
        var background = new Vector3(0.2f, 0.3f, 0.4f);
        var image = new TorchReferenceRasterizer(background).Render(scene, TinyScenes.Camera(), 0);
        var pixels = image.Length / 3;
        for (var i = 0; i < image.Length; i++)
            Assert.Equal(i < pixels ? 0.2f : i < 2 * pixels ? 0.3f : 0.4f, image[i]);
    }

    [Theory]
    [InlineData(11, 0)]
    [InlineData(12, 1)]
    [InlineData(13, 3)]
    public void Autograd_gradients_agree_with_central_differences_for_every_parameter_kind(int seed, int degree)
    {
        var scene = TinyScenes.Random(seed, 6, degree, spread: 0.5f, logScaleMin: -2.0f, logScaleMax: -1.3f);
        var camera = TinyScenes.Camera(24, 20);
        var rasterizer = new TorchReferenceRasterizer(new Vector3(0.05f, 0.1f, 0.15f), doublePrecision: true, tileSize: 0);
        var planes = scene.PlaneCount;
        var count = scene.Count;
        var flat = new double[planes * count];
        for (var p = 0; p < planes; p++)
        {
            for (var i = 0; i < count; i++)
                flat[(p * count) + i] = scene.Plane(p)[i];
        }
        var random = new Random(seed);
        var weights = new double[3 * camera.Width * camera.Height];
        for (var i = 0; i < weights.Length; i++)
            weights[i] = random.NextDouble() - 0.3;

        double Loss(double[] values)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var image = rasterizer.Forward(tensor(values, [planes, count]), scene, camera, degree);
            return (image * tensor(weights, [3, camera.Height, camera.Width])).sum().item<double>();
        }

        double[] analytic;
        using (var scope = NewDisposeScope())
        {
            var leaf = tensor(flat, [planes, count]).requires_grad_();
            var image = rasterizer.Forward(leaf, scene, camera, degree);
            (image * tensor(weights, [3, camera.Height, camera.Width])).sum().backward();
            analytic = leaf.grad!.data<double>().ToArray();
        }

        var checkedPlanes = 0;
        for (var p = 0; p < planes; p++)
        {
            // Two Gaussians per plane keep the test fast; which two rotates with the plane, so all are covered.
            foreach (var i in (ReadOnlySpan<int>)[p % count, (p + 3) % count])
            {
                const double step = 1e-6;
                var plus = (double[])flat.Clone();
                var minus = (double[])flat.Clone();
                plus[(p * count) + i] += step;
                minus[(p * count) + i] -= step;
                var numeric = (Loss(plus) - Loss(minus)) / (2 * step);
                var ad = analytic[(p * count) + i];
                Assert.True(Math.Abs(numeric - ad) <= (1e-4 * Math.Max(Math.Abs(numeric), Math.Abs(ad))) + 1e-6,
                    $"plane {p}, Gaussian {i}: autograd {ad}, central difference {numeric}");
            }
            checkedPlanes++;
        }
        Assert.Equal(planes, checkedPlanes);
        // The scene is not degenerate: every parameter kind gets a non-zero gradient somewhere.
        foreach (var plane in new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 })
            Assert.Contains(Enumerable.Range(0, count), i => Math.Abs(analytic[(plane * count) + i]) > 1e-6);
    }

    [Fact]
    public void RenderWithGradients_accumulates_the_autograd_gradients_into_the_planes()
    {
        var scene = TinyScenes.Random(21, 8, 1);
        var camera = TinyScenes.Camera(20, 16);
        var rasterizer = new TorchReferenceRasterizer();
        var weights = new float[3 * camera.Width * camera.Height];
        Array.Fill(weights, 1f);
        var gradients = scene.CreateZeroed();
        var image = rasterizer.RenderWithGradients(scene, camera, 1, weights, gradients);
        var once = gradients.Plane(SplatParameters.ShDcRed).ToArray();
        rasterizer.RenderWithGradients(scene, camera, 1, weights, gradients);
        Assert.Equal(rasterizer.Render(scene, camera, 1), image);
        for (var i = 0; i < scene.Count; i++)
            Assert.Equal(2 * once[i], gradients.Plane(SplatParameters.ShDcRed)[i], 1e-5f);
        Assert.Contains(once, g => g > 0);
    }
}
