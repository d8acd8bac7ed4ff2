namespace Augment.Vision.Tests.Resampling;

/// <summary>Properties any correct resize has, checked exactly or to float rounding.</summary>
public class ResizeAnalyticTests
{
    public static TheoryData<ResampleKernel> Kernels => new()
    {
        ResampleKernel.Lanczos3, ResampleKernel.CatmullRom, ResampleKernel.Mitchell, ResampleKernel.Box, ResampleKernel.Bilinear,
    };

    [Theory]
    [MemberData(nameof(Kernels))]
    public void A_constant_image_stays_constant_in_both_directions(ResampleKernel kernel)
    {
        using var source = ImageFrame.Create(37, 23, 3, ColorSpace.Srgb);
        source.Data.Fill(0.6f);
        foreach (var (w, h) in new[] { (11, 7), (80, 61), (37, 50) })
        {
            using var result = source.Resize(w, h, kernel);
            foreach (var v in result.Data)
                Assert.Equal(0.6f, v, 1e-5f);
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void The_kernel_maps_have_unit_DC_gain(ResampleKernel kernel)
    {
        foreach (var (n, m) in new[] { (100, 37), (37, 100), (9, 2), (2, 9), (1, 5), (5, 1) })
        {
            var map = KernelMap.Create(kernel, n, m);
            for (var o = 0; o < m; o++)
            {
                var sum = 0.0;
                foreach (var w in map.WeightsOf(o))
                    sum += w;
                Assert.Equal(1.0, sum, 1e-6);
                Assert.InRange(map.Start[o], 0, n - map.Taps);
            }
        }
    }

    [Theory]
    [InlineData(ResampleKernel.Lanczos3, 3)]
    [InlineData(ResampleKernel.CatmullRom, 2)]
    public void A_linear_ramp_stays_a_ramp_in_the_interior(ResampleKernel kernel, int radius)
    {
        // Lanczos-3 and Catmull-Rom reproduce linear functions away from the edges (Catmull-Rom exactly,
        // the normalised Lanczos window to within its partition-of-unity error).
        const int n = 64, m = 150;
        using var source = ImageFrame.Create(n, 4, 1, ColorSpace.Unspecified);
        for (var y = 0; y < 4; y++)
        {
            for (var x = 0; x < n; x++)
                source.Row(0, y)[x] = x / (float)n;
        }
        using var result = source.Resize(m, 4, kernel);
        var scale = (double)n / m;
        var margin = (int)Math.Ceiling((radius + 1) / scale);
        var tolerance = kernel == ResampleKernel.CatmullRom ? 1e-5 : 2e-3;
        for (var o = margin; o < m - margin; o++)
        {
            var expected = (((o + 0.5) * scale) - 0.5) / n;
            Assert.Equal(expected, result.Row(0, 2)[o], tolerance);
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Resizing_to_the_same_size_is_exact(ResampleKernel kernel)
    {
        using var source = ResizeKernelTests.RandomFrame(31, 17, 4, hasAlpha: true, seed: 4);
        source.DotsPerInch = 240;
        using var result = source.Resize(31, 17, kernel);
        Assert.Equal(source.Data.ToArray(), result.Data.ToArray());
        Assert.Equal(240, result.DotsPerInch);
    }

    [Fact]
    public void Lanczos3_kernel_has_its_published_values()
    {
        // L(x) = sinc(x)·sinc(x/3): L(0.5) = (2/π)·(6/π)·sin(π/6) = 6/π² ; L(1.5) = -(2/(3π))·(2/π)·sin(π/2)·3 ...
        Assert.Equal(1.0, ResampleFilters.Evaluate(ResampleKernel.Lanczos3, 0), 15);
        Assert.Equal(6.0 / (Math.PI * Math.PI), ResampleFilters.Evaluate(ResampleKernel.Lanczos3, 0.5), 12);
        Assert.Equal(0.0, ResampleFilters.Evaluate(ResampleKernel.Lanczos3, 2.0));
        Assert.Equal(0.0, ResampleFilters.Evaluate(ResampleKernel.Lanczos3, 3.1));
        // Mitchell-Netravali B = C = 1/3: k(0) = 8/9, k(1) = 1/18 (1988 paper, eq. 8).
        Assert.Equal(8.0 / 9.0, ResampleFilters.Evaluate(ResampleKernel.Mitchell, 0), 12);
        Assert.Equal(1.0 / 18.0, ResampleFilters.Evaluate(ResampleKernel.Mitchell, 1), 12);
        // Catmull-Rom interpolates: k(0) = 1, k(1) = 0; k(0.5) = 0.5625.
        Assert.Equal(1.0, ResampleFilters.Evaluate(ResampleKernel.CatmullRom, 0), 12);
        Assert.Equal(0.0, ResampleFilters.Evaluate(ResampleKernel.CatmullRom, 1), 12);
        Assert.Equal(0.5625, ResampleFilters.Evaluate(ResampleKernel.CatmullRom, 0.5), 12);
    }

    [Fact]
    public void Box_shrink_by_a_whole_factor_gives_block_means_in_linear_light()
    {
        // A 1-pixel black/white checkerboard shrunk 2x in linear light is linear 0.5 = sRGB 0.7354,
        // not the 0.5 that averaging the encoded values gives.
        using var source = ImageFrame.Create(8, 8, 1, ColorSpace.Srgb);
        for (var y = 0; y < 8; y++)
        {
            for (var x = 0; x < 8; x++)
                source.Row(0, y)[x] = (x + y) % 2;
        }
        using var linear = source.Resize(4, 4, ResampleKernel.Box);
        using var encoded = source.Resize(r => r.To(4, 4).Using(ResampleKernel.Box).InLinearLight(false));
        foreach (var v in linear.Data)
            Assert.Equal(TransferFunctions.FromLinear(TransferFunction.Srgb, 0.5), v, 1e-5);
        foreach (var v in encoded.Data)
            Assert.Equal(0.5f, v, 1e-6f);
    }

    [Fact]
    public void Width_alone_keeps_the_aspect_ratio_and_within_fits_the_box()
    {
        Assert.Equal((800, 533), new ResizeOptions().ToWidth(800).TargetSize(6000, 4000));
        Assert.Equal((1500, 1000), new ResizeOptions().ToHeight(1000).TargetSize(6000, 4000));
        Assert.Equal((1000, 667), new ResizeOptions().Within(1000, 1000).TargetSize(6000, 4000));
        Assert.Equal((667, 1000), new ResizeOptions().Within(1000, 1000).TargetSize(4000, 6000));
        Assert.Equal((1, 1), new ResizeOptions().ToWidth(1).TargetSize(6000, 10));
    }
}
