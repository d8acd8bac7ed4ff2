using Augment.Splat.Training;

namespace Augment.SplatTraining.Tests;

public class AdamOptimizerTests
{
    [Fact]
    public void Simd_kernel_matches_the_scalar_reference_over_many_steps()
    {
        var random = new Random(3);
        const int n = 2500; // not a multiple of the chunk or of any vector width
        float[] a = Random(random, n), g = new float[n];
        var b = (float[])a.Clone();
        float[] m1 = new float[n], v1 = new float[n], m2 = new float[n], v2 = new float[n];
        var options = new AdamOptions();
        for (var t = 1; t <= 20; t++)
        {
            for (var i = 0; i < n; i++)
                g[i] = (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-6, 2)));
            var step = AdamStep.For(0.01f, options, t);
            AdamKernel.Update(a, g, m1, v1, step);
            AdamKernel.UpdateScalar(b, g, m2, v2, step);
        }
        for (var i = 0; i < n; i++)
        {
            // Moments of mixed-sign gradients cancel; the float kernel then differs from the double reference by float
            // rounding of the largest terms (up to 5), hence the absolute part of the tolerance.
            Assert.Equal(b[i], a[i], 1e-5f);
            Assert.Equal(m2[i], m1[i], Math.Abs(m2[i]) * 1e-4f + 1e-5f);
            Assert.Equal(v2[i], v1[i], Math.Abs(v2[i]) * 1e-4f + 1e-20f);
        }
    }

    [Fact]
    public void First_step_moves_every_parameter_by_the_learning_rate_against_the_gradient_sign()
    {
        // With bias correction, m̂ = g and v̂ = g² at t = 1, so the step is lr · g / |g| (Kingma and Ba 2015, §2).
        var scene = new SplatParameters(3, 0);
        var gradients = scene.CreateZeroed();
        gradients.Plane(SplatParameters.Opacity)[0] = 5;
        gradients.Plane(SplatParameters.Opacity)[1] = -1e-4f;
        gradients.Plane(SplatParameters.PositionX)[2] = 0.3f;
        var rates = new LearningRates();
        var optimizer = new AdamOptimizer(scene);
        optimizer.Step(scene, gradients, rates, positionRate: 0.02f);
        Assert.Equal(-rates.Opacity, scene.Plane(SplatParameters.Opacity)[0], 1e-6f);
        Assert.Equal(rates.Opacity, scene.Plane(SplatParameters.Opacity)[1], 1e-6f);
        Assert.Equal(0, scene.Plane(SplatParameters.Opacity)[2]);
        Assert.Equal(-0.02f, scene.Plane(SplatParameters.PositionX)[2], 1e-7f);
        Assert.Equal(1, optimizer.StepCount);
    }

    [Fact]
    public void Position_rate_decays_log_linearly_from_initial_to_final_times_the_extent()
    {
        var rates = new LearningRates();
        Assert.Equal(1.6e-4f * 3, rates.Position(0, 1000, 3), 1e-9f);
        Assert.Equal(1.6e-6f * 3, rates.Position(1000, 1000, 3), 1e-10f);
        Assert.Equal(1.6e-5f * 3, rates.Position(500, 1000, 3), 1e-9f); // geometric mean halfway
        Assert.Equal(1.6e-6f * 3, rates.Position(5000, 1000, 3), 1e-10f);
    }

    [Fact]
    public void Rebuild_keeps_moments_of_kept_gaussians_and_zeroes_appended_ones()
    {
        var scene = new SplatParameters(3, 1);
        var optimizer = new AdamOptimizer(scene);
        new float[] { 1, 2, 3 }.CopyTo(optimizer.FirstMoment.Plane(4));
        new float[] { 4, 5, 6 }.CopyTo(optimizer.SecondMoment.Plane(4));
        optimizer.Rebuild([true, false, true], [1, 2]);
        Assert.Equal([1f, 3, 0, 0], optimizer.FirstMoment.Plane(4).ToArray());
        Assert.Equal([4f, 6, 0, 0], optimizer.SecondMoment.Plane(4).ToArray());
    }

    [Fact]
    public void Minimises_a_quadratic()
    {
        var scene = new SplatParameters(50, 0);
        var target = Random(new Random(5), 50);
        var optimizer = new AdamOptimizer(scene);
        var gradients = scene.CreateZeroed();
        var rates = new LearningRates { ShDc = 0.05f };
        for (var t = 0; t < 600; t++)
        {
            var dc = scene.Plane(SplatParameters.ShDcRed);
            var grad = gradients.Plane(SplatParameters.ShDcRed);
            for (var i = 0; i < dc.Length; i++)
                grad[i] = 2 * (dc[i] - target[i]);
            optimizer.Step(scene, gradients, rates, 0);
        }
        var final = scene.Plane(SplatParameters.ShDcRed);
        for (var i = 0; i < final.Length; i++)
            Assert.Equal(target[i], final[i], 0.01f);
    }

    private static float[] Random(Random random, int n)
    {
        var values = new float[n];
        for (var i = 0; i < n; i++)
            values[i] = (float)((random.NextDouble() * 2) - 1);
        return values;
    }
}
