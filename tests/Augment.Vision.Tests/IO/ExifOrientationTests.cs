using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace Augment.Vision.Tests.IO;

public class ExifOrientationTests
{
    private const int W = 5, H = 3;

    // Stored pixel (x, y) has R = 40x + 10, G = 60y + 20, B = 7: every pixel is unique.
    private static (byte R, byte G) Stored(int x, int y) => ((byte)(40 * x + 10), (byte)(60 * y + 20));

    [Fact]
    public void Orientation_6_rotates_90_degrees_clockwise()
    {
        using var frame = LoadWithOrientation(6);

        // Tag 6 (EXIF 2.3 "0th row = visual right, 0th column = visual top"): shown rotated 90° clockwise,
        // so shown (x, y) comes from stored (y, H - 1 - x), and the shown size is H x W.
        Assert.Equal((H, W), (frame.Width, frame.Height));
        AssertPixels(frame, (x, y) => Stored(y, H - 1 - x));
    }

    [Fact]
    public void Orientation_3_rotates_180_degrees()
    {
        using var frame = LoadWithOrientation(3);

        Assert.Equal((W, H), (frame.Width, frame.Height));
        AssertPixels(frame, (x, y) => Stored(W - 1 - x, H - 1 - y));
    }

    [Fact]
    public void Orientation_is_left_alone_when_the_option_is_off()
    {
        using var frame = LoadWithOrientation(6, new ImageDecodeOptions { ApplyExifOrientation = false });

        Assert.Equal((W, H), (frame.Width, frame.Height));
        AssertPixels(frame, Stored);
    }

    private static Augment.ImageFrame LoadWithOrientation(ushort orientation, ImageDecodeOptions? options = null)
    {
        using var image = new Image<Rgb24>(W, H);
        for (var y = 0; y < H; y++)
        {
            for (var x = 0; x < W; x++)
            {
                var (r, g) = Stored(x, y);
                image[x, y] = new Rgb24(r, g, 7);
            }
        }
        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, orientation);
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        stream.Position = 0;
        return ImageFile.Load(stream, "oriented.png", options);
    }

    private static void AssertPixels(Augment.ImageFrame frame, Func<int, int, (byte R, byte G)> expected)
    {
        var rgb = frame.ToPixels8(PixelLayout.Rgb);
        for (var y = 0; y < frame.Height; y++)
        {
            for (var x = 0; x < frame.Width; x++)
            {
                var i = (y * frame.Width + x) * 3;
                Assert.Equal(expected(x, y), (rgb[i], rgb[i + 1]));
                Assert.Equal(7, rgb[i + 2]);
            }
        }
    }
}
