using System.Numerics;

namespace Augment.Splat.Tests.Rendering;

/// <summary>Whole scenes against the brute-force oracle, tile-grid independence, thread and kernel agreement, limits.</summary>
public class SplatRendererSceneTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Random_scenes_match_brute_force_compositing_in_double_within_1e_4(int seed)
    {
        var cloud = RenderScenes.Random(30, seed);
        var camera = RenderScenes.HeadOn(64, 48, 60);
        var options = new SplatRenderOptions { Background = new Vector3(0.2f, 0.4f, 0.1f) };
        var (expected, transmittance) = BruteForceRenderer.Render(cloud, camera, 0.3, options.Background);
        Assert.Contains(transmittance, t => t < 0.5); // the scene covers something

        using var simd = SplatRenderer.RenderWith(cloud, camera, options, CompositeKernel.Vector, TestContext.Current.CancellationToken);
        using var scalar = SplatRenderer.RenderWith(cloud, camera, options, CompositeKernel.Scalar, TestContext.Current.CancellationToken);

        Assert.InRange(RenderScenes.MaxDifference(scalar, expected), 0, 1e-4);
        Assert.InRange(RenderScenes.MaxDifference(simd, expected), 0, 1e-4);
    }

    [Fact]
    public void Dense_opaque_scenes_that_stop_early_match_brute_force()
    {
        // Many opaque splats: most pixels reach T < 1e-4 and stop; SH off to exercise MaxShDegree.
        var cloud = RenderScenes.Random(120, 11);
        for (var i = 0; i < cloud.Count; i++)
            cloud.Opacity[i] = 2 + (i % 3);
        var camera = RenderScenes.HeadOn(64, 48, 60);
        var options = new SplatRenderOptions { MaxShDegree = 0, Background = Vector3.One };
        var (expected, transmittance) = BruteForceRenderer.Render(cloud, camera, 0.3, options.Background, maxShDegree: 0);
        Assert.Contains(transmittance, t => t < 1e-3);

        using var frame = SplatRenderer.Render(cloud, camera, options, TestContext.Current.CancellationToken);

        Assert.InRange(RenderScenes.MaxDifference(frame, expected), 0, 1e-4);
    }

    [Fact]
    public void A_splat_straddling_four_tiles_renders_as_brute_force_says()
    {
        // Centre on the corner shared by tiles (0,0), (1,0), (0,1), (1,1), sigma about 5 px.
        var camera = RenderScenes.HeadOn(48, 48, 50);
        var z = 3f;
        var cloud = RenderScenes.Single(new Vector3((16 - 24) * z / 50, (16 - 24) * z / 50, z), new Vector3(MathF.Log(0.3f), MathF.Log(0.2f), MathF.Log(0.25f)),
            Quaternion.Normalize(new Quaternion(0.2f, 0.1f, 0.6f, 0.7f)), 3, new Vector3(0.8f, 0.3f, 0.6f));
        var (expected, _) = BruteForceRenderer.Render(cloud, camera, 0.3, Vector3.Zero);

        using var frame = SplatRenderer.Render(cloud, camera, cancellationToken: TestContext.Current.CancellationToken);

        Assert.InRange(RenderScenes.MaxDifference(frame, expected), 0, 1e-4);
        foreach (var (x, y) in new[] { (12, 12), (19, 12), (12, 19), (19, 19) })
            Assert.True(frame.Plane(0)[(y * 48) + x] > 0.1f, $"pixel ({x}, {y}) in another tile is dark");
    }

    [Fact]
    public void Shifting_the_tile_grid_by_7_and_5_pixels_changes_nothing()
    {
        var cloud = RenderScenes.Random(60, 21);
        var camera = RenderScenes.HeadOn(64, 48, 60);
        var shifted = RenderScenes.HeadOn(64 + 7, 48 + 5, 60, 32 + 7, 24 + 5);

        using var a = SplatRenderer.Render(cloud, camera, cancellationToken: TestContext.Current.CancellationToken);
        using var b = SplatRenderer.Render(cloud, shifted, cancellationToken: TestContext.Current.CancellationToken);

        double worst = 0;
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < 48; y++)
            {
                var rowA = a.Row(c, y);
                var rowB = b.Row(c, y + 5).Slice(7, 64);
                for (var x = 0; x < 64; x++)
                    worst = Math.Max(worst, Math.Abs(rowA[x] - rowB[x]));
            }
        }
        Assert.InRange(worst, 0, 1e-5);
    }

    [Fact]
    public void Parallel_rendering_equals_single_threaded_rendering_exactly()
    {
        // Enough splats for several projection ranges and a picture with many tiles.
        var cloud = RenderScenes.Random(20_000, 7, shDegree: 2);
        var camera = RenderScenes.HeadOn(160, 120, 150);
        var options = new SplatRenderOptions();

        using var single = SplatRenderer.Render(cloud, camera, options with { Budget = ComputeBudget.SingleThreaded }, TestContext.Current.CancellationToken);
        using var parallel = SplatRenderer.Render(cloud, camera, options with { Budget = ComputeBudget.Default with { MaxThreads = 3 } }, TestContext.Current.CancellationToken);

        Assert.Equal(single.Data.ToArray(), parallel.Data.ToArray());
        Assert.Contains(single.Data.ToArray(), v => v > 0.2f);
    }

    [Fact]
    public void The_SIMD_compositor_agrees_with_the_scalar_reference_on_a_dense_scene()
    {
        var cloud = RenderScenes.Random(5_000, 8, shDegree: 3);
        var camera = RenderScenes.HeadOn(128, 96, 120);
        var options = new SplatRenderOptions();

        using var scalar = SplatRenderer.RenderWith(cloud, camera, options, CompositeKernel.Scalar, TestContext.Current.CancellationToken);
        using var simd = SplatRenderer.RenderWith(cloud, camera, options, CompositeKernel.Vector, TestContext.Current.CancellationToken);

        var a = scalar.Data.ToArray();
        var b = simd.Data.ToArray();
        double worst = 0, total = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = Math.Abs(a[i] - b[i]);
            worst = Math.Max(worst, d);
            total += d;
        }
        Assert.InRange(total / a.Length, 0, 1e-6);
        Assert.InRange(worst, 0, 1e-3);
    }

    [Fact]
    public void A_cancelled_token_stops_render_and_contributions()
    {
        var cloud = RenderScenes.Random(2_000, 3);
        var camera = RenderScenes.HeadOn(64, 48, 60);
        using var source = new CancellationTokenSource();
        source.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => SplatRenderer.Render(cloud, camera, cancellationToken: source.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => SplatRenderer.Contributions(cloud, [camera, camera], cancellationToken: source.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => SplatRenderer.Render(cloud, camera, new SplatRenderOptions { Budget = ComputeBudget.SingleThreaded }, source.Token));
    }

    [Fact]
    public void Tile_lists_beyond_the_memory_budget_fail_before_allocating()
    {
        // 3,000 huge splats in front of a 1920x1080 camera: each covers every one of its 8,160 tiles (24 million pairs).
        var cloud = GaussianCloud.Create(3_000);
        for (var i = 0; i < cloud.Count; i++)
        {
            cloud.Z[i] = 3 + (i * 1e-3f);
            cloud.ScaleX[i] = cloud.ScaleY[i] = cloud.ScaleZ[i] = MathF.Log(20);
            cloud.Opacity[i] = 1;
        }
        var camera = RenderScenes.HeadOn(1920, 1080, 1000);
        var options = new SplatRenderOptions { Budget = ComputeBudget.Default with { MaxMemoryBytes = 64L << 20 } };

        var error = Assert.Throws<ResourceLimitException>(() => SplatRenderer.Contributions(cloud, [camera], options, TestContext.Current.CancellationToken));

        Assert.Contains("tile-splat pairs", error.Message, StringComparison.Ordinal);
    }
}
