using Augment.Splat.Compression;

namespace Augment.Splat.Tests.Compression;

public class ShReductionTests
{
    [Fact]
    public void Reduction_equals_truncation_when_no_colour_clamps()
    {
        // DC 1.5..2.5 puts the colour near 0.92..1.2; rest coefficients of at most 0.05 move it by well under 0.3.
        var cloud = CompressionClouds.Random(300, 3, seed: 1, dcLow: 1.5f, dcHigh: 2.5f, restAmplitude: 0.05f);

        for (var degree = 0; degree < 3; degree++)
        {
            var reduced = cloud.ReduceShDegree(degree, cancellationToken: TestContext.Current.CancellationToken);
            var truncated = cloud.WithShDegree(degree);
            Assert.Equal(degree, reduced.ShDegree);
            for (var c = 0; c < 3; c++)
            {
                Assert.Equal(truncated.ShDc(c).ToArray(), reduced.ShDc(c).ToArray());
                for (var k = 0; k < reduced.ShRestCount; k++)
                    Assert.Equal(truncated.ShRest(c, k).ToArray(), reduced.ShRest(c, k).ToArray());
            }
            Assert.Equal(cloud.X.ToArray(), reduced.X.ToArray());
            Assert.Equal(cloud.Opacity.ToArray(), reduced.Opacity.ToArray());
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Clamped_colour_error_over_independent_directions_is_lower_than_truncation(int degree)
    {
        // Dark splats with strong view dependence: the colour clamps at 0 over part of the sphere.
        var cloud = CompressionClouds.Random(200, 3, seed: 2, dcLow: -1.2f, dcHigh: 0.2f, restAmplitude: 0.6f);
        var directions = CompressionClouds.RandomDirections(3000, seed: 3);

        var compensated = ClampedError(cloud, cloud.ReduceShDegree(degree, cancellationToken: TestContext.Current.CancellationToken), directions);
        var truncated = ClampedError(cloud, cloud.ReduceShDegree(degree, new ShReductionOptions { CompensateClamp = false }, TestContext.Current.CancellationToken), directions);

        // The removed higher-degree colour dominates both errors here; the compensation wins back the clamp's share.
        Assert.True(compensated < 0.99 * truncated, $"degree {degree}: compensated MSE {compensated:G4} vs truncated {truncated:G4}");
    }

    [Fact]
    public void A_half_clamped_lobe_reduced_to_degree_zero_keeps_its_mean_displayed_brightness()
    {
        // Colour 0.5 + 2.5 C1 z per channel clamps at 0 below z = -0.41. Truncation keeps the unclamped mean, 0.5, which is
        // 0.106 darker than the mean of what the renderer showed; the refit keeps the shown mean.
        var cloud = GaussianCloud.Create(1, 3);
        for (var c = 0; c < 3; c++)
            cloud.ShRest(c, 1)[0] = 2.5f; // the z lobe
        var directions = ShReductionKernel.FibonacciSphere(20_000);
        var shown = directions.Average(d => CompressionClouds.ClampedColour(cloud, 0, 0, d));

        var compensated = cloud.ReduceShDegree(0, cancellationToken: TestContext.Current.CancellationToken);
        var truncated = cloud.WithShDegree(0);

        Assert.Equal(0.606, shown, 0.002);
        Assert.Equal(shown, 0.5 + (GaussianCloud.ShC0 * compensated.ShDc(0)[0]), 0.003);
        Assert.Equal(0.5, 0.5 + (GaussianCloud.ShC0 * truncated.ShDc(0)[0]), 1e-6);
    }

    [Fact]
    public void Degree_zero_colour_is_the_mean_of_the_clamped_colour_over_the_sphere()
    {
        var cloud = CompressionClouds.Random(100, 3, seed: 4, dcLow: -1.2f, dcHigh: 0.8f, restAmplitude: 0.6f);
        // Dense quadrature on a far finer Fibonacci set than the fit's (40,000 points; its own error is about 1e-5).
        var directions = ShReductionKernel.FibonacciSphere(40_000);

        var reduced = cloud.ReduceShDegree(0, new ShReductionOptions { Directions = 512 }, TestContext.Current.CancellationToken);

        var worst = 0.0;
        for (var i = 0; i < cloud.Count; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                var mean = 0.0;
                foreach (var d in directions)
                    mean += CompressionClouds.ClampedColour(cloud, i, c, d);
                mean /= directions.Length;
                var colour = 0.5 + (GaussianCloud.ShC0 * (double)reduced.ShDc(c)[i]);
                worst = Math.Max(worst, Math.Abs(colour - mean));
            }
        }
        Assert.True(worst < 6e-3, $"largest |DC colour - mean clamped colour| = {worst:G4}");
    }

    [Fact]
    public void Simd_kernel_matches_the_scalar_reference()
    {
        var cloud = CompressionClouds.Random(700, 3, seed: 6, dcLow: -1f, dcHigh: 0.5f, restAmplitude: 0.5f);
        var directions = ShReductionKernel.FibonacciSphere(96);

        for (var degree = 0; degree < 3; degree++)
        {
            var fast = cloud.WithShDegree(degree);
            var reference = cloud.WithShDegree(degree);
            ShReductionKernel.Compensate(cloud, fast, directions, ComputeBudget.Default, TestContext.Current.CancellationToken);
            ShReductionKernel.CompensateScalar(cloud, reference, directions);
            for (var c = 0; c < 3; c++)
            {
                AssertClose(reference.ShDc(c), fast.ShDc(c));
                for (var k = 0; k < fast.ShRestCount; k++)
                    AssertClose(reference.ShRest(c, k), fast.ShRest(c, k));
            }
        }
    }

    [Fact]
    public void Projection_reproduces_a_function_in_the_kept_basis()
    {
        // P is a left inverse of the sampled basis: fitting samples of sum_k a_k basis_k returns a.
        var directions = ShReductionKernel.FibonacciSphere(64);
        var p = ShReductionKernel.Projection(directions, 2);
        float[] a = [0.3f, -0.2f, 0.5f, 0.1f, -0.4f, 0.25f, 0.05f, -0.15f, 0.35f];
        Span<float> basis = stackalloc float[16];
        var samples = new double[directions.Length];
        for (var j = 0; j < directions.Length; j++)
        {
            ShBasis.Evaluate(directions[j], 2, basis);
            for (var k = 0; k < 9; k++)
                samples[j] += basis[k] * a[k];
        }
        for (var k = 0; k < 9; k++)
        {
            var fitted = 0.0;
            for (var j = 0; j < directions.Length; j++)
                fitted += p[(k * directions.Length) + j] * samples[j];
            Assert.Equal(a[k], fitted, 1e-4);
        }
    }

    [Fact]
    public void Higher_or_equal_degree_gives_a_copy_and_bad_arguments_throw()
    {
        var cloud = CompressionClouds.Random(10, 1, seed: 7);
        var same = cloud.ReduceShDegree(2, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(1, same.ShDegree);
        Assert.Equal(cloud.ShRest(2, 2).ToArray(), same.ShRest(2, 2).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => cloud.ReduceShDegree(-1, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentOutOfRangeException>(() => CompressionClouds.Random(10, 3, 8).ReduceShDegree(2, new ShReductionOptions { Directions = 4 }, TestContext.Current.CancellationToken));
    }

    private static double ClampedError(GaussianCloud full, GaussianCloud reduced, System.Numerics.Vector3[] directions)
    {
        var sum = 0.0;
        for (var i = 0; i < full.Count; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                foreach (var d in directions)
                {
                    var diff = CompressionClouds.ClampedColour(full, i, c, d) - CompressionClouds.ClampedColour(reduced, i, c, d);
                    sum += diff * diff;
                }
            }
        }
        return sum / (full.Count * 3.0 * directions.Length);
    }

    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f + (1e-5f * Math.Abs(expected[i])), $"splat {i}: {actual[i]} vs {expected[i]}");
    }
}
