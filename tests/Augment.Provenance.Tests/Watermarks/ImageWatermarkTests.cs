using System.Globalization;
using Augment.Provenance.Watermarks;

namespace Augment.Provenance.Tests.Watermarks;

/// <summary>
/// Embed, attack, detect on generated 1024 x 768 photographs. Every attack goes through 8-bit pixels (ImageSharp or
/// ffmpeg), as a published image would.
/// </summary>
public sealed class ImageWatermarkTests : IDisposable
{
    private static readonly WatermarkPayload Payload = new(0x0123456789ABCDEFUL);

    private readonly ImageFrame _original = WatermarkImages.Scene(1024, 768, seed: 1);
    private readonly ImageFrame _marked;

    public ImageWatermarkTests()
    {
        using var marked = ImageWatermark.Embed(_original, Payload);
        _marked = WatermarkImages.Quantised(marked);
    }

    public void Dispose()
    {
        _original.Dispose();
        _marked.Dispose();
    }

    [Fact]
    public void Marked_image_has_a_psnr_of_at_least_40_dB()
    {
        using var original8 = WatermarkImages.Quantised(_original);

        var psnr = ImageQuality.Psnr(original8, _marked);

        Assert.True(psnr >= 40, $"PSNR {psnr:F2} dB");
    }

    [Fact]
    public void Payload_is_recovered_from_the_unchanged_8_bit_image()
    {
        AssertRecovered(_marked, "unchanged");
    }

    [Theory]
    [InlineData(90)]
    [InlineData(75)]
    [InlineData(50)]
    public void Payload_is_recovered_after_ImageSharp_jpeg(int quality)
    {
        using var attacked = WatermarkImages.Jpeg(_marked, quality);
        AssertRecovered(attacked, $"JPEG q{quality}");
    }

    [Fact]
    public void Payload_is_recovered_after_bicubic_resize_to_50_percent()
    {
        using var attacked = WatermarkImages.Resize(_marked, 0.5);
        AssertRecovered(attacked, "resize 50%");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void Payload_is_recovered_after_a_10_percent_crop_of_each_side(double marginFraction)
    {
        using var attacked = WatermarkImages.Crop(_marked, 0.9, marginFraction);
        AssertRecovered(attacked, "crop 10%");
    }

    [Theory]
    [InlineData(1.2f)]
    [InlineData(0.8f)]
    public void Payload_is_recovered_after_a_brightness_change_of_20_percent(float factor)
    {
        using var attacked = WatermarkImages.Brightness(_marked, factor);
        AssertRecovered(attacked, $"brightness x{factor}");
    }

    [Fact]
    public void Payload_is_recovered_after_ffmpeg_jpeg_at_quality_scale_8()
    {
        if (!WatermarkImages.FfmpegAvailable)
            Assert.Skip("ffmpeg is not on PATH; the ffmpeg JPEG re-encode is not tested.");
        using var attacked = WatermarkImages.FfmpegJpeg(_marked, 8);
        Assert.NotNull(attacked);
        AssertRecovered(attacked, "ffmpeg -q:v 8");
    }

    [Fact]
    public void Payload_is_recovered_from_a_grey_frame()
    {
        using var grey = ImageFrame.Create(640, 480, 1);
        using (var scene = WatermarkImages.Scene(640, 480, seed: 9))
            scene.Plane(1).CopyTo(grey.Plane(0));

        using var marked = ImageWatermark.Embed(grey, Payload);
        var detection = Detect(marked);

        Assert.True(detection.Found);
        Assert.Equal(Payload, detection.Payload);
    }

    [Fact]
    public void The_wrong_key_finds_nothing()
    {
        var detection = Detect(_marked, new ImageWatermarkOptions { Key = 12345 });

        Assert.False(detection.Found);
        Assert.Null(detection.Payload);
    }

    [Fact]
    public void Unmarked_images_under_many_keys_report_not_found()
    {
        // 16 scenes x 2 keys, with the full crop search: 32 x (41 ratios x 16 phases x 1024 shifts) sync hypotheses,
        // 4 CRC checks each; one false positive would be a 1-in-500 event at the designed 2^-16 per check.
        for (var seed = 100; seed < 116; seed++)
        {
            using var scene = WatermarkImages.Scene(512 + 16 * (seed % 7), 384 + 8 * (seed % 5), seed);
            foreach (var key in (ulong[])[0x4175_676D_656E_7431, (ulong)seed * 7919])
            {
                var detection = Detect(scene, new ImageWatermarkOptions { Key = key });
                Assert.False(detection.Found, $"false positive on scene {seed} key {key}: {detection}");
            }
        }
    }

    [Fact]
    public void Marked_and_unmarked_sync_scores_are_far_apart()
    {
        var marked = Detect(_marked);
        var unmarked = Detect(_original);

        Assert.True(marked.SyncScore > 2 * unmarked.SyncScore, $"marked {marked.SyncScore:F1}, unmarked {unmarked.SyncScore:F1}");
        Assert.Equal(1.0, marked.BitConfidence, 2);
    }

    [Fact]
    public void Embedding_leaves_alpha_untouched_and_keeps_the_size()
    {
        using var rgba = ImageFrame.Create(200, 150, 4, hasAlpha: true);
        rgba.Data.Fill(0.5f);
        rgba.Alpha.Fill(0.25f);

        using var marked = ImageWatermark.Embed(rgba, Payload);

        Assert.Equal((200, 150, 4), (marked.Width, marked.Height, marked.Channels));
        Assert.All(marked.Alpha.ToArray(), a => Assert.Equal(0.25f, a));
        Assert.Contains(marked.Plane(0).ToArray(), v => v != 0.5f);
    }

    [Fact]
    public void Too_small_a_frame_is_an_argument_error()
    {
        using var tiny = ImageFrame.Create(32, 32, 3);

        Assert.Throws<ArgumentException>(() => ImageWatermark.Embed(tiny, Payload));
        Assert.False(Detect(tiny).Found);
    }

    private static WatermarkDetection Detect(ImageFrame frame, ImageWatermarkOptions? options = null) =>
        ImageWatermark.Detect(frame, options, TestContext.Current.CancellationToken);

    private static void AssertRecovered(ImageFrame attacked, string attack)
    {
        var detection = Detect(attacked);
        Assert.True(detection.Found, string.Create(CultureInfo.InvariantCulture, $"{attack}: not found ({detection})"));
        Assert.Equal(Payload, detection.Payload);
    }
}
