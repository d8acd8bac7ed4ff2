using System.Numerics;

namespace Augment.Splat.Tests.Model;

public class GaussianCloudTests
{
    [Fact]
    public void A_new_cloud_is_zero_with_identity_rotations_and_the_rest_count_of_its_degree()
    {
        var cloud = GaussianCloud.Create(5, shDegree: 3, extraNames: ["nx"]);

        Assert.Equal(5, cloud.Count);
        Assert.Equal(15, cloud.ShRestCount);
        Assert.All(cloud.RotationW.ToArray(), w => Assert.Equal(1f, w));
        Assert.All(cloud.X.ToArray(), x => Assert.Equal(0f, x));
        Assert.Equal(5, cloud.Extra("nx").Length);
        Assert.Equal([0, 3, 8, 15], [GaussianCloud.RestCountFor(0), GaussianCloud.RestCountFor(1), GaussianCloud.RestCountFor(2), GaussianCloud.RestCountFor(3)]);
    }

    [Fact]
    public void Select_and_Where_copy_every_attribute_of_the_chosen_splats()
    {
        var cloud = Numbered(6, shDegree: 1, extras: ["label"]);

        var picked = cloud.Select([4, 1, 4]);
        var kept = cloud.Where([true, false, false, true, false, true]);

        Assert.Equal([4f, 1f, 4f], picked.X.ToArray());
        Assert.Equal([2104f, 2101f, 2104f], picked.ShRest(2, 2).ToArray()); // 1000 c + 50 k + i
        Assert.Equal([40f, 10f, 40f], picked.Extra("label").ToArray());
        Assert.Equal([0f, 3f, 5f], kept.Y.ToArray().Select(y => y - 10).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => cloud.Select([6]));
        Assert.Throws<ArgumentException>(() => cloud.Where([true]));
    }

    [Fact]
    public void Lowering_the_degree_keeps_the_low_coefficients_and_raising_it_adds_zeros()
    {
        var cloud = Numbered(3, shDegree: 2, extras: []);

        var degree1 = cloud.WithShDegree(1);
        var degree3 = cloud.WithShDegree(3);

        Assert.Equal(3, degree1.ShRestCount);
        Assert.Equal(cloud.ShRest(1, 2).ToArray(), degree1.ShRest(1, 2).ToArray());
        Assert.Equal(cloud.ShRest(2, 7).ToArray(), degree3.ShRest(2, 7).ToArray());
        Assert.All(degree3.ShRest(0, 14).ToArray(), v => Assert.Equal(0f, v));
        Assert.Equal(cloud.ShDc(1).ToArray(), degree1.ShDc(1).ToArray());
    }

    [Fact]
    public void Bounds_skip_non_finite_positions_and_rotations_normalise_to_unit_length()
    {
        var cloud = GaussianCloud.Create(3);
        cloud.X[0] = -2; cloud.X[1] = 5; cloud.X[2] = float.NaN;
        cloud.Y[1] = float.PositiveInfinity; cloud.Y[2] = 1;
        cloud.RotationW[0] = 2; cloud.RotationX[0] = 2; cloud.RotationY[0] = 2; cloud.RotationZ[0] = 2;
        cloud.RotationW[1] = 0;

        var (min, max) = cloud.Bounds();
        cloud.NormalizeRotations();

        Assert.Equal(new Vector3(-2, 0, 0), min);
        Assert.Equal(new Vector3(5, 1, 0), max);
        Assert.Equal(0.5f, cloud.RotationX[0], 1e-6f);
        Assert.Equal(1f, cloud.RotationW[1]);
    }

    [Fact]
    public void Unknown_extras_duplicate_names_and_over_budget_clouds_are_refused()
    {
        var cloud = GaussianCloud.Create(1, extraNames: ["a"]);

        Assert.Throws<KeyNotFoundException>(() => cloud.Extra("b"));
        Assert.Throws<ArgumentException>(() => GaussianCloud.Create(1, extraNames: ["a", "a"]));
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussianCloud.Create(1, shDegree: 4));
        Assert.Throws<ResourceLimitException>(() => GaussianCloud.Create(1_000_000, budget: ComputeBudget.Default with { MaxMemoryBytes = 1 << 20 }));
    }

    [Fact]
    public void Statistics_match_values_computed_by_hand()
    {
        var cloud = GaussianCloud.Create(4);
        float[] xs = [0, 2, 4, float.NaN];
        for (var i = 0; i < 4; i++)
        {
            cloud.X[i] = xs[i];
            cloud.ScaleX[i] = MathF.Log(i + 1); // largest linear scales 1, 2, 3, 4
            cloud.Opacity[i] = 0;               // alpha 0.5
        }
        cloud.Opacity[1] = MathF.Log(3);         // alpha 0.75

        var statistics = cloud.Statistics();

        Assert.Equal(4, statistics.Count);
        Assert.Equal(new Vector3(2, 0, 0), statistics.Centroid);
        Assert.Equal(new Vector3(4, 0, 0), statistics.Max);
        Assert.Equal((0.5, 0.5625, 0.75), (statistics.AlphaMin, Math.Round(statistics.AlphaMean, 6), Math.Round(statistics.AlphaMax, 6)));
        Assert.Equal(2.5, statistics.MedianLargestScale, 1e-5);
        Assert.Equal(1, statistics.NonFinite);
    }

    /// <summary>Splat i: x = i, y = 10 + i, DC of channel c = 1000 c + i, rest k of channel c = 1000 c + 50 k + i, extras 10 i.</summary>
    private static GaussianCloud Numbered(int count, int shDegree, string[] extras)
    {
        var cloud = GaussianCloud.Create(count, shDegree, extras);
        for (var i = 0; i < count; i++)
        {
            cloud.X[i] = i;
            cloud.Y[i] = 10 + i;
            for (var c = 0; c < 3; c++)
            {
                cloud.ShDc(c)[i] = (c * 1000) + i;
                for (var k = 0; k < cloud.ShRestCount; k++)
                    cloud.ShRest(c, k)[i] = (c * 1000) + (k * 50) + i;
            }
            foreach (var name in extras)
                cloud.Extra(name)[i] = 10 * i;
        }
        return cloud;
    }
}
