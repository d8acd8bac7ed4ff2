namespace Augment.Vision.Tests.IO;

public class ImageRoundTripTests
{
    [Theory]
    [InlineData("rgb.png")]
    [InlineData("rgb.bmp")]
    [InlineData("rgb.tif")]
    public void Lossless_8_bit_formats_round_trip_RGB_exactly(string name)
    {
        using var scratch = new ScratchFolder();
        const int W = 37, H = 23;
        var pixels = TestImages.RandomBytes(W * H * 3, seed: 1);
        using var frame = ImageFrame.FromPixels(pixels, W, H, PixelLayout.Rgb);

        frame.Save(scratch.File(name));
        using var loaded = ImageFile.Load(scratch.File(name));

        Assert.Equal((W, H, 3, false, ColorSpace.Srgb), (loaded.Width, loaded.Height, loaded.Channels, loaded.HasAlpha, loaded.ColorSpace));
        Assert.Equal(pixels, loaded.ToPixels8(PixelLayout.Rgb));
    }

    [Fact]
    public void Png_16_bit_round_trips_all_65536_values_exactly()
    {
        using var scratch = new ScratchFolder();
        const int W = 256, H = 256;
        var pixels = new ushort[W * H * 3];
        for (var i = 0; i < W * H; i++)
        {
            pixels[3 * i] = (ushort)i;
            pixels[3 * i + 1] = (ushort)(65535 - i);
            pixels[3 * i + 2] = (ushort)(i * 7919 % 65536);
        }
        using var frame = ImageFrame.FromPixels(pixels, W, H, PixelLayout.Rgb);

        frame.Save(scratch.File("ramp.png"), new ImageSaveOptions { BitsPerChannel = 16 });
        using var loaded = ImageFile.Load(scratch.File("ramp.png"));

        Assert.Equal(3, loaded.Channels);
        Assert.Equal(pixels, loaded.ToPixels16(PixelLayout.Rgb));
    }

    [Fact]
    public void Png_16_bit_with_alpha_round_trips_exactly()
    {
        using var scratch = new ScratchFolder();
        const int W = 19, H = 11;
        var pixels = TestImages.RandomUShorts(W * H * 4, seed: 2);
        using var frame = ImageFrame.FromPixels(pixels, W, H, PixelLayout.Rgba);

        frame.Save(scratch.File("rgba16.png"), new ImageSaveOptions { BitsPerChannel = 16 });
        using var loaded = ImageFile.Load(scratch.File("rgba16.png"));

        Assert.True(loaded.HasAlpha);
        Assert.Equal(pixels, loaded.ToPixels16(PixelLayout.Rgba));
    }

    [Fact]
    public void Tiff_16_bit_round_trips_exactly()
    {
        using var scratch = new ScratchFolder();
        const int W = 33, H = 17;
        var pixels = TestImages.RandomUShorts(W * H * 3, seed: 3);
        using var frame = ImageFrame.FromPixels(pixels, W, H, PixelLayout.Rgb);

        frame.Save(scratch.File("deep.tiff"), new ImageSaveOptions { BitsPerChannel = 16 });
        using var loaded = ImageFile.Load(scratch.File("deep.tiff"));

        Assert.Equal(3, loaded.Channels);
        Assert.Equal(pixels, loaded.ToPixels16(PixelLayout.Rgb));
    }

    [Fact]
    public void Tiff_16_bit_grey_round_trips_exactly_across_several_strips()
    {
        using var scratch = new ScratchFolder();
        const int W = 300, H = 250; // 600-byte rows: about 110 rows a strip, so three strips
        var grey = TestImages.RandomUShorts(W * H, seed: 9);
        using var frame = ImageFrame.FromPixels(grey, W, H, PixelLayout.Gray);

        frame.Save(scratch.File("grey16.tif"), new ImageSaveOptions { BitsPerChannel = 16 });
        using var loaded = ImageFile.Load(scratch.File("grey16.tif"));

        var rgb = loaded.ToPixels16(PixelLayout.Rgb);
        for (var i = 0; i < W * H; i++)
            Assert.Equal((grey[i], grey[i], grey[i]), (rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]));
    }

    [Theory]
    [InlineData("alpha.png")]
    [InlineData("alpha.webp")]
    [InlineData("alpha.bmp")]
    public void Alpha_is_preserved_exactly_including_colour_under_transparent_pixels(string name)
    {
        using var scratch = new ScratchFolder();
        const int W = 21, H = 13;
        var pixels = TestImages.RandomBytes(W * H * 4, seed: 4);
        for (var i = 0; i < W * H; i += 5)
            pixels[4 * i + 3] = 0; // fully transparent pixels with random colour
        using var frame = ImageFrame.FromPixels(pixels, W, H, PixelLayout.Rgba);

        frame.Save(scratch.File(name), new ImageSaveOptions { Lossless = true });
        using var loaded = ImageFile.Load(scratch.File(name));

        Assert.True(loaded.HasAlpha);
        Assert.Equal(pixels, loaded.ToPixels8(PixelLayout.Rgba));
    }

    [Fact]
    public void WebP_lossless_round_trips_RGB_exactly()
    {
        using var scratch = new ScratchFolder();
        const int W = 40, H = 30;
        var pixels = TestImages.RandomBytes(W * H * 3, seed: 5);
        using var frame = ImageFrame.FromPixels(pixels, W, H, PixelLayout.Rgb);

        frame.Save(scratch.File("lossless.webp"), new ImageSaveOptions { Lossless = true });
        using var loaded = ImageFile.Load(scratch.File("lossless.webp"));

        Assert.False(loaded.HasAlpha);
        Assert.Equal(pixels, loaded.ToPixels8(PixelLayout.Rgb));
    }

    [Theory]
    [InlineData("smooth.jpg", 90, 34.0)]
    [InlineData("smooth.webp", 90, 32.0)]
    public void Lossy_formats_stay_within_a_PSNR_bound(string name, int quality, double minimumPsnrDb)
    {
        using var scratch = new ScratchFolder();
        const int W = 96, H = 64;
        var pixels = TestImages.SmoothRgb(W, H);
        using var frame = ImageFrame.FromPixels(pixels, W, H, PixelLayout.Rgb);

        frame.Save(scratch.File(name), new ImageSaveOptions { Quality = quality });
        using var loaded = ImageFile.Load(scratch.File(name));

        var psnr = TestImages.Psnr(pixels, loaded.ToPixels8(PixelLayout.Rgb));
        Assert.True(psnr >= minimumPsnrDb, $"PSNR {psnr:0.0} dB < {minimumPsnrDb} dB");
        Assert.True(psnr < 80, "a lossy codec should not be exact on this picture; was the lossy path taken?");
    }

    [Fact]
    public void Jpeg_quality_option_trades_size_for_fidelity()
    {
        using var scratch = new ScratchFolder();
        const int W = 96, H = 64;
        var pixels = TestImages.RandomBytes(W * H * 3, seed: 6);
        using var frame = ImageFrame.FromPixels(pixels, W, H, PixelLayout.Rgb);

        frame.Save(scratch.File("q30.jpg"), new ImageSaveOptions { Quality = 30 });
        frame.Save(scratch.File("q95.jpg"), new ImageSaveOptions { Quality = 95 });

        Assert.True(new FileInfo(scratch.File("q30.jpg")).Length < new FileInfo(scratch.File("q95.jpg")).Length);
        using var low = ImageFile.Load(scratch.File("q30.jpg"));
        using var high = ImageFile.Load(scratch.File("q95.jpg"));
        Assert.True(TestImages.Psnr(pixels, low.ToPixels8(PixelLayout.Rgb)) < TestImages.Psnr(pixels, high.ToPixels8(PixelLayout.Rgb)));
    }

    [Fact]
    public void Grey_frames_save_as_grey_and_load_as_equal_RGB_planes()
    {
        using var scratch = new ScratchFolder();
        const int W = 16, H = 9;
        var grey = TestImages.RandomUShorts(W * H, seed: 7);
        using var frame = ImageFrame.FromPixels(grey, W, H, PixelLayout.Gray);

        frame.Save(scratch.File("grey.png"), new ImageSaveOptions { BitsPerChannel = 16 });
        using var loaded = ImageFile.Load(scratch.File("grey.png"));

        var rgb = loaded.ToPixels16(PixelLayout.Rgb);
        for (var i = 0; i < W * H; i++)
        {
            Assert.Equal(grey[i], rgb[3 * i]);
            Assert.Equal(grey[i], rgb[3 * i + 1]);
            Assert.Equal(grey[i], rgb[3 * i + 2]);
        }
    }

    [Fact]
    public void Saving_does_not_modify_the_frame_even_when_samples_are_out_of_range()
    {
        using var scratch = new ScratchFolder();
        using var frame = ImageFrame.Create(8, 4, 3);
        var data = frame.Data;
        for (var i = 0; i < data.Length; i++)
            data[i] = (i % 7) * 0.4f - 0.6f; // some below 0, some above 1
        var before = data.ToArray();

        frame.Save(scratch.File("clamped.png"));

        Assert.Equal(before, frame.Data.ToArray());
        using var loaded = ImageFile.Load(scratch.File("clamped.png"));
        var written = loaded.ToPixels8(PixelLayout.Rgb);
        for (var p = 0; p < 32; p++)
        {
            for (var c = 0; c < 3; c++)
                Assert.Equal((byte)Math.Round(Math.Clamp(before[c * 32 + p], 0f, 1f) * 255f), written[3 * p + c]);
        }
    }

    [Fact]
    public void Loading_from_a_stream_that_cannot_seek_matches_loading_the_file()
    {
        using var scratch = new ScratchFolder();
        var pixels = TestImages.RandomBytes(12 * 10 * 3, seed: 8);
        using var frame = ImageFrame.FromPixels(pixels, 12, 10, PixelLayout.Rgb);
        using var encoded = new MemoryStream();
        frame.Save(encoded, ImageFileFormat.Png);

        using var forwardOnly = new ForwardOnlyStream(encoded.ToArray());
        using var loaded = ImageFile.Load(forwardOnly, "memory.png");

        Assert.Equal(pixels, loaded.ToPixels8(PixelLayout.Rgb));
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
