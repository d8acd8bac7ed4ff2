using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SixLabors.ImageSharp.Processing.Processors.Transforms;

namespace Augment.Vision.Tests.Resampling;

/// <summary>
/// Side by side with ImageSharp 2.1's <c>Resize</c> (same kernel, float pixels, <c>Compand</c> for linear
/// light). ImageSharp drops the taps that fall outside the image and renormalises, where Augment
/// replicates the edge pixel, so the comparison is over the interior (beyond the kernel's reach of the
/// border); the whole-image figure is printed as well.
/// </summary>
public class ResizeImageSharpTests
{
    public static TheoryData<ResampleKernel, int, bool> Cases()
    {
        var data = new TheoryData<ResampleKernel, int, bool>();
        foreach (var kernel in new[] { ResampleKernel.Lanczos3, ResampleKernel.CatmullRom, ResampleKernel.Mitchell, ResampleKernel.Box, ResampleKernel.Bilinear })
        {
            foreach (var target in new[] { 97, 183, 411 })
            {
                data.Add(kernel, target, true);
                data.Add(kernel, target, false);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Resize_matches_ImageSharp_with_the_same_kernel_above_50_dB_and_to_rounding_in_the_interior(ResampleKernel kernel, int target, bool linearLight)
    {
        using var source = ResizeTestImages.Crop("coffee.png", 256, left: 150, top: 60);
        using var ours = source.Resize(r => r.To(target, target).Using(kernel).InLinearLight(linearLight));
        using var theirs = ImageSharpResize(source, target, target, kernel, linearLight);
        if (linearLight)
        {
            // ImageSharp's companding clamps to 0..1 (a lookup table); Augment keeps the overshoot of
            // ringing kernels (extended sRGB) until the file is written. Compare what a file would hold.
            System.Numerics.Tensors.TensorPrimitives.Clamp(ours.Data, 0f, 1f, ours.Data);
        }

        var reach = (int)Math.Ceiling(ResampleFilters.Radius(kernel) * Math.Max(1.0, 256.0 / target) * target / 256.0) + 2;
        var interior = ResizeTestImages.InteriorPsnr(theirs, ours, reach);
        var whole = ImageQuality.Psnr(theirs, ours);
        TestContext.Current.TestOutputHelper?.WriteLine($"{kernel} 256->{target} linear={linearLight}: interior {interior:F1} dB (border {reach}), whole {whole:F1} dB");
        // Measured: interior 96..150 dB, whole image 54..150 dB (the edge rule is the only difference).
        Assert.True(interior > 80, $"interior PSNR {interior:F1} dB against ImageSharp");
        Assert.True(whole > 50, $"whole-image PSNR {whole:F1} dB against ImageSharp");
    }

    internal static ImageFrame ImageSharpResize(ImageFrame source, int width, int height, ResampleKernel kernel, bool compand)
    {
        var pixels = new float[source.PixelCount * 4];
        using (var rgba = ImageFrame.Create(source.Width, source.Height, 4, source.ColorSpace, hasAlpha: true))
        {
            for (var c = 0; c < 3; c++)
                source.Plane(c).CopyTo(rgba.Plane(c));
            rgba.Plane(3).Fill(1f);
            rgba.CopyPixelsTo(pixels, PixelLayout.Rgba);
        }
        using var image = Image.LoadPixelData<RgbaVector>(MemoryMarshal.Cast<float, RgbaVector>(pixels.AsSpan()), source.Width, source.Height);
        image.Mutate(x => x.Resize(new SixLabors.ImageSharp.Processing.ResizeOptions
        {
            Size = new Size(width, height),
            Mode = ResizeMode.Stretch,
            Sampler = Sampler(kernel),
            Compand = compand,
        }));
        var result = new float[width * height * 4];
        image.CopyPixelDataTo(MemoryMarshal.Cast<float, RgbaVector>(result.AsSpan()));
        using var back = ImageFrame.FromPixels(result, width, height, PixelLayout.Rgba, source.ColorSpace);
        var rgb = ImageFrame.Create(width, height, 3, source.ColorSpace);
        for (var c = 0; c < 3; c++)
            back.Plane(c).CopyTo(rgb.Plane(c));
        return rgb;
    }

    internal static IResampler Sampler(ResampleKernel kernel) => kernel switch
    {
        ResampleKernel.Lanczos3 => KnownResamplers.Lanczos3,
        ResampleKernel.CatmullRom => KnownResamplers.CatmullRom,
        ResampleKernel.Mitchell => KnownResamplers.MitchellNetravali,
        ResampleKernel.Box => KnownResamplers.Box,
        ResampleKernel.Bilinear => KnownResamplers.Triangle,
        _ => throw new ArgumentOutOfRangeException(nameof(kernel)),
    };
}
