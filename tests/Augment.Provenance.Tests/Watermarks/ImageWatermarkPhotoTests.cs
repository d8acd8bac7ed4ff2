using Augment.Provenance.Watermarks;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Augment.Provenance.Tests.Watermarks;

/// <summary>The same attacks on a real photograph (the C2PA reference fixture CA.jpg, 1024 x 683), whose texture is harder than generated scenes.</summary>
public sealed class ImageWatermarkPhotoTests : IDisposable
{
    private static readonly WatermarkPayload Payload = new(0xFEEDFACE00000042UL);

    private readonly ImageFrame _photo;
    private readonly ImageFrame _marked;

    public ImageWatermarkPhotoTests()
    {
        using (var image = Image.Load<Rgb24>(Fixtures.Path_("CA.jpg")))
            _photo = WatermarkImages.FromImage(image);
        using var marked = ImageWatermark.Embed(_photo, Payload);
        _marked = WatermarkImages.Quantised(marked);
    }

    public void Dispose()
    {
        _photo.Dispose();
        _marked.Dispose();
    }

    [Fact]
    public void Marked_photo_has_a_psnr_of_at_least_40_dB()
    {
        Assert.True(ImageQuality.Psnr(_photo, _marked) >= 40);
    }

    [Theory]
    [InlineData("jpeg50")]
    [InlineData("resize50")]
    [InlineData("crop10")]
    [InlineData("brighter20")]
    public void Payload_is_recovered_from_the_attacked_photo(string attack)
    {
        using var attacked = attack switch
        {
            "jpeg50" => WatermarkImages.Jpeg(_marked, 50),
            "resize50" => WatermarkImages.Resize(_marked, 0.5),
            "crop10" => WatermarkImages.Crop(_marked, 0.9, 0.3),
            _ => WatermarkImages.Brightness(_marked, 1.2f),
        };

        var detection = ImageWatermark.Detect(attacked, null, TestContext.Current.CancellationToken);

        Assert.True(detection.Found, $"{attack}: {detection}");
        Assert.Equal(Payload, detection.Payload);
    }

    [Fact]
    public void The_unmarked_photo_reports_not_found()
    {
        Assert.False(ImageWatermark.Detect(_photo, null, TestContext.Current.CancellationToken).Found);
    }
}
