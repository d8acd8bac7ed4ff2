namespace Augment.Core.Tests.Imaging;

public class ImageFrameTests
{
    [Fact]
    public void Rgba8_round_trips_exactly_for_every_byte_value()
    {
        var pixels = new byte[256 * 4];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 7 + i / 256);
        using var frame = ImageFrame.FromPixels(pixels, 256, 1, PixelLayout.Rgba);
        Assert.Equal(pixels, frame.ToPixels8(PixelLayout.Rgba));
    }
}
