using System.Globalization;
using System.Runtime.InteropServices;
using Augment.Splat.Training;
using Augment.Testing;

namespace Augment.SplatTraining.Tests;

public class PhotometricLossTests
{
    private const int Width = 23;
    private const int Height = 19;
    private const int Pixels = Width * Height;

    [Fact]
    public void Ssim_term_equals_scikit_image_structural_similarity()
    {
        PythonRunner.SkipUnless("numpy", "skimage.metrics");
        var (x, y) = Pair(7);
        var gradient = new float[3 * Pixels];
        var value = PhotometricLoss.Evaluate(x, y, null, Width, Height, 0.2f, gradient, ComputeBudget.Default);

        var folder = Directory.CreateTempSubdirectory("aug-trainer-ssim").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(folder, "x.f32"), MemoryMarshal.AsBytes(x.AsSpan()).ToArray());
            File.WriteAllBytes(Path.Combine(folder, "y.f32"), MemoryMarshal.AsBytes(y.AsSpan()).ToArray());
            var script = $"""
                import numpy as np
                from skimage.metrics import structural_similarity
                x = np.fromfile(r'{folder}/x.f32', dtype=np.float32).astype(np.float64).reshape(3, {Height}, {Width})
                y = np.fromfile(r'{folder}/y.f32', dtype=np.float32).astype(np.float64).reshape(3, {Height}, {Width})
                print(repr(structural_similarity(x, y, gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=1.0, channel_axis=0)))
                """;
            var peer = double.Parse(PythonRunner.Run(["-c", script], TimeSpan.FromMinutes(2)).Trim(), CultureInfo.InvariantCulture);
            Assert.Equal(peer, value.Ssim, 1e-4);
            Assert.True(Math.Abs(peer - 1) > 0.05, $"the test pair should not be nearly identical (SSIM {peer})");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(0.2f, false)]
    [InlineData(1.0f, false)]
    [InlineData(0.2f, true)]
    public void Gradient_matches_central_finite_differences(float lambda, bool weighted)
    {
        var (x, y) = Pair(11);
        float[]? weights = null;
        if (weighted)
        {
            weights = new float[Pixels];
            var random = new Random(4);
            for (var p = 0; p < Pixels; p++)
                weights[p] = random.NextDouble() < 0.3 ? 0 : 1;
        }
        var gradient = new float[3 * Pixels];
        PhotometricLoss.Evaluate(x, y, weights, Width, Height, lambda, gradient, ComputeBudget.Default);
        var scratch = new float[3 * Pixels];
        var probe = new Random(9);
        const float h = 1e-3f;
        for (var trial = 0; trial < 40; trial++)
        {
            var i = probe.Next(3 * Pixels);
            var saved = x[i];
            x[i] = saved + h;
            var plus = PhotometricLoss.Evaluate(x, y, weights, Width, Height, lambda, scratch, ComputeBudget.Default).Loss;
            x[i] = saved - h;
            var minus = PhotometricLoss.Evaluate(x, y, weights, Width, Height, lambda, scratch, ComputeBudget.Default).Loss;
            x[i] = saved;
            var numeric = (plus - minus) / (2 * (double)h);
            Assert.True(Math.Abs(numeric - gradient[i]) <= 1e-3 * Math.Abs(numeric) + 2e-7,
                $"sample {i}: analytic {gradient[i]:G6}, finite difference {numeric:G6}");
        }
    }

    [Fact]
    public void Identical_images_have_zero_loss_and_zero_gradient()
    {
        var (x, _) = Pair(2);
        var gradient = new float[3 * Pixels];
        var value = PhotometricLoss.Evaluate(x, (float[])x.Clone(), null, Width, Height, 0.2f, gradient, ComputeBudget.Default);
        Assert.Equal(0, value.Loss, 1e-9);
        Assert.Equal(1, value.Ssim, 1e-9);
        Assert.All(gradient, g => Assert.Equal(0, g, 1e-6f));
    }

    [Fact]
    public void Zero_weight_pixels_do_not_change_the_l1_loss_or_receive_gradient()
    {
        var (x, y) = Pair(5);
        var weights = new float[Pixels];
        weights.AsSpan().Fill(1);
        weights[40] = 0;
        var gradient = new float[3 * Pixels];
        var before = PhotometricLoss.Evaluate(x, y, weights, Width, Height, 0, gradient, ComputeBudget.Default).Loss;
        Assert.Equal(0, gradient[40]);
        Assert.Equal(0, gradient[Pixels + 40]);
        x[40] += 0.7f;
        var after = PhotometricLoss.Evaluate(x, y, weights, Width, Height, 0, gradient, ComputeBudget.Default).Loss;
        Assert.Equal(before, after, 1e-12);
    }

    // Smooth structure plus noise, so SSIM is neither 1 nor 0, and |x - y| stays well above the finite-difference step.
    private static (float[] X, float[] Y) Pair(int seed)
    {
        var random = new Random(seed);
        float[] x = new float[3 * Pixels], y = new float[3 * Pixels];
        for (var c = 0; c < 3; c++)
        {
            for (var p = 0; p < Pixels; p++)
            {
                int row = p / Width, col = p % Width;
                var baseValue = 0.5f + (0.3f * MathF.Sin((0.4f * col) + c) * MathF.Cos(0.3f * row));
                var offset = (0.02f + (0.1f * (float)random.NextDouble())) * (random.Next(2) == 0 ? -1 : 1);
                x[(c * Pixels) + p] = baseValue + (0.05f * (float)random.NextDouble());
                y[(c * Pixels) + p] = x[(c * Pixels) + p] + offset;
            }
        }
        return (x, y);
    }
}
