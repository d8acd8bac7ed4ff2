using Augment.Vision.Tests.Inspection;
using Augment.Vision.Tests.IO;
using Augment.Vision.Tests.Peers;

namespace Augment.Vision.Tests.Library.Hashing;

/// <summary>pHash and dHash bit for bit against numpy/scipy (scipy.fft.dct type II, norm='ortho'; exact block means).</summary>
public class PerceptualHashPeerTests
{
    [Theory]
    [InlineData("astronaut.png", 100, 120)]
    [InlineData("chelsea.png", 100, 20)]
    [InlineData("coffee.png", 250, 100)]
    [InlineData("brick.png", 0, 0)]
    [InlineData("gravel.png", 200, 240)]
    public void Phash_and_dhash_bits_equal_the_numpy_scipy_reference(string name, int x, int y)
    {
        PythonPeer.SkipUnless("numpy", "scipy");
        using var source = StandardImages.Load(name);
        // 288 = 9 x 32 columns and 256 = 8 x 32 rows: both area resizes are exact block means in the script.
        using var crop = ArtifactImages.Crop(source, x, y, 288, 256);
        using var folder = new ScratchFolder();
        var path = folder.File("crop.f32");
        PythonPeer.WriteRaw(crop, path);
        var fields = PythonPeer.Run("perceptual_hash.py", path, "288", "256", $"{crop.Channels}").Trim().Split(' ');
        var hashes = ImageHashes.Compute(crop, TestContext.Current.CancellationToken);
        Assert.Equal(fields[0], hashes.Phash.ToString());
        Assert.Equal(fields[1], hashes.Dhash.ToString());
    }
}
