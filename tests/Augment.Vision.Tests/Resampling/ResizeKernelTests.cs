namespace Augment.Vision.Tests.Resampling;

/// <summary>The SIMD/parallel resize against the scalar double-precision oracle on random data.</summary>
public class ResizeKernelTests
{
    public static TheoryData<ResampleKernel, int, int, int, int> Cases => new()
    {
        { ResampleKernel.Lanczos3, 53, 37, 20, 15 },   // shrink, odd factors
        { ResampleKernel.Lanczos3, 19, 11, 47, 30 },   // enlarge
        { ResampleKernel.CatmullRom, 64, 48, 31, 71 }, // shrink one way, enlarge the other
        { ResampleKernel.Mitchell, 40, 40, 13, 13 },
        { ResampleKernel.Box, 60, 30, 20, 10 },
        { ResampleKernel.Box, 7, 5, 23, 17 },
        { ResampleKernel.Bilinear, 33, 9, 10, 27 },
        { ResampleKernel.Lanczos3, 5, 3, 2, 1 },       // tiny: windows wider than the source
        { ResampleKernel.Lanczos3, 300, 4, 7, 4 },     // big shrink on one axis, identity on the other
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fast_path_equals_the_scalar_reference_on_random_RGB(ResampleKernel kernel, int w, int h, int tw, int th)
    {
        using var source = RandomFrame(w, h, 3, hasAlpha: false, seed: w * 31 + h);
        AssertMatchesReference(source, new ResizeOptions { Width = tw, Height = th, Kernel = kernel }, 2e-5);
    }

    [Theory]
    [InlineData(ResampleKernel.Lanczos3)]
    [InlineData(ResampleKernel.Mitchell)]
    public void Fast_path_equals_the_scalar_reference_with_alpha_in_linear_light(ResampleKernel kernel)
    {
        using var source = RandomFrame(41, 29, 4, hasAlpha: true, seed: 5);
        AssertMatchesReference(source, new ResizeOptions { Width = 17, Height = 45, Kernel = kernel }, 1e-4);
    }

    [Fact]
    public void Fast_path_equals_the_scalar_reference_on_grey_without_linear_light()
    {
        using var source = RandomFrame(70, 23, 1, hasAlpha: false, seed: 9);
        AssertMatchesReference(source, new ResizeOptions { Width = 33, Height = 50, LinearLight = false }, 2e-5);
    }

    [Fact]
    public void Fast_path_does_not_depend_on_the_thread_count()
    {
        using var many = RandomFrame(91, 67, 3, hasAlpha: false, seed: 3, ComputeBudget.Default with { MaxThreads = 7 });
        using var one = RandomFrame(91, 67, 3, hasAlpha: false, seed: 3, ComputeBudget.SingleThreaded);
        using var a = many.Resize(40, 29);
        using var b = one.Resize(40, 29);
        Assert.Equal(a.Data.ToArray(), b.Data.ToArray());
    }

    internal static void AssertMatchesReference(ImageFrame source, ResizeOptions options, double tolerance)
    {
        using var fast = source.Resize(options, cancellationToken: TestContext.Current.CancellationToken);
        var (tw, th) = options.TargetSize(source.Width, source.Height);
        using var expected = ImageFrame.Create(tw, th, source.Channels, source.ColorSpace, source.HasAlpha);
        ResizeReference.Resize(source, expected, options.Kernel, ResizeExtensions.LinearizingTransfer(source.ColorSpace, options.LinearLight));
        var worst = 0.0;
        for (var i = 0; i < expected.Data.Length; i++)
            worst = Math.Max(worst, Math.Abs(expected.Data[i] - fast.Data[i]));
        Assert.True(worst <= tolerance, $"largest difference {worst:E3} > {tolerance:E1}");
    }

    internal static ImageFrame RandomFrame(int w, int h, int channels, bool hasAlpha, int seed, ComputeBudget? budget = null)
    {
        var frame = ImageFrame.Create(w, h, channels, ColorSpace.Srgb, hasAlpha, budget);
        var random = new Random(seed);
        for (var i = 0; i < frame.Data.Length; i++)
            frame.Data[i] = random.NextSingle();
        return frame;
    }
}
