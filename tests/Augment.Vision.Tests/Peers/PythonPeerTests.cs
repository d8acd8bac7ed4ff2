using System.Globalization;
using Augment.Vision.Tests.IO;

namespace Augment.Vision.Tests.Peers;

public class PythonPeerTests
{
    [Fact]
    public void Raw_images_reach_scikit_image_unchanged_so_its_PSNR_and_SSIM_match_ours()
    {
        PythonPeer.SkipUnless("numpy", "skimage");
        using var reference = StandardImages.Load("coffee.png");
        using var noisy = reference.Clone();
        var random = new Random(5);
        foreach (ref var value in noisy.Data)
            value = Math.Clamp(value + (float)(random.NextDouble() - 0.5) * 0.2f, 0f, 1f);
        using var folder = new ScratchFolder();
        var a = Path.Combine(folder.Path, "a.f32");
        var b = Path.Combine(folder.Path, "b.f32");
        PythonPeer.WriteRaw(reference, a);
        PythonPeer.WriteRaw(noisy, b);
        var fields = PythonPeer.Run("metrics.py", a, b, $"{reference.Width}", $"{reference.Height}", $"{reference.Channels}").Split(' ');
        Assert.Equal(double.Parse(fields[0], CultureInfo.InvariantCulture), ImageQuality.Psnr(reference, noisy), 3);
        Assert.Equal(double.Parse(fields[1], CultureInfo.InvariantCulture), ImageQuality.Ssim(reference, noisy), 3);
    }
}
