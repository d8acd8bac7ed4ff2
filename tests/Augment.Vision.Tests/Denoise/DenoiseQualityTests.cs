using System.Globalization;
using Augment.Vision.Tests.IO;
using Augment.Vision.Tests.Noise;
using Augment.Vision.Tests.Peers;

namespace Augment.Vision.Tests.Denoise;

public class DenoiseQualityTests
{
    [Theory]
    [InlineData("astronaut.png", 10)]
    [InlineData("astronaut.png", 25)]
    [InlineData("coffee.png", 25)]
    [InlineData("chelsea.png", 50)]
    public void Nlm_is_at_least_as_good_as_scikit_image_and_OpenCV_on_Gaussian_noise(string name, int sigma255)
    {
        PythonPeer.SkipUnless("numpy", "skimage", "cv2");
        using var clean = NoisyImages.Crop(name, 96, 64, 192, 160);
        using var noisy = NoisyImages.AddGaussian(clean, sigma255 / 255f, seed: sigma255 * 7 + name.Length, quantize8: true);
        Compare(clean, noisy, sigma255, $"{name} Gaussian sigma {sigma255}");
    }

    [Fact]
    public void Nlm_is_at_least_as_good_as_scikit_image_and_OpenCV_on_Poisson_Gaussian_noise()
    {
        PythonPeer.SkipUnless("numpy", "skimage", "cv2");
        // Camera-like noise, variance 0.006·I + 0.0002: σ from 3.6/255 in black to 20.8/255 in white.
        const double A = 0.006, B = 0.0002;
        using var clean = NoisyImages.Crop("coffee.png", 200, 120, 192, 160);
        using var noisy = NoisyImages.AddPoissonGaussian(clean, A, B, seed: 77, quantize8: true);
        var mean = System.Numerics.Tensors.TensorPrimitives.Sum<float>(clean.Data) / clean.Data.Length;
        // Every tool gets the noise's root-mean-square σ over the image (a single-σ denoiser's best input).
        Compare(clean, noisy, Math.Sqrt(A * mean + B) * 255, "coffee.png Poisson-Gaussian a=0.006 b=0.0002");
    }

    [Theory]
    [InlineData("astronaut.png", 25)]
    [InlineData("coffee.png", 10)]
    public void Nlm_is_at_least_as_good_as_ffmpeg_nlmeans(string name, int sigma255)
    {
        Ffmpeg.SkipWhenAbsent();
        using var clean = NoisyImages.Crop(name, 96, 64, 192, 160);
        using var noisy = NoisyImages.AddGaussian(clean, sigma255 / 255f, seed: sigma255 * 7 + name.Length, quantize8: true);
        using var ours = noisy.Denoise(d => d.NoiseSigma(sigma255 / 255f).PreserveTexture(0).Chroma(1), cancellationToken: TestContext.Current.CancellationToken);
        var psnr = ImageQuality.Psnr(clean, ours);
        using var folder = new ScratchFolder();
        var input = Path.Combine(folder.Path, "noisy.png");
        noisy.Save(input);
        // ffmpeg 5.1 nlmeans (7x7 patches, 15x15 search, on YUV 4:4:4); its strength s is not σ, so the best of a sweep.
        var best = (Psnr: double.MinValue, Strength: 0);
        foreach (var strength in new[] { 1, 2, 3, 4, 6, 8, 10, 12, 15 })
        {
            var output = Path.Combine(folder.Path, $"ffmpeg{strength}.png");
            Ffmpeg.Run("-v", "error", "-y", "-i", input, "-vf", $"format=yuv444p,nlmeans=s={strength}:p=7:r=15,format=rgb24", output);
            using var theirs = ImageFile.Load(output);
            var score = ImageQuality.Psnr(clean, theirs);
            if (score > best.Psnr)
                best = (score, strength);
        }
        var message = FormattableString.Invariant($"{name} sigma {sigma255}: Augment NLM {psnr:0.00} dB; ffmpeg nlmeans best s={best.Strength} {best.Psnr:0.00} dB");
        TestContext.Current.TestOutputHelper?.WriteLine(message);
        Assert.True(psnr >= best.Psnr, message);
    }

    private static void Compare(ImageFrame clean, ImageFrame noisy, double sigma255, string label)
    {
        using var ours = noisy.Denoise(d => d.NoiseSigma((float)(sigma255 / 255)).PreserveTexture(0).Chroma(1), cancellationToken: TestContext.Current.CancellationToken);
        var psnr = ImageQuality.Psnr(clean, ours);
        var ssim = ImageQuality.Ssim(clean, ours);
        using var folder = new ScratchFolder();
        var cleanPath = Path.Combine(folder.Path, "clean.f32");
        var noisyPath = Path.Combine(folder.Path, "noisy.f32");
        PythonPeer.WriteRaw(clean, cleanPath);
        PythonPeer.WriteRaw(noisy, noisyPath);
        var lines = PythonPeer.Run("denoise_peers.py", cleanPath, noisyPath, $"{clean.Width}", $"{clean.Height}", $"{clean.Channels}", sigma255.ToString(CultureInfo.InvariantCulture))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var message = FormattableString.Invariant($"{label}: noisy {ImageQuality.Psnr(clean, noisy):0.00} dB; Augment NLM {psnr:0.00} dB / SSIM {ssim:0.0000}; ") + string.Join("; ", lines);
        TestContext.Current.TestOutputHelper?.WriteLine(message);
        foreach (var line in lines)
        {
            var fields = line.Split(' ');
            var peerPsnr = double.Parse(fields[1], CultureInfo.InvariantCulture);
            var peerSsim = double.Parse(fields[2], CultureInfo.InvariantCulture);
            Assert.True(psnr >= peerPsnr, message);
            Assert.True(ssim >= peerSsim - 0.005, message);
        }
    }
}
