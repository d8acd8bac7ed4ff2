using System.Numerics;
using Augment.Splat.Training;

namespace Augment.SplatTraining.Tests;

public class DensityControlTests
{
    private const float Extent = 10; // percent dense 0.01 → clone below scale 0.1, split above

    [Fact]
    public void Small_gaussians_with_large_gradients_are_cloned_large_ones_split_and_faint_ones_pruned()
    {
        var scene = Scene(4);
        SetScale(scene, 0, 0.05f);  // small, strong gradient → clone
        SetScale(scene, 1, 0.5f);   // large, strong gradient → split
        SetScale(scene, 2, 0.05f);  // weak gradient → stays
        scene.Plane(SplatParameters.Opacity)[3] = DensityController.Logit(0.001f); // faint → pruned
        var options = new DensityControlOptions();
        var controller = new DensityController(options, 4);
        // Gradients in pixels at W = 100: NDC = pixel × 50; 1e-5 px → 5e-4 NDC (above 2e-4), 1e-6 px → 5e-5 (below).
        controller.Accumulate([1e-5f, 1e-5f, 1e-6f, 1e-5f], [1, 1, 1, 1], [3, 3, 3, 3], 100);
        var optimizer = new AdamOptimizer(scene);
        var step = controller.Densify(scene, optimizer, Extent, pruneLarge: false, new Random(1));

        Assert.Equal(new DensityStep(Cloned: 1, Split: 1, Pruned: 1, Count: 5), step);
        // Order: kept (0, 2), then appended (clone of 0, two children of 1).
        Assert.Equal(MathF.Log(0.05f), scene.Plane(3)[2], 1e-6f);
        Assert.Equal(scene.Plane(0)[0], scene.Plane(0)[2]);
        for (var child = 3; child < 5; child++)
        {
            for (var axis = 0; axis < 3; axis++)
                Assert.Equal(MathF.Log(0.5f / 1.6f), scene.Plane(3 + axis)[child], 1e-5f);
        }
        Assert.NotEqual(scene.Plane(0)[3], scene.Plane(0)[4]);
        Assert.Equal(5, optimizer.FirstMoment.Count);
    }

    [Fact]
    public void Split_children_are_samples_of_the_parent_gaussian()
    {
        // Many identical rotated anisotropic parents: the children's positions must have covariance R S² Rᵀ.
        const int n = 3000;
        var scene = Scene(n);
        var rotation = Quaternion.Normalize(new Quaternion(0.3f, -0.5f, 0.2f, 0.8f));
        var scale = new Vector3(2f, 0.5f, 1f);
        for (var i = 0; i < n; i++)
        {
            scene.Plane(1)[i] = 0;
            scene.Plane(3)[i] = MathF.Log(scale.X);
            scene.Plane(4)[i] = MathF.Log(scale.Y);
            scene.Plane(5)[i] = MathF.Log(scale.Z);
            scene.Plane(6)[i] = rotation.W;
            scene.Plane(7)[i] = rotation.X;
            scene.Plane(8)[i] = rotation.Y;
            scene.Plane(9)[i] = rotation.Z;
        }
        var controller = new DensityController(new DensityControlOptions(), n);
        var ones = new int[n];
        ones.AsSpan().Fill(1);
        var gradient = new float[n];
        gradient.AsSpan().Fill(1);
        controller.Accumulate(gradient, ones, ones, 100);
        controller.Densify(scene, new AdamOptimizer(scene), Extent, false, new Random(2));
        Assert.Equal(2 * n, scene.Count);

        var r = Matrix4x4.CreateFromQuaternion(rotation);
        var expected = new double[3, 3];
        var axes = new[] { new Vector3(r.M11, r.M12, r.M13), new Vector3(r.M21, r.M22, r.M23), new Vector3(r.M31, r.M32, r.M33) };
        var s = new[] { scale.X, scale.Y, scale.Z };
        for (var a = 0; a < 3; a++)
            for (var b = 0; b < 3; b++)
                for (var k = 0; k < 3; k++)
                    expected[a, b] += Component(axes[k], a) * Component(axes[k], b) * s[k] * s[k];
        var covariance = new double[3, 3];
        for (var i = 0; i < scene.Count; i++)
            for (var a = 0; a < 3; a++)
                for (var b = 0; b < 3; b++)
                    covariance[a, b] += scene.Plane(a)[i] * (double)scene.Plane(b)[i] / scene.Count;
        for (var a = 0; a < 3; a++)
            for (var b = 0; b < 3; b++)
                Assert.True(Math.Abs(covariance[a, b] - expected[a, b]) < 0.12, $"covariance[{a},{b}] = {covariance[a, b]:F3}, expected {expected[a, b]:F3}");
    }

    [Fact]
    public void The_budget_takes_the_strongest_gradients_first()
    {
        var scene = Scene(4);
        for (var i = 0; i < 4; i++)
            SetScale(scene, i, 0.05f);
        var controller = new DensityController(new DensityControlOptions { MaxGaussians = 6 }, 4);
        controller.Accumulate([1e-5f, 4e-5f, 2e-5f, 3e-5f], [1, 1, 1, 1], [1, 1, 1, 1], 100);
        var step = controller.Densify(scene, new AdamOptimizer(scene), Extent, false, new Random(1));
        Assert.Equal(6, step.Count);
        Assert.Equal(2, step.Cloned);
        Assert.Equal([0f, 1, 2, 3, 1, 3], scene.Plane(1).ToArray());
    }

    [Fact]
    public void Large_gaussians_are_pruned_only_after_the_first_reset()
    {
        var scene = Scene(2);
        SetScale(scene, 0, 5f); // above 0.1 × extent
        var controller = new DensityController(new DensityControlOptions(), 2);
        controller.Accumulate([0f, 0], [1, 1], [50, 2], 100);
        Assert.Equal(0, controller.Densify(scene.Clone(), new AdamOptimizer(scene), Extent, false, new Random(1)).Pruned);
        controller.Accumulate([0f, 0], [1, 1], [50, 2], 100);
        Assert.Equal(1, controller.Densify(scene, new AdamOptimizer(scene), Extent, true, new Random(1)).Pruned);
    }

    [Fact]
    public void Opacity_reset_caps_opacities_and_clears_their_moments()
    {
        var scene = Scene(2);
        scene.Plane(SplatParameters.Opacity)[1] = -8;
        var optimizer = new AdamOptimizer(scene);
        optimizer.FirstMoment.Plane(SplatParameters.Opacity).Fill(3);
        new DensityController(new DensityControlOptions(), 2).ResetOpacity(scene, optimizer);
        Assert.Equal(DensityController.Logit(0.01f), scene.Plane(SplatParameters.Opacity)[0], 1e-6f);
        Assert.Equal(-8, scene.Plane(SplatParameters.Opacity)[1]);
        Assert.All(optimizer.FirstMoment.Plane(SplatParameters.Opacity).ToArray(), m => Assert.Equal(0, m));
    }

    [Fact]
    public void Schedule_scales_with_the_run_length()
    {
        var options = DensityControlOptions.ForIterations(3000);
        Assert.Equal(300, options.StartIteration);
        Assert.Equal(1500, options.EndIteration);
        Assert.Equal(50, options.Interval);
        Assert.Equal(500, options.OpacityResetInterval);
        Assert.Equal(new DensityControlOptions(), DensityControlOptions.ForIterations(30_000));
    }

    private static SplatParameters Scene(int n)
    {
        var scene = new SplatParameters(n, 0);
        for (var i = 0; i < n; i++)
        {
            scene.Plane(1)[i] = i;
            scene.Plane(SplatParameters.RotationW)[i] = 1;
            scene.Plane(SplatParameters.Opacity)[i] = 2;
            SetScale(scene, i, 0.05f);
        }
        return scene;
    }

    private static void SetScale(SplatParameters scene, int i, float scale)
    {
        for (var axis = 0; axis < 3; axis++)
            scene.Plane(3 + axis)[i] = MathF.Log(scale);
    }

    private static float Component(Vector3 v, int a) => a == 0 ? v.X : a == 1 ? v.Y : v.Z;
}
