using System.Globalization;
using Augment.Vision.Tests.IO;
using Augment.Vision.Tests.Peers;

namespace Augment.Vision.Tests.Noise;

public class NoiseLevelTests
{
    [Fact]
    public void Laplacian_difference_mask_cancels_any_quadratic_surface()
    {
        const int Size = 40;
        var plane = new float[Size * Size];
        for (var y = 0; y < Size; y++)
            for (var x = 0; x < Size; x++)
                plane[y * Size + x] = 0.1f + 0.002f * x - 0.001f * y + 0.0001f * x * y + 0.00005f * x * x - 0.00002f * y * y;
        Assert.Equal(0f, ImmerkaerKernel.RegionSigma(plane, Size, new PixelRegion(0, 0, Size, Size)), 4);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(25)]
    [InlineData(50)]
    public void Sigma_of_white_Gaussian_noise_on_a_smooth_ramp_is_the_known_sigma_within_2_percent(int sigma255)
    {
        using var clean = ImageFrame.Create(256, 256, 3);
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < 256; y++)
                for (var x = 0; x < 256; x++)
                    clean.Row(c, y)[x] = 0.2f + 0.5f * x / 256f + 0.1f * c;
        using var noisy = NoisyImages.AddGaussian(clean, sigma255 / 255f, seed: sigma255);
        var estimate = NoiseLevel.Estimate(noisy, new NoiseEstimationOptions { EdgeFraction = 0 }, TestContext.Current.CancellationToken);
        foreach (var channel in estimate.ChannelSigmas)
            Assert.InRange(channel * 255, sigma255 * 0.98, sigma255 * 1.02);
    }

    [Fact]
    public void A_region_estimate_over_the_whole_plane_equals_the_frame_estimate_without_an_edge_gate()
    {
        using var clean = NoisyImages.Crop("coffee.png", 100, 100, 128, 96);
        using var noisy = NoisyImages.AddGaussian(clean, 0.05f, seed: 3);
        var estimate = NoiseLevel.Estimate(noisy, new NoiseEstimationOptions { EdgeFraction = 0 }, TestContext.Current.CancellationToken);
        for (var c = 0; c < 3; c++)
            Assert.Equal(estimate.ChannelSigmas[c], ImmerkaerKernel.RegionSigma(noisy.Plane(c), 128, new PixelRegion(0, 0, 128, 96)), 5);
    }

    [Theory]
    [InlineData("astronaut.png", 10)]
    [InlineData("astronaut.png", 25)]
    [InlineData("coffee.png", 10)]
    [InlineData("coffee.png", 50)]
    [InlineData("chelsea.png", 25)]
    public void Sigma_on_standard_pictures_is_within_15_percent_of_the_truth_and_no_worse_than_scikit_image(string name, int sigma255)
    {
        PythonPeer.SkipUnless("numpy", "skimage", "pywt");
        using var clean = NoisyImages.Crop(name, 64, 64, 256, 192);
        using var noisy = NoisyImages.AddGaussian(clean, sigma255 / 255f, seed: sigma255 + name.Length);
        var ours = NoiseLevel.Estimate(noisy, cancellationToken: TestContext.Current.CancellationToken);
        using var folder = new ScratchFolder();
        var path = Path.Combine(folder.Path, "noisy.f32");
        PythonPeer.WriteRaw(noisy, path);
        var theirs = PythonPeer.Run("noise_sigma.py", path, "256", "192", "3").Trim().Split(' ')
            .Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var truth = sigma255 / 255.0;
        double ourError = 0, theirError = 0;
        for (var c = 0; c < 3; c++)
        {
            ourError += Math.Abs(ours.ChannelSigmas[c] - truth) / truth / 3;
            theirError += Math.Abs(theirs[c] - truth) / truth / 3;
        }
        var message = $"{name} sigma {sigma255}: Augment {string.Join(", ", ours.ChannelSigmas.Select(s => (s * 255).ToString("0.00", CultureInfo.InvariantCulture)))} " +
                      $"(mean error {ourError:P1}), skimage {string.Join(", ", theirs.Select(s => (s * 255).ToString("0.00", CultureInfo.InvariantCulture)))} (mean error {theirError:P1})";
        TestContext.Current.TestOutputHelper?.WriteLine(message);
        Assert.True(ourError < 0.15, message);
        Assert.True(ourError <= theirError + 0.02, message);
    }

    [Fact]
    public void Signal_dependent_fit_recovers_the_Poisson_Gaussian_parameters_of_a_ramp()
    {
        // Camera-like noise: variance 0.004·I + 0.0001 (σ from 2.6/255 in the dark to 16.6/255 in the light).
        const double A = 0.004, B = 0.0001;
        using var clean = ImageFrame.Create(512, 256, 1);
        for (var y = 0; y < 256; y++)
            for (var x = 0; x < 512; x++)
                clean.Row(0, y)[x] = 0.05f + 0.9f * x / 512f;
        using var noisy = NoisyImages.AddPoissonGaussian(clean, A, B, seed: 11);
        var estimate = NoiseLevel.Estimate(noisy, cancellationToken: TestContext.Current.CancellationToken);
        Assert.InRange(estimate.UsedBins, 10, 16);
        Assert.InRange(estimate.SignalGain, A * 0.9, A * 1.1);
        Assert.InRange(estimate.SignalOffset, B - 0.0001, B + 0.0001);
        Assert.InRange(estimate.SigmaAt(0.5f), Math.Sqrt(A * 0.5 + B) * 0.95, Math.Sqrt(A * 0.5 + B) * 1.05);
    }

    [Fact]
    public void Constant_noise_gives_a_flat_fit()
    {
        using var clean = ImageFrame.Create(512, 256, 1);
        for (var y = 0; y < 256; y++)
            for (var x = 0; x < 512; x++)
                clean.Row(0, y)[x] = 0.05f + 0.9f * x / 512f;
        using var noisy = NoisyImages.AddGaussian(clean, 0.04f, seed: 12);
        var estimate = NoiseLevel.Estimate(noisy, cancellationToken: TestContext.Current.CancellationToken);
        Assert.InRange(estimate.SignalGain, 0, 0.0002);
        Assert.InRange(estimate.SigmaAt(0.5f), 0.04 * 0.95, 0.04 * 1.05);
    }

    [Fact]
    public void A_NaN_sample_is_refused_with_its_position()
    {
        using var frame = ImageFrame.Create(32, 32, 3);
        frame.Row(1, 7)[5] = float.NaN;
        var error = Assert.Throws<InvalidMediaException>(() => NoiseLevel.Estimate(frame, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("channel 1 at x=5, y=7", error.Message);
    }
}
