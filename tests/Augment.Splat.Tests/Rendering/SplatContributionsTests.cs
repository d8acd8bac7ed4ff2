using System.Numerics;

namespace Augment.Splat.Tests.Rendering;

public class SplatContributionsTests
{
    /// <summary>The scene with every colour 1 (DC only), so a render on black is 1 - T per pixel.</summary>
    private static GaussianCloud White(GaussianCloud cloud)
    {
        for (var c = 0; c < 3; c++)
            cloud.ShDc(c).Fill(0.5f / GaussianCloud.ShC0);
        return cloud;
    }

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 200)]
    public void The_splat_weights_sum_to_the_covered_fraction_of_every_pixel(int seed, int count)
    {
        var cloud = White(RenderScenes.Random(count, seed));
        var cameras = new[]
        {
            RenderScenes.HeadOn(64, 48, 60),
            PinholeCamera.LookAt(new Vector3(1, -0.5f, 0), new Vector3(0, 0, 4), 40, 40, 50),
        };
        var options = new SplatRenderOptions { MaxShDegree = 0 };

        var weights = SplatRenderer.Contributions(cloud, cameras, options, TestContext.Current.CancellationToken);

        double covered = 0;
        foreach (var camera in cameras)
        {
            using var frame = SplatRenderer.Render(cloud, camera, options, TestContext.Current.CancellationToken);
            foreach (var v in frame.Plane(0))
                covered += v; // 1 - T
        }
        double sum = 0;
        foreach (var w in weights)
            sum += w;
        Assert.True(covered > 100, $"the scene covers only {covered} pixels");
        Assert.Equal(covered, sum, covered * 1e-5);
        Assert.All(weights, w => Assert.True(w >= 0));
    }

    [Fact]
    public void A_lone_splat_weighs_its_rendered_footprint_and_a_hidden_one_almost_nothing()
    {
        var camera = RenderScenes.HeadOn(64, 64, 64);
        var cloud = White(GaussianCloud.Create(2));
        cloud.Z[0] = 4;
        cloud.Z[1] = 6; // straight behind splat 0
        cloud.ScaleX[0] = cloud.ScaleY[0] = cloud.ScaleZ[0] = MathF.Log(0.8f);
        cloud.ScaleX[1] = cloud.ScaleY[1] = cloud.ScaleZ[1] = MathF.Log(0.1f);
        cloud.Opacity[0] = 8;
        cloud.Opacity[1] = 8;

        var weights = SplatRenderer.Contributions(cloud, [camera], cancellationToken: TestContext.Current.CancellationToken);
        var alone = SplatRenderer.Contributions(cloud.Select([1]), [camera], cancellationToken: TestContext.Current.CancellationToken);

        using var frame = SplatRenderer.Render(cloud.Select([1]), camera, cancellationToken: TestContext.Current.CancellationToken);
        double footprint = 0;
        foreach (var v in frame.Plane(0))
            footprint += v;
        Assert.Equal(footprint, alone[0], footprint * 1e-5);
        Assert.True(weights[1] < 0.02 * alone[0], $"hidden splat weighs {weights[1]} of {alone[0]}");
    }

    [Fact]
    public void Contributions_do_not_depend_on_the_thread_count()
    {
        var cloud = RenderScenes.Random(12_000, 5);
        var cameras = CameraPath.Orbit(cloud, 3, 96, 64);

        var single = SplatRenderer.Contributions(cloud, cameras, new SplatRenderOptions { Budget = ComputeBudget.SingleThreaded }, TestContext.Current.CancellationToken);
        var parallel = SplatRenderer.Contributions(cloud, cameras, new SplatRenderOptions { Budget = ComputeBudget.Default with { MaxThreads = 4 } }, TestContext.Current.CancellationToken);

        Assert.Equal(single, parallel);
        Assert.Contains(single, w => w > 1);
    }
}
