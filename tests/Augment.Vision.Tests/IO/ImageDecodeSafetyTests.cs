using CsCheck;

namespace Augment.Vision.Tests.IO;

public class ImageDecodeSafetyTests
{
    [Fact]
    public void Hand_written_png_header_is_valid_so_the_limit_tests_test_the_limit()
    {
        using var scratch = new ScratchFolder();
        // The same writer with a small size and real scanlines makes a PNG that decodes.
        File.WriteAllBytes(scratch.File("small.png"), PngBytes.WithHeader(5, 3, blackPixels: true));
        using var frame = ImageFile.Load(scratch.File("small.png"));
        Assert.Equal((5, 3, 3), (frame.Width, frame.Height, frame.Channels));
        Assert.All(frame.ToPixels8(PixelLayout.Rgb), b => Assert.Equal(0, b));
    }

    [Fact]
    public void A_png_declaring_100000_by_100000_pixels_is_rejected_before_decoding()
    {
        using var scratch = new ScratchFolder();
        var path = scratch.File("bomb.png");
        File.WriteAllBytes(path, PngBytes.WithHeader(100_000, 100_000));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ResourceLimitException>(() => ImageFile.Load(path));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("bomb.png", error.Message, StringComparison.Ordinal);
        Assert.Contains("100000x100000", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 16 << 20, $"allocated {allocated} bytes before rejecting");
    }

    [Fact]
    public void MaxPixels_applies_to_real_images()
    {
        using var scratch = new ScratchFolder();
        using var frame = ImageFrame.Create(64, 64, 3);
        frame.Save(scratch.File("64.png"));

        Assert.Throws<ResourceLimitException>(() => ImageFile.Load(scratch.File("64.png"), new ImageDecodeOptions { MaxPixels = 4095 }));
        using var ok = ImageFile.Load(scratch.File("64.png"), new ImageDecodeOptions { MaxPixels = 4096 });
        Assert.Equal(64, ok.Width);
    }

    [Fact]
    public void A_text_file_is_an_unsupported_format_naming_the_file()
    {
        using var scratch = new ScratchFolder();
        var path = scratch.File("notes.png");
        File.WriteAllText(path, "These are not the pixels you are looking for.\n");

        var error = Assert.Throws<UnsupportedFormatException>(() => ImageFile.Load(path));
        Assert.Contains("notes.png", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_is_an_unsupported_format()
    {
        using var scratch = new ScratchFolder();
        File.WriteAllBytes(scratch.File("empty.jpg"), []);
        Assert.Throws<UnsupportedFormatException>(() => ImageFile.Load(scratch.File("empty.jpg")));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(20)]
    [InlineData(33)]
    [InlineData(60)]
    [InlineData(200)]
    [InlineData(-20)]
    [InlineData(-40)]
    public void A_truncated_png_is_invalid_media_naming_the_file(int cut)
    {
        using var scratch = new ScratchFolder();
        var whole = EncodedRandom(ImageFileFormat.Png);
        var length = cut > 0 ? cut : whole.Length + cut;
        var path = scratch.File("cut.png");
        File.WriteAllBytes(path, whole.AsSpan(0, length).ToArray());

        var error = Record.Exception(() => ImageFile.Load(path));

        Assert.NotNull(error);
        Assert.True(error is InvalidMediaException or UnsupportedFormatException, $"{error.GetType().Name}: {error.Message}");
        Assert.Contains("cut.png", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(30)]
    [InlineData(150)]
    public void A_jpeg_cut_inside_its_headers_is_invalid_media(int cut)
    {
        var whole = EncodedRandom(ImageFileFormat.Jpeg);
        var error = Record.Exception(() => ImageFile.Load(new MemoryStream(whole, 0, cut), "cut.jpg"));
        Assert.NotNull(error);
        Assert.True(error is InvalidMediaException or UnsupportedFormatException, $"{error.GetType().Name}: {error.Message}");
    }

    [Theory]
    [InlineData(ImageFileFormat.Jpeg, 0.6)]
    [InlineData(ImageFileFormat.Jpeg, 0.999)]
    [InlineData(ImageFileFormat.WebP, 0.6)]
    [InlineData(ImageFileFormat.WebP, 0.999)]
    [InlineData(ImageFileFormat.Bmp, 0.6)]
    [InlineData(ImageFileFormat.Bmp, 0.999)]
    [InlineData(ImageFileFormat.Tiff, 0.5)]
    public void A_file_cut_inside_its_pixel_data_is_invalid_media_not_a_silently_black_picture(ImageFileFormat format, double keptFraction)
    {
        // ImageSharp 2.1 decodes these without complaint and fills the missing pixels with zeros.
        var whole = EncodedRandom(format);
        var cut = Math.Min(whole.Length - 1, (int)(whole.Length * keptFraction));

        var error = Assert.Throws<InvalidMediaException>(() => ImageFile.Load(new MemoryStream(whole, 0, cut), "cut.media"));

        Assert.Contains("cut.media", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ImageFileFormat.Png)]
    [InlineData(ImageFileFormat.Jpeg)]
    [InlineData(ImageFileFormat.WebP)]
    [InlineData(ImageFileFormat.Bmp)]
    [InlineData(ImageFileFormat.Tiff)]
    public void Random_truncations_and_byte_flips_fail_only_with_media_exceptions(ImageFileFormat format)
    {
        var whole = EncodedRandom(format);
        Gen.Select(Gen.Int[1, whole.Length], Gen.Int[0, whole.Length - 1], Gen.Byte, Gen.Bool)
            .Sample(t =>
            {
                var (length, position, value, flip) = t;
                var bytes = whole.AsSpan(0, length).ToArray();
                if (flip && position < bytes.Length)
                    bytes[position] ^= (byte)(value | 1);
                try
                {
                    using var frame = ImageFile.Load(new MemoryStream(bytes), "fuzz", SmallLimit);
                    Assert.InRange((long)frame.Width * frame.Height, 1, SmallLimit.MaxPixels);
                }
                catch (ResourceLimitException)
                {
                    // A flipped size field may declare more pixels than the limit: rejecting it is right.
                }
                catch (InvalidMediaException)
                {
                }
                catch (UnsupportedFormatException)
                {
                }
            }, iter: 300);
    }

    private static readonly ImageDecodeOptions SmallLimit = new() { MaxPixels = 1 << 20 };

    private static byte[] EncodedRandom(ImageFileFormat format)
    {
        using var frame = ImageFrame.FromPixels(TestImages.SmoothRgb(24, 16), 24, 16, PixelLayout.Rgb);
        using var stream = new MemoryStream();
        frame.Save(stream, format);
        return stream.ToArray();
    }
}
