using System.Numerics;
using Augment.Splat;
using Augment.Splat.Training;

namespace Augment.SplatTraining.Tests.Rasterization;

/// <summary>The training forward against Augment.Splat's preview renderer, an independent implementation of the same rules.</summary>
public class RasterizerForwardTests
{
    [Theory]
    [InlineData(0, 11)]
    [InlineData(1, 12)]
    [InlineData(2, 13)]
    [InlineData(3, 14)]
    public void Forward_equals_the_preview_renderer_on_random_scenes_with_an_off_centre_principal_point(int shDegree, int seed)
    {
        var scene = RasterScenes.Random(300, seed, shDegree);
        var background = new Vector3(0.2f, 0.1f, 0.6f);
        foreach (var camera in new[] { RasterScenes.HeadOn(83, 61, 70, 37.3f, 33.9f), RasterScenes.Oblique(70, 50, 60, 40.2f, 22.7f) })
        {
            var rasterizer = new DifferentiableRasterizer(new RasterizerOptions { Background = background });
            using var pass = rasterizer.Forward(scene, camera, shDegree, TestContext.Current.CancellationToken);
            using var expected = SplatRenderer.Render(scene.ToCloud(), camera,
                new SplatRenderOptions { Background = background, MaxShDegree = shDegree }, TestContext.Current.CancellationToken);
            Assert.InRange(RasterScenes.MaxDifference(pass.Image, expected), 0, 1e-5);
        }
    }

    [Fact]
    public void Forward_equals_the_preview_renderer_on_a_synthetic_scene_with_a_lower_sh_degree_and_no_low_pass()
    {
        var synthetic = SyntheticScene.Create(new SyntheticSceneOptions { SplatCount = 6000, ShDegree = 3 }, TestContext.Current.CancellationToken);
        var scene = SplatParameters.FromCloud(synthetic.Cloud);
        var camera = SyntheticScene.Ring(3, 96, 72)[1];
        foreach (var lowPass in new[] { 0.3f, 0f })
        {
            var rasterizer = new DifferentiableRasterizer(new RasterizerOptions { LowPassVariance = lowPass });
            using var pass = rasterizer.Forward(scene, camera, 2, TestContext.Current.CancellationToken);
            using var expected = SplatRenderer.Render(synthetic.Cloud, camera,
                new SplatRenderOptions { MaxShDegree = 2, LowPassVariance = lowPass }, TestContext.Current.CancellationToken);
            Assert.InRange(RasterScenes.MaxDifference(pass.Image, expected), 0, 1e-5);
        }
    }

    [Fact]
    public void Scalar_and_SIMD_compositors_give_the_same_image()
    {
        var scene = RasterScenes.Random(400, 21, 1);
        var camera = RasterScenes.HeadOn(90, 70, 80, 41, 36);
        var rasterizer = new DifferentiableRasterizer();
        using var scalar = rasterizer.ForwardWith(scene, camera, 1, vector: false, TestContext.Current.CancellationToken);
        using var simd = rasterizer.ForwardWith(scene, camera, 1, vector: true, TestContext.Current.CancellationToken);
        var worst = 0f;
        for (var p = 0; p < scalar.Image.Length; p++)
            worst = MathF.Max(worst, MathF.Abs(scalar.Image[p] - simd.Image[p]));
        Assert.InRange(worst, 0, 1e-6f);
        Assert.Equal(scalar.FinalT.AsSpan(0, 90 * 70).ToArray(), simd.FinalT.AsSpan(0, 90 * 70).ToArray());
        Assert.Equal(scalar.Last.AsSpan(0, 90 * 70).ToArray(), simd.Last.AsSpan(0, 90 * 70).ToArray());
    }

    [Fact]
    public void Radii_are_zero_exactly_for_culled_Gaussians_and_cover_three_sigma_otherwise()
    {
        var scene = new SplatParameters(4, 0);
        // 0: in view, isotropic sigma 0.1 at depth 2, focal 50 -> 2.5 px (+0.3 low-pass). 1: behind the camera. 2: far outside
        // the view. 3: transparent (sigmoid(-10) < 1/255).
        float[] z = [2, -1, 3, 2];
        float[] x = [0, 0, 30, 0];
        for (var i = 0; i < 4; i++)
        {
            scene.Plane(0)[i] = x[i];
            scene.Plane(2)[i] = z[i];
            for (var a = 0; a < 3; a++)
                scene.Plane(SplatParameters.LogScaleX + a)[i] = MathF.Log(0.1f);
            scene.Plane(SplatParameters.RotationW)[i] = 1;
            scene.Plane(SplatParameters.Opacity)[i] = i == 3 ? -10 : 1;
        }
        using var pass = new DifferentiableRasterizer().Forward(scene, RasterScenes.HeadOn(40, 30, 50), 0, TestContext.Current.CancellationToken);
        var variance = (2.5 * 2.5) + 0.3;
        Assert.Equal((int)Math.Ceiling(3 * Math.Sqrt(variance)), pass.Radii[0]);
        Assert.Equal(0, pass.Radii[1]);
        Assert.Equal(0, pass.Radii[2]);
        Assert.Equal(0, pass.Radii[3]);
    }

    [Fact]
    public void Non_finite_parameters_cull_the_Gaussian_instead_of_spreading_NaN()
    {
        var scene = RasterScenes.Random(40, 5, 1);
        int[] planes = [0, 4, 7, 10, SplatParameters.ShDcRed + 1, scene.RestPlane(2, 1)];
        for (var j = 0; j < planes.Length; j++)
            scene.Plane(planes[j])[j * 3] = j % 2 == 0 ? float.NaN : float.PositiveInfinity;
        var rasterizer = new DifferentiableRasterizer();
        using var pass = rasterizer.Forward(scene, RasterScenes.HeadOn(48, 36, 40), 1, TestContext.Current.CancellationToken);
        foreach (var v in pass.Image)
            Assert.True(float.IsFinite(v));
        for (var j = 0; j < planes.Length; j++)
            Assert.Equal(0, pass.Radii[j * 3]);
        var gradients = scene.CreateZeroed();
        var dImage = new float[pass.Image.Length];
        dImage.AsSpan().Fill(1);
        rasterizer.Backward(pass, dImage, gradients, new float[40], new int[40]);
        for (var p = 0; p < gradients.PlaneCount; p++)
        {
            foreach (var g in gradients.Plane(p))
                Assert.True(float.IsFinite(g));
        }
    }
}
