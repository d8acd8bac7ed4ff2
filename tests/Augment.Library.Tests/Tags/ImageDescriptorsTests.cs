using System.Globalization;
using System.Text.Json;
using Augment.Vision;
using Augment.Vision.Tests.Peers;

namespace Augment.Library.Tests.Tags;

public sealed class ImageDescriptorsTests
{
    [Fact]
    public void Sixty_percent_red_and_forty_percent_blue_give_red_0_60_and_blue_0_40()
    {
        // 300x150 is downscaled to 128x64, so the red/blue boundary falls inside one analysis column.
        using var picture = Pictures.Columns(300, 150, (0.6, 1f, 0f, 0f), (0.4, 0f, 0f, 1f));

        var descriptors = ImageDescriptors.Compute(picture, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal((128, 64), (descriptors.Width, descriptors.Height));
        Assert.Equal("red", descriptors.Colors[0].Name);
        Assert.Equal(0.60, descriptors.Colors[0].Share, 0.02);
        Assert.Equal("#FF0000", descriptors.Colors[0].Hex);
        Assert.Equal("blue", descriptors.Colors[1].Name);
        Assert.Equal(0.40, descriptors.Colors[1].Share, 0.02);
        Assert.Equal(1.0, SumOfShares(descriptors), 1e-5);
    }

    [Fact]
    public void Three_areas_come_back_as_three_named_colours_with_their_shares()
    {
        using var picture = Pictures.Columns(200, 100, (0.5, 1f, 1f, 1f), (0.3, 0f, 0.5f, 0f), (0.2, 1f, 0.55f, 0f));

        var colors = ImageDescriptors.Compute(picture, cancellationToken: TestContext.Current.CancellationToken).Colors;

        Assert.Equal(3, colors.Count); // k = 5 but only three distinct colours: no empty or duplicate clusters
        // 200 columns into 128 bins of one or two columns: shares within a column's width of the areas.
        Assert.Equal(["white", "green", "orange"], colors.Select(c => c.Name));
        Assert.Equal(0.5, colors[0].Share, 0.01);
        Assert.Equal(0.3, colors[1].Share, 0.01);
        Assert.Equal(0.2, colors[2].Share, 0.01);
    }

    [Theory]
    [InlineData(0f, 0f, 0f, "black")]
    [InlineData(1f, 1f, 1f, "white")]
    [InlineData(0.5f, 0.5f, 0.5f, "grey")]
    [InlineData(1f, 1f, 0f, "yellow")]
    [InlineData(0f, 0f, 0.5f, "navy")]
    [InlineData(0.55f, 0.27f, 0.07f, "brown")]
    [InlineData(1f, 0.75f, 0.8f, "pink")]
    [InlineData(0f, 0.5f, 0.5f, "teal")]
    [InlineData(0.53f, 0.8f, 0.92f, "sky blue")]
    public void A_solid_picture_is_named_after_the_nearest_palette_word(float red, float green, float blue, string name)
    {
        using var picture = Pictures.Solid(64, 48, red, green, blue);

        var colors = ImageDescriptors.Compute(picture, cancellationToken: TestContext.Current.CancellationToken).Colors;

        Assert.Equal(name, Assert.Single(colors).Name);
        Assert.Equal(1f, colors[0].Share);
    }

    [Fact]
    public void Pure_red_has_Hasler_colourfulness_0_3_times_the_mean_opponent_length()
    {
        // Uniform (255, 0, 0): rg = 255, yb = 127.5, no spread, so M = 0.3 * sqrt(255² + 127.5²) = 85.5327.
        using var picture = Pictures.Solid(32, 32, 1f, 0f, 0f);

        var descriptors = ImageDescriptors.Compute(picture, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0.3 * Math.Sqrt(255.0 * 255.0 + 127.5 * 127.5), descriptors.Colorfulness, 1e-3);
        Assert.Equal(53.2408, descriptors.MeanLightness, 0.01); // CIELAB L* of sRGB red
        Assert.Equal(0.0, descriptors.RmsContrast, 1e-9);
    }

    [Fact]
    public void Half_black_half_white_has_rms_contrast_one_half_and_mean_lightness_50()
    {
        using var picture = Pictures.Columns(128, 64, (0.5, 0f, 0f, 0f), (0.5, 1f, 1f, 1f));

        var descriptors = ImageDescriptors.Compute(picture, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(50.0, descriptors.MeanLightness, 1e-3);
        Assert.Equal(0.5, descriptors.RmsContrast, 1e-4);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_grey_picture_has_zero_colourfulness_and_neutral_chroma_and_grey_names(int channels)
    {
        using var picture = Pictures.GreyRamp(300, 40, channels);

        var descriptors = ImageDescriptors.Compute(picture, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0.0, descriptors.Colorfulness, 1e-4);
        Assert.True(descriptors.NeutralChroma < 0.2, $"neutral chroma {descriptors.NeutralChroma}");
        Assert.Equal(0.0, descriptors.Warmth, 0.05);
        Assert.All(descriptors.Colors, c => Assert.Contains(c.Name, new[] { "black", "dark grey", "grey", "light grey", "white" }));
    }

    [Fact]
    public void A_linear_light_frame_gives_the_descriptors_of_its_srgb_encoding()
    {
        using var encoded = Pictures.Crop(StandardImages.Load("coffee.png"), 100, 100, 128, 96);
        using var linear = encoded.ConvertColorSpace(ColorSpace.LinearSrgb, TestContext.Current.CancellationToken);

        var expected = ImageDescriptors.Compute(encoded, cancellationToken: TestContext.Current.CancellationToken);
        var actual = ImageDescriptors.Compute(linear, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(expected.MeanLightness, actual.MeanLightness, 0.01);
        Assert.Equal(expected.Colorfulness, actual.Colorfulness, 0.01);
        Assert.Equal(expected.Colors[0].Name, actual.Colors[0].Name);
    }

    [Fact]
    public void The_same_pixels_always_give_the_same_descriptors()
    {
        using var picture = StandardImages.Load("astronaut.png");

        var first = ImageDescriptors.Compute(picture, cancellationToken: TestContext.Current.CancellationToken);
        var second = ImageDescriptors.Compute(picture, DescriptorOptions.Default with { }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(first.Colors, second.Colors);
        Assert.Equal(first with { Colors = [] }, second with { Colors = [] });
    }

    [Theory]
    [InlineData("astronaut.png")]
    [InlineData("chelsea.png")]
    [InlineData("coffee.png")]
    public void Statistics_of_a_128_pixel_crop_match_numpy_and_skimage(string name)
    {
        PythonPeer.SkipUnless("numpy", "skimage");
        using var crop = Pictures.Crop(StandardImages.Load(name), 40, 60, 128, 112); // no downscale at 128

        var descriptors = ImageDescriptors.Compute(crop, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal((128, 112), (descriptors.Width, descriptors.Height));
        AssertMatchesPeer(crop, factor: 1, descriptors);
    }

    [Theory]
    [InlineData("astronaut.png")]
    [InlineData("coffee.png")]
    public void Statistics_after_the_box_downscale_match_skimage_downscale_local_mean(string name)
    {
        PythonPeer.SkipUnless("numpy", "skimage");
        using var crop = Pictures.Crop(StandardImages.Load(name), 0, 0, 256, 224); // 2x2 boxes down to 128x112

        var descriptors = ImageDescriptors.Compute(crop, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal((128, 112), (descriptors.Width, descriptors.Height));
        AssertMatchesPeer(crop, factor: 2, descriptors);
    }

    [Theory]
    [InlineData(301, 173, 128, 74)]
    [InlineData(1000, 37, 128, 5)]
    [InlineData(50, 40, 50, 40)]
    public void Box_downscale_equals_the_plain_per_bin_mean_on_random_pixels(int width, int height, int outWidth, int outHeight)
    {
        var random = new Random(12345);
        using var frame = ImageFrame.Create(width, height, 3);
        foreach (ref var value in frame.Data)
            value = (float)(random.NextDouble() * 1.2 - 0.1); // a little outside 0..1, as resampled frames are

        Assert.Equal((outWidth, outHeight), DescriptorKernels.TargetSize(width, height, 128));
        using var small = DescriptorKernels.BoxDownscale(frame, outWidth, outHeight, TestContext.Current.CancellationToken);

        // Scalar reference: source pixel (sx, sy) belongs to bin (sx * outWidth / width, sy * outHeight / height).
        for (var c = 0; c < 3; c++)
        {
            var sums = new double[outWidth * outHeight];
            var counts = new int[outWidth * outHeight];
            for (var sy = 0; sy < height; sy++)
            {
                for (var sx = 0; sx < width; sx++)
                {
                    var bin = sy * outHeight / height * outWidth + sx * outWidth / width;
                    sums[bin] += frame.Row(c, sy)[sx];
                    counts[bin]++;
                }
            }
            for (var y = 0; y < outHeight; y++)
            {
                for (var x = 0; x < outWidth; x++)
                    Assert.Equal(Math.Clamp(sums[y * outWidth + x] / counts[y * outWidth + x], 0.0, 1.0), small.Row(c, y)[x], 1e-5);
            }
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1000, 5)]
    [InlineData(9217, 16)]
    public void Simd_nearest_centre_search_equals_the_scalar_reference_on_random_colours(int n, int k)
    {
        var random = new Random(n + k);
        float Next(float scale) => (float)((random.NextDouble() * 2 - 1) * scale);
        var l = new float[n];
        var a = new float[n];
        var b = new float[n];
        for (var i = 0; i < n; i++)
            (l[i], a[i], b[i]) = (50 + Next(50), Next(80), Next(80));
        var cl = new float[k];
        var ca = new float[k];
        var cb = new float[k];
        for (var c = 0; c < k; c++)
            (cl[c], ca[c], cb[c]) = (50 + Next(50), Next(80), Next(80));
        if (k > 1)
            (cl[1], ca[1], cb[1]) = (cl[0], ca[0], cb[0]); // an exact tie goes to the first centre in both
        var simd = new int[n];
        var scalar = new int[n];
        simd.AsSpan().Fill(-1);
        scalar.AsSpan().Fill(-1);

        Assert.Equal(n, DescriptorKernels.AssignNearest(l, a, b, cl, ca, cb, simd));
        Assert.Equal(n, DescriptorKernels.AssignNearestScalar(l, a, b, cl, ca, cb, scalar));
        Assert.Equal(scalar, simd);
        Assert.Equal(0, DescriptorKernels.AssignNearest(l, a, b, cl, ca, cb, simd)); // nothing changes a second time
    }

    [Fact]
    public void Not_a_number_and_out_of_range_pixels_are_clamped_not_propagated()
    {
        using var picture = Pictures.Solid(64, 32, 0.5f, 0.5f, 0.5f);
        picture.Row(0, 3)[5] = float.NaN;
        picture.Row(1, 7)[9] = float.PositiveInfinity;
        picture.Row(2, 9)[1] = -3f;

        var descriptors = ImageDescriptors.Compute(picture, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(double.IsFinite(descriptors.MeanLightness) && double.IsFinite(descriptors.Colorfulness));
        Assert.Equal("grey", descriptors.Colors[0].Name);
        Assert.Equal(1.0, SumOfShares(descriptors), 1e-5);
    }

    [Fact]
    public void Options_out_of_range_are_rejected_with_the_setting_named()
    {
        using var picture = Pictures.Solid(8, 8, 0.5f, 0.5f, 0.5f);

        var error = Assert.Throws<ArgumentException>(() => ImageDescriptors.Compute(picture, DescriptorOptions.Default.WithColors(0), cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("ColorCount", error.Message);
        Assert.Throws<ArgumentException>(() => ImageDescriptors.Compute(picture, DescriptorOptions.Default.AtAnalysisSize(4), cancellationToken: TestContext.Current.CancellationToken));
    }

    private static void AssertMatchesPeer(ImageFrame frame, int factor, ImageDescriptorSet descriptors)
    {
        using var folder = new TemporaryFolder();
        var raw = Path.Combine(folder.Path, "pixels.f32");
        PythonPeer.WriteRaw(frame, raw);
        var output = PythonPeer.Run("descriptors.py", raw,
            frame.Width.ToString(CultureInfo.InvariantCulture), frame.Height.ToString(CultureInfo.InvariantCulture),
            factor.ToString(CultureInfo.InvariantCulture));
        using var json = JsonDocument.Parse(output);
        var peer = json.RootElement;

        // float32 planes against float64 numpy; skimage's sRGB matrix differs from ours in the 4th-5th decimal.
        Assert.Equal(peer.GetProperty("colorfulness").GetDouble(), descriptors.Colorfulness, 0.01);
        Assert.Equal(peer.GetProperty("mean_lightness").GetDouble(), descriptors.MeanLightness, 0.02);
        Assert.Equal(peer.GetProperty("rms_contrast").GetDouble(), descriptors.RmsContrast, 0.0005);
        Assert.Equal(peer.GetProperty("warmth").GetDouble(), descriptors.Warmth, 0.05);
        // Our 95th percentile comes from a 0.1-unit histogram; numpy interpolates between samples.
        Assert.Equal(peer.GetProperty("neutral_chroma").GetDouble(), descriptors.NeutralChroma, 0.15);
    }

    private static double SumOfShares(ImageDescriptorSet descriptors)
    {
        double sum = 0;
        foreach (var color in descriptors.Colors)
            sum += color.Share;
        return sum;
    }

    private sealed class TemporaryFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("augment-descriptors-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
