namespace Augment.Vision.Tests.Skin;

public class SkinMaskTests
{
    [Theory]
    [InlineData(65.71, 18.13, 17.81)] // ColorChecker light skin (published CIELAB D50-adapted values, close to D65 here)
    [InlineData(37.99, 13.56, 14.06)] // dark skin
    [InlineData(55.0, 20.0, 25.0)] // medium skin
    public void Model_scores_chart_skin_colours_near_one(double l, double a, double b) =>
        Assert.True(SkinChromaModel.Likelihood(l, a, b) > 0.95);

    [Theory]
    [InlineData(49.93, -4.88, -21.93)] // blue sky
    [InlineData(43.14, -13.10, 21.91)] // foliage
    [InlineData(28.78, 14.18, -50.30)] // blue
    [InlineData(55.26, -38.34, 31.37)] // green
    [InlineData(62.66, 36.07, 57.10)] // orange: skin hue but far too saturated
    [InlineData(50.87, -0.15, 0.27)] // neutral 5
    [InlineData(3.0, 8.0, 8.0)] // near-black with skin hue
    public void Model_scores_chart_non_skin_colours_near_zero(double l, double a, double b) =>
        Assert.True(SkinChromaModel.Likelihood(l, a, b) < 0.1, $"{SkinChromaModel.Likelihood(l, a, b)}");

    [Fact]
    public void Likelihood_is_high_on_skin_patches_and_low_on_the_others()
    {
        using var chart = SkinChart.Create();
        using var mask = SkinMask.Estimate(chart, new SkinMaskOptions { SmoothingRadiusPixels = 3 }, TestContext.Current.CancellationToken);

        Assert.Equal(1, mask.Channels);
        Assert.Equal(ColorSpace.Unspecified, mask.ColorSpace);
        for (var i = 0; i < SkinChart.Patches.Length; i++)
        {
            // Away from the blurred edges: inset by the smoothing radius.
            using var interior = SkinChart.Crop(mask, i, inset: 4);
            var (min, max) = SkinChart.Range(interior);
            var patch = SkinChart.Patches[i];
            if (patch.Skin)
                Assert.True(min > 0.7f, $"{patch.Name}: min likelihood {min}");
            else
                Assert.True(max < 0.2f, $"{patch.Name}: max likelihood {max}");
        }
    }

    [Fact]
    public void Mask_stays_in_0_1_and_smoothing_bounds_the_jump_between_neighbours()
    {
        using var chart = SkinChart.Create();
        using var raw = SkinMask.Estimate(chart, new SkinMaskOptions { SmoothingRadiusPixels = 0 }, TestContext.Current.CancellationToken);
        using var smooth = SkinMask.Estimate(chart, new SkinMaskOptions { SmoothingRadiusPixels = 4 }, TestContext.Current.CancellationToken);

        Assert.True(MaxNeighbourJump(raw) > 0.9f); // the hard patch edges are there before smoothing
        Assert.True(MaxNeighbourJump(smooth) < 0.25f, $"{MaxNeighbourJump(smooth)}");
        foreach (var frame in new[] { raw, smooth })
        {
            var (min, max) = SkinChart.Range(frame);
            Assert.InRange(min, 0f, 1f);
            Assert.InRange(max, 0f, 1f);
        }
    }

    [Fact]
    public void Smoothing_equals_a_direct_2d_gaussian_with_replicated_edges()
    {
        using var chart = SkinChart.Create();
        const int radius = 3;
        using var raw = SkinMask.Estimate(chart, new SkinMaskOptions { SmoothingRadiusPixels = 0 }, TestContext.Current.CancellationToken);
        using var smooth = SkinMask.Estimate(chart, new SkinMaskOptions { SmoothingRadiusPixels = radius }, TestContext.Current.CancellationToken);

        // Independent reference: the 2D kernel exp(-(dx²+dy²)/2σ²), normalised as a whole, summed directly.
        var sigma = radius / 2.0;
        var total = 0.0;
        for (var dy = -radius; dy <= radius; dy++)
        {
            for (var dx = -radius; dx <= radius; dx++)
                total += Math.Exp(-((dx * dx) + (dy * dy)) / (2 * sigma * sigma));
        }
        ReadOnlySpan<float> source = raw.Plane(0);
        for (var y = 0; y < raw.Height; y += 5)
        {
            for (var x = 0; x < raw.Width; x += 3)
            {
                var sum = 0.0;
                for (var dy = -radius; dy <= radius; dy++)
                {
                    for (var dx = -radius; dx <= radius; dx++)
                    {
                        var sx = Math.Clamp(x + dx, 0, raw.Width - 1);
                        var sy = Math.Clamp(y + dy, 0, raw.Height - 1);
                        sum += Math.Exp(-((dx * dx) + (dy * dy)) / (2 * sigma * sigma)) * source[(sy * raw.Width) + sx];
                    }
                }
                Assert.Equal(sum / total, smooth.Plane(0)[(y * raw.Width) + x], 1e-5);
            }
        }
    }

    [Fact]
    public void Nan_pixels_are_not_skin_and_do_not_spread_nan()
    {
        using var chart = SkinChart.Create();
        chart.Plane(1)[(10 * chart.Width) + 10] = float.NaN; // inside the first light-skin patch
        chart.Plane(0)[(50 * chart.Width) + 50] = float.PositiveInfinity;

        using var raw = SkinMask.Estimate(chart, new SkinMaskOptions { SmoothingRadiusPixels = 0 }, TestContext.Current.CancellationToken);
        using var smooth = SkinMask.Estimate(chart, null, TestContext.Current.CancellationToken);

        // The colour-space conversion may already sanitise a non-finite value; either way it is not skin.
        Assert.True(raw.Plane(0)[(10 * chart.Width) + 10] < 0.01f);
        Assert.True(raw.Plane(0)[(50 * chart.Width) + 50] < 0.01f);
        Assert.Equal(0f, SkinChromaModel.Likelihood(float.NaN, 0.5f, 0.4f));
        Assert.Equal(0f, SkinChromaModel.Likelihood(0.5f, 0.4f, float.PositiveInfinity));
        foreach (var v in smooth.Plane(0))
            Assert.True(float.IsFinite(v) && v >= 0f && v <= 1f);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 7)]
    [InlineData(7, 1)]
    [InlineData(33, 17)]
    public void Odd_and_tiny_sizes_give_a_finite_mask_of_the_same_size(int width, int height)
    {
        using var frame = ImageFrame.Create(width, height, 4, ColorSpace.Srgb, hasAlpha: true);
        frame.Plane(0).Fill(194 / 255f);
        frame.Plane(1).Fill(150 / 255f);
        frame.Plane(2).Fill(130 / 255f);
        frame.Plane(3).Fill(1f);

        using var mask = SkinMask.Estimate(frame, new SkinMaskOptions { SmoothingRadiusPixels = 5 }, TestContext.Current.CancellationToken);

        Assert.Equal((width, height, 1), (mask.Width, mask.Height, mask.Channels));
        // A uniform skin frame stays uniform skin after a normalised blur with replicated edges.
        foreach (var v in mask.Plane(0))
            Assert.True(v > 0.95f && v <= 1f, $"{v}");
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        using var untagged = ImageFrame.Create(4, 4, 3, ColorSpace.Unspecified);
        using var grey = ImageFrame.Create(4, 4, 1, ColorSpace.Srgb);
        using var frame = ImageFrame.Create(4, 4, 3, ColorSpace.Srgb);

        Assert.Throws<ArgumentException>(() => SkinMask.Estimate(untagged, null, TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentException>(() => SkinMask.Estimate(grey, null, TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentOutOfRangeException>(() => SkinMask.Estimate(frame, new SkinMaskOptions { SmoothingRadiusPixels = -1 }, TestContext.Current.CancellationToken));
    }

    private static float MaxNeighbourJump(ImageFrame mask)
    {
        var max = 0f;
        for (var y = 0; y < mask.Height; y++)
        {
            ReadOnlySpan<float> row = mask.Row(0, y);
            for (var x = 0; x < mask.Width; x++)
            {
                if (x + 1 < mask.Width)
                    max = Math.Max(max, Math.Abs(row[x + 1] - row[x]));
                if (y + 1 < mask.Height)
                    max = Math.Max(max, Math.Abs(mask.Row(0, y + 1)[x] - row[x]));
            }
        }
        return max;
    }
}
