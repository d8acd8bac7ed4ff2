namespace Augment.Vision.Tests.IO;

public class FfmpegCrossCheckTests
{
    private const int W = 64, H = 48;

    [Fact]
    public void A_png_written_by_ffmpeg_decodes_exactly_as_ffmpeg_decodes_it()
    {
        Ffmpeg.SkipWhenAbsent();
        using var scratch = new ScratchFolder();
        var path = scratch.File("testsrc.png");
        Ffmpeg.Run("-f", "lavfi", "-i", $"testsrc=size={W}x{H}:rate=1", "-frames:v", "1", "-pix_fmt", "rgb24", path);
        var reference = Ffmpeg.Run("-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-");

        using var frame = ImageFile.Load(path);

        Assert.Equal((W, H, 3), (frame.Width, frame.Height, frame.Channels));
        Assert.Equal(reference, frame.ToPixels8(PixelLayout.Rgb));
    }

    [Fact]
    public void A_16_bit_png_written_by_ffmpeg_decodes_exactly_as_ffmpeg_decodes_it()
    {
        Ffmpeg.SkipWhenAbsent();
        using var scratch = new ScratchFolder();
        var path = scratch.File("testsrc48.png");
        Ffmpeg.Run("-f", "lavfi", "-i", $"testsrc=size={W}x{H}:rate=1", "-frames:v", "1", "-pix_fmt", "rgb48be", path);
        var raw = Ffmpeg.Run("-i", path, "-f", "rawvideo", "-pix_fmt", "rgb48le", "-");
        var reference = new ushort[raw.Length / 2];
        Buffer.BlockCopy(raw, 0, reference, 0, raw.Length);

        using var frame = ImageFile.Load(path);

        Assert.Equal(reference, frame.ToPixels16(PixelLayout.Rgb));
    }

    [Fact]
    public void A_jpeg_written_by_ffmpeg_decodes_close_to_ffmpegs_own_decode()
    {
        Ffmpeg.SkipWhenAbsent();
        using var scratch = new ScratchFolder();
        var path = scratch.File("testsrc.jpg");
        // 4:4:4 so that the comparison measures the decoders, not two chroma upsamplers.
        Ffmpeg.Run("-f", "lavfi", "-i", $"testsrc=size={W}x{H}:rate=1", "-frames:v", "1", "-pix_fmt", "yuvj444p", "-q:v", "2", path);
        var reference = Ffmpeg.Run("-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-");

        using var frame = ImageFile.Load(path);

        var psnr = TestImages.Psnr(reference, frame.ToPixels8(PixelLayout.Rgb));
        Assert.True(psnr >= 38, $"PSNR against ffmpeg's decode was {psnr:0.0} dB");
    }

    [Fact]
    public void Ffmpeg_decodes_our_png_to_the_pixels_we_wrote()
    {
        Ffmpeg.SkipWhenAbsent();
        using var scratch = new ScratchFolder();
        var pixels = TestImages.RandomBytes(W * H * 3, seed: 11);
        using var frame = ImageFrame.FromPixels(pixels, W, H, PixelLayout.Rgb);
        frame.Save(scratch.File("ours.png"));

        var decoded = Ffmpeg.Run("-i", scratch.File("ours.png"), "-f", "rawvideo", "-pix_fmt", "rgb24", "-");

        Assert.Equal(pixels, decoded);
    }

    [Fact]
    public void Ffmpeg_decodes_our_16_bit_tiff_to_the_samples_we_wrote()
    {
        Ffmpeg.SkipWhenAbsent();
        using var scratch = new ScratchFolder();
        var pixels = TestImages.RandomUShorts(W * H * 3, seed: 12);
        using var frame = ImageFrame.FromPixels(pixels, W, H, PixelLayout.Rgb);
        frame.Save(scratch.File("ours.tif"), new ImageSaveOptions { BitsPerChannel = 16 });

        var raw = Ffmpeg.Run("-i", scratch.File("ours.tif"), "-f", "rawvideo", "-pix_fmt", "rgb48le", "-");
        var decoded = new ushort[raw.Length / 2];
        Buffer.BlockCopy(raw, 0, decoded, 0, raw.Length);

        Assert.Equal(pixels, decoded);
    }
}
