using System.Globalization;
using Augment.Vision.Tests.IO;
using Augment.Vision.Tests.Noise;
using Augment.Vision.Tests.Peers;

namespace Augment.Vision.Tests.Denoise;

public class FilterPeerTests
{
    [Theory]
    [InlineData(2, 0.1f, 1.5f)]
    [InlineData(4, 0.3f, 3f)]
    public void Bilateral_kernel_matches_OpenCV_bilateralFilter(int radius, float sigmaColor, float sigmaSpace)
    {
        PythonPeer.SkipUnless("numpy", "cv2");
        using var clean = NoisyImages.Crop("coffee.png", 150, 100, 160, 120);
        using var noisy = NoisyImages.AddGaussian(clean, 0.06f, seed: radius);
        using var padded = new PaddedPlanes(3, noisy.Width, noisy.Height, radius);
        for (var c = 0; c < 3; c++)
            padded.Fill(c, noisy.Plane(c));
        using var ours = ImageFrame.CreateLike(noisy);
        BilateralKernel.Rows(padded, radius, sigmaSpace, sigmaColor, sigmaColor, 0, noisy.Height, ours.Data);
        using var theirs = RunPeer(noisy, "bilateral", $"{2 * radius + 1}", F(sigmaColor), F(sigmaSpace));
        var psnr = ImageQuality.Psnr(theirs, ours);
        // OpenCV looks its range weights up in a 4096-bin table per channel; exact exponentials differ slightly.
        Assert.True(psnr > 50, $"bilateral r={radius} sigmaColor={sigmaColor} sigmaSpace={sigmaSpace}: PSNR against OpenCV {psnr:0.0} dB");
    }

    [Theory]
    [InlineData(2, 0.001f)]
    [InlineData(5, 0.01f)]
    public void Guided_kernel_matches_OpenCV_ximgproc_guidedFilter(int radius, float epsilon)
    {
        PythonPeer.SkipUnless("numpy", "cv2", "cv2.ximgproc");
        using var clean = NoisyImages.Crop("astronaut.png", 100, 100, 150, 130);
        using var noisy = NoisyImages.AddGaussian(clean, 0.08f, seed: radius);
        using var ours = ImageFrame.CreateLike(noisy);
        for (var c = 0; c < 3; c++)
            GuidedFilterKernel.Plane(noisy.Plane(c), noisy.Width, noisy.Height, radius, epsilon, ours.Plane(c));
        using var theirs = RunPeer(noisy, "guided", $"{radius}", F(epsilon));
        var psnr = ImageQuality.Psnr(theirs, ours);
        Assert.True(psnr > 60, $"guided r={radius} eps={epsilon}: PSNR against OpenCV {psnr:0.0} dB");
    }

    private static ImageFrame RunPeer(ImageFrame input, string mode, params string[] arguments)
    {
        using var folder = new ScratchFolder();
        var source = Path.Combine(folder.Path, "in.f32");
        var target = Path.Combine(folder.Path, "out.f32");
        PythonPeer.WriteRaw(input, source);
        PythonPeer.Run("filters_peer.py", [mode, source, target, $"{input.Width}", $"{input.Height}", $"{input.Channels}", .. arguments]);
        return PythonPeer.ReadRaw(target, input.Width, input.Height, input.Channels);
    }

    private static string F(float value) => value.ToString(CultureInfo.InvariantCulture);
}
