using System.Text;

namespace Augment.Vision.Tests.IO;

public class Y4mFfmpegTests
{
    private const int W = 96, H = 64;

    // BT.709 limited range on both sides, with accurate rounding and full chroma interpolation.
    private const string FromYuv = "scale=in_color_matrix=bt709:in_range=tv:flags=accurate_rnd+full_chroma_int+bitexact";
    private const string ToYuv = "scale=out_color_matrix=bt709:out_range=tv:flags=accurate_rnd+full_chroma_int+bitexact";

    [Fact]
    public void Y4m_420_written_by_ffmpeg_decodes_like_ffmpegs_own_BT709_decode()
    {
        Ffmpeg.SkipWhenAbsent();
        using var scratch = new ScratchFolder();
        var pixels = TestImages.SmoothRgb(W, H);
        using (var source = ImageFrame.FromPixels(pixels, W, H, PixelLayout.Rgb))
            source.Save(scratch.File("smooth.png"));
        var y4m = scratch.File("ffmpeg.y4m");
        Ffmpeg.Run("-i", scratch.File("smooth.png"), "-vf", ToYuv, "-pix_fmt", "yuv420p", "-f", "yuv4mpegpipe", y4m);
        var reference = Ffmpeg.Run("-i", y4m, "-vf", FromYuv, "-pix_fmt", "rgb24", "-f", "rawvideo", "-");

        using var reader = Y4mReader.Open(y4m);
        using var frame = reader.ReadFrame(TestContext.Current.CancellationToken);

        Assert.NotNull(frame);
        Assert.Equal((W, H), (reader.Width, reader.Height));
        var ours = frame.ToPixels8(PixelLayout.Rgb);
        var psnr = TestImages.Psnr(reference, ours);
        Assert.True(psnr >= 40, $"PSNR against ffmpeg's decode: {psnr:0.0} dB");
        Assert.True(TestImages.Psnr(pixels, ours) >= 35, "decoded picture far from the source");
    }

    [Fact]
    public void Our_444_planes_match_ffmpegs_BT709_conversion_within_one_code()
    {
        Ffmpeg.SkipWhenAbsent();
        using var scratch = new ScratchFolder();
        var pixels = TestImages.RandomBytes(W * H * 3, seed: 31);
        using var frame = ImageFrame.FromPixels(pixels, W, H, PixelLayout.Rgb);
        frame.Save(scratch.File("noise.png"));
        var reference = Ffmpeg.Run("-i", scratch.File("noise.png"), "-vf", ToYuv, "-pix_fmt", "yuv444p", "-f", "rawvideo", "-");

        using (var writer = Y4mWriter.Create(scratch.File("ours.y4m"), W, H, chroma: Y4mChroma.Yuv444))
        {
            writer.WriteFrame(frame, TestContext.Current.CancellationToken);
            writer.Complete();
        }
        var ours = FramePayload(File.ReadAllBytes(scratch.File("ours.y4m")));

        Assert.Equal(reference.Length, ours.Length);
        var worst = 0;
        for (var i = 0; i < ours.Length; i++)
            worst = Math.Max(worst, Math.Abs(ours[i] - reference[i]));
        Assert.InRange(worst, 0, 1);
    }

    [Fact]
    public void Ffmpeg_reads_our_420_stream_frame_for_frame()
    {
        Ffmpeg.SkipWhenAbsent();
        using var scratch = new ScratchFolder();
        var pixels = TestImages.SmoothRgb(W, H);
        using var frame = ImageFrame.FromPixels(pixels, W, H, PixelLayout.Rgb);
        var path = scratch.File("ours.y4m");
        using (var writer = Y4mWriter.Create(path, W, H, 30000, 1001))
        {
            for (var f = 0; f < 3; f++)
                writer.WriteFrame(frame, TestContext.Current.CancellationToken);
            writer.Complete();
        }

        var raw = Ffmpeg.Run("-i", path, "-f", "rawvideo", "-pix_fmt", "yuv420p", "-");
        var rgb = Ffmpeg.Run("-i", path, "-vf", FromYuv, "-frames:v", "1", "-pix_fmt", "rgb24", "-f", "rawvideo", "-");

        var frameBytes = W * H * 3 / 2;
        Assert.Equal(3 * frameBytes, raw.Length);
        Assert.Equal(FramePayload(File.ReadAllBytes(path)), raw.AsSpan(0, frameBytes).ToArray());
        var psnr = TestImages.Psnr(pixels, rgb);
        Assert.True(psnr >= 35, $"ffmpeg's decode of our stream vs the source: {psnr:0.0} dB");
    }

    // The bytes of the first frame: after the stream header line and the FRAME line.
    private static byte[] FramePayload(byte[] file)
    {
        var headerEnd = Array.IndexOf(file, (byte)'\n');
        var frameEnd = Array.IndexOf(file, (byte)'\n', headerEnd + 1);
        Assert.Equal("FRAME", Encoding.ASCII.GetString(file, headerEnd + 1, frameEnd - headerEnd - 1));
        var length = Encoding.ASCII.GetString(file, 0, headerEnd).Contains("C444", StringComparison.Ordinal) ? W * H * 3 : W * H * 3 / 2;
        return file.AsSpan(frameEnd + 1, length).ToArray();
    }
}
