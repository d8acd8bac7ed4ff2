namespace Augment.Core.Tests.Imaging;

public class ImageQualityTests
{
    // Expected (PSNR dB, SSIM) from scikit-image 0.19.3: see ImageQualityFixtures/make_expected.py, which builds the same images.
    private static readonly Dictionary<string, (double Psnr, double Ssim)> Expected = new()
    {
        ["noise_rgb"] = (7.629695104078, -0.076742763220),
        ["structured_rgb"] = (34.700319386829, 0.997509719423),
        ["grey_range2"] = (18.574915653791, 0.766369339121),
        ["rgba_colour_only"] = (7.908061306750, -0.058531514109),
    };

    public static TheoryData<string> Cases => ["noise_rgb", "structured_rgb", "grey_range2", "rgba_colour_only"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Psnr_matches_scikit_image_within_1e_6(string name)
    {
        var (a, b, range) = Build(name);
        using (a)
        using (b)
            Assert.Equal(Expected[name].Psnr, ImageQuality.Psnr(a, b, range), 1e-6);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Ssim_matches_scikit_image_within_1e_5(string name)
    {
        var (a, b, range) = Build(name);
        using (a)
        using (b)
            Assert.Equal(Expected[name].Ssim, ImageQuality.Ssim(a, b, range), 1e-5);
    }

    [Theory]
    [InlineData(11, 11, 1)]
    [InlineData(37, 23, 3)]
    [InlineData(64, 70, 3)]
    [InlineData(131, 40, 2)]
    public void Ssim_equals_the_direct_2d_window_reference_within_1e_10(int width, int height, int channels)
    {
        using var a = RandomFrame(width, height, channels, 1);
        using var b = RandomFrame(width, height, channels, 2);
        // Blend b towards a so the SSIM is neither ~0 nor ~1.
        for (var i = 0; i < b.Data.Length; i++)
            b.Data[i] = (0.7f * a.Data[i]) + (0.3f * b.Data[i]);
        double expected = 0;
        for (var c = 0; c < channels; c++)
            expected += ImageQuality.SsimPlaneReference(a.Plane(c), b.Plane(c), width, height, 1.0);
        expected /= channels;
        Assert.Equal(expected, ImageQuality.Ssim(a, b), 1e-10);
    }

    [Fact]
    public void Results_do_not_depend_on_the_thread_count()
    {
        using var a = RandomFrame(300, 200, 3, 5);
        using var b = RandomFrame(300, 200, 3, 6);
        using var a1 = FrameWithBudget(a, ComputeBudget.SingleThreaded);
        Assert.Equal(ImageQuality.Ssim(a1, b), ImageQuality.Ssim(a, b));
        Assert.Equal(ImageQuality.Psnr(a1, b), ImageQuality.Psnr(a, b));
    }

    [Fact]
    public void Identical_frames_give_infinite_psnr_and_ssim_1()
    {
        var (a, _, _) = Build("structured_rgb");
        using (a)
        {
            using var copy = a.Clone();
            Assert.Equal(double.PositiveInfinity, ImageQuality.Psnr(a, copy));
            Assert.Equal(1.0, ImageQuality.Ssim(a, copy), 12);
        }
    }

    [Fact]
    public void Psnr_of_a_uniform_offset_is_minus_20_log10_of_the_offset()
    {
        using var a = RandomFrame(40, 30, 3, 9);
        using var b = a.Clone();
        // Multiples of 1/256 below 1 plus 0.125 are exact in float, so every difference is exactly 0.125.
        for (var i = 0; i < b.Data.Length; i++)
        {
            a.Data[i] = MathF.Round(a.Data[i] * 255) / 256;
            b.Data[i] = a.Data[i] + 0.125f;
        }
        Assert.Equal(-20 * Math.Log10(0.125), ImageQuality.Psnr(a, b), 9);
        Assert.Equal(-20 * Math.Log10(0.125 / 4), ImageQuality.Psnr(a, b, dataRange: 4), 9);
    }

    [Fact]
    public void Mismatched_frames_and_bad_ranges_are_rejected()
    {
        using var a = ImageFrame.Create(20, 20, 3);
        using var wider = ImageFrame.Create(21, 20, 3);
        using var grey = ImageFrame.Create(20, 20, 1);
        using var tiny = ImageFrame.Create(10, 20, 3);
        using var rgba = ImageFrame.Create(20, 20, 4, hasAlpha: true);
        Assert.Throws<ArgumentException>(() => ImageQuality.Psnr(a, wider));
        Assert.Throws<ArgumentException>(() => ImageQuality.Ssim(a, grey));
        Assert.Throws<ArgumentException>(() => ImageQuality.Ssim(tiny, tiny));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageQuality.Psnr(a, a, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageQuality.Ssim(a, a, double.NaN));
        Assert.Throws<ArgumentNullException>(() => ImageQuality.Psnr(null!, a));
        // An alpha plane does not count: RGBA and RGB with the same colours compare as identical.
        Assert.Equal(double.PositiveInfinity, ImageQuality.Psnr(a, rgba));
    }

    private static ImageFrame FrameWithBudget(ImageFrame source, ComputeBudget budget)
    {
        var frame = ImageFrame.Create(source.Width, source.Height, source.Channels, source.ColorSpace, source.HasAlpha, budget);
        source.Data.CopyTo(frame.Data);
        return frame;
    }

    private static ImageFrame RandomFrame(int width, int height, int channels, uint seed)
    {
        var frame = ImageFrame.Create(width, height, channels);
        var levels = NoiseLevels(seed, frame.Data.Length);
        for (var i = 0; i < levels.Length; i++)
            frame.Data[i] = levels[i] / 255f;
        return frame;
    }

    // The same images as make_expected.py, level by level.
    private static (ImageFrame A, ImageFrame B, double Range) Build(string name)
    {
        switch (name)
        {
            case "noise_rgb":
            {
                const int c = 3, h = 17, w = 23;
                return (Frame(NoiseLevels(1, c * h * w), c, h, w), Frame(NoiseLevels(2, c * h * w), c, h, w), 1.0);
            }
            case "structured_rgb":
            {
                const int c = 3, h = 31, w = 40;
                var s = StructuredLevels(c, h, w);
                var n = NoiseLevels(7, s.Length);
                var b = new long[s.Length];
                for (var i = 0; i < b.Length; i++)
                    b[i] = s[i] + (n[i] % 16) - 8;
                return (Frame(s, c, h, w), Frame(b, c, h, w), 1.0);
            }
            case "grey_range2":
            {
                const int c = 1, h = 12, w = 16;
                var s = StructuredLevels(c, h, w);
                var n = NoiseLevels(3, s.Length);
                var b = new long[s.Length];
                for (var i = 0; i < b.Length; i++)
                    b[i] = (s[i] + (n[i] / 4)) % 256;
                return (Frame(s, c, h, w), Frame(b, c, h, w), 2.0);
            }
            case "rgba_colour_only":
            {
                const int c = 4, h = 14, w = 19;
                var s = StructuredLevels(c, h, w);
                var n = NoiseLevels(11, s.Length);
                var b = new long[s.Length];
                for (var i = 0; i < b.Length; i++)
                    b[i] = ((s[i] * 3) + n[i]) % 256;
                return (Frame(s, c, h, w, alpha: true), Frame(b, c, h, w, alpha: true), 1.0);
            }
            default:
                throw new ArgumentException(name, nameof(name));
        }
    }

    private static ImageFrame Frame(long[] levels, int channels, int height, int width, bool alpha = false)
    {
        var frame = ImageFrame.Create(width, height, channels, hasAlpha: alpha);
        for (var i = 0; i < levels.Length; i++)
            frame.Data[i] = levels[i] / 255f;
        return frame;
    }

    // Numerical Recipes LCG; the top byte of each state is one level.
    private static long[] NoiseLevels(uint seed, int count)
    {
        var state = seed;
        var levels = new long[count];
        for (var i = 0; i < count; i++)
        {
            state = unchecked((state * 1664525u) + 1013904223u);
            levels[i] = state >> 24;
        }
        return levels;
    }

    private static long[] StructuredLevels(int channels, int height, int width)
    {
        var levels = new long[channels * height * width];
        for (var c = 0; c < channels; c++)
        {
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                    levels[(((c * height) + y) * width) + x] = ((((x / 4) + (y / 4)) % 2) * 128) + (((x * 5) + (y * 3) + (c * 17)) % 128);
            }
        }
        return levels;
    }
}
