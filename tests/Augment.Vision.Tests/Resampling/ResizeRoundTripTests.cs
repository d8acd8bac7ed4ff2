namespace Augment.Vision.Tests.Resampling;

/// <summary>
/// Downscale by 2 then upscale back, per kernel, on 256 x 256 crops of the standard pictures: the PSNR
/// against the original (reported in docs/vision-resampling.md). What is lost is the detail above the
/// new Nyquist frequency, so every kernel lands in the same region; the sharper reconstruction kernels
/// must beat bilinear, which blurs twice.
/// </summary>
public class ResizeRoundTripTests
{
    [Theory]
    [InlineData("astronaut.png", 100, 0)]
    [InlineData("coffee.png", 150, 60)]
    [InlineData("chelsea.png", 100, 30)]
    [InlineData("brick.png", 100, 100)]
    public void Down_then_up_by_2_keeps_the_low_frequencies_and_sharp_kernels_beat_bilinear(string name, int left, int top)
    {
        using var source = ResizeTestImages.Crop(name, 256, left, top);
        var psnr = new Dictionary<ResampleKernel, double>();
        foreach (var kernel in Enum.GetValues<ResampleKernel>())
        {
            using var small = source.Resize(128, 128, kernel);
            using var back = small.Resize(256, 256, kernel);
            psnr[kernel] = ImageQuality.Psnr(source, back);
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"{name}: " + string.Join(", ", psnr.Select(p => $"{p.Key} {p.Value:F2} dB")));
        foreach (var value in psnr.Values)
            Assert.InRange(value, 18, 60);
        Assert.True(psnr[ResampleKernel.Lanczos3] > psnr[ResampleKernel.Bilinear]);
        Assert.True(psnr[ResampleKernel.CatmullRom] > psnr[ResampleKernel.Bilinear]);
    }
}
