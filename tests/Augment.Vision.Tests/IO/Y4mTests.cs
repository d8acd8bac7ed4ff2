using System.Text;

namespace Augment.Vision.Tests.IO;

public class Y4mTests
{
    [Fact]
    public void Yuv444_round_trip_error_stays_within_the_BT709_quantisation_bound()
    {
        const int W = 23, H = 17;
        var pixels = TestImages.RandomBytes(W * H * 3, seed: 21);
        using var frame = ImageFrame.FromPixels(pixels, W, H, PixelLayout.Rgb);
        using var stream = new MemoryStream();
        using (var writer = new Y4mWriter(stream, W, H, chroma: Y4mChroma.Yuv444, leaveOpen: true))
            writer.WriteFrame(frame, TestContext.Current.CancellationToken);
        stream.Position = 0;

        using var reader = new Y4mReader(stream, "mem.y4m");
        using var back = reader.ReadFrame(TestContext.Current.CancellationToken);

        // Half a code of Y (1/219) plus half a code of Cb or Cr (1/224) through the largest matrix
        // coefficient (2(1 - Kb) = 1.8556) bounds the error: 0.5/219 + 1.8556 * 0.5/224 = 0.0064.
        Assert.NotNull(back);
        Assert.Equal(ColorSpace.Rec709, back.ColorSpace);
        var maxError = 0f;
        for (var c = 0; c < 3; c++)
        {
            for (var i = 0; i < W * H; i++)
                maxError = Math.Max(maxError, Math.Abs(back.Plane(c)[i] - frame.Plane(c)[i]));
        }
        Assert.InRange(maxError, 0f, 0.0065f);
    }

    [Fact]
    public void Yuv420_round_trip_of_a_smooth_picture_keeps_40_dB()
    {
        const int W = 96, H = 64;
        var pixels = TestImages.SmoothRgb(W, H);
        using var frame = ImageFrame.FromPixels(pixels, W, H, PixelLayout.Rgb);
        using var stream = new MemoryStream();
        using (var writer = new Y4mWriter(stream, W, H, leaveOpen: true))
        {
            writer.WriteFrame(frame, TestContext.Current.CancellationToken);
            writer.WriteFrame(frame, TestContext.Current.CancellationToken);
        }
        stream.Position = 0;

        using var reader = new Y4mReader(stream, "mem.y4m");
        using var first = reader.ReadFrame(TestContext.Current.CancellationToken);
        using var second = reader.ReadFrame(TestContext.Current.CancellationToken);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(reader.ReadFrame(TestContext.Current.CancellationToken));
        Assert.Equal(2, reader.FramesRead);
        Assert.True(TestImages.Psnr(pixels, first.ToPixels8(PixelLayout.Rgb)) >= 40);
        Assert.Equal(first.Data.ToArray(), second.Data.ToArray());
    }

    [Fact]
    public void Odd_sizes_use_rounded_up_chroma_planes()
    {
        const int W = 5, H = 3;
        using var frame = ImageFrame.Create(W, H, 3);
        using var stream = new MemoryStream();
        using (var writer = new Y4mWriter(stream, W, H, leaveOpen: true))
            writer.WriteFrame(frame, TestContext.Current.CancellationToken);

        var header = "YUV4MPEG2 W5 H3 F25:1 Ip A1:1 C420jpeg\nFRAME\n".Length;
        Assert.Equal(header + W * H + 2 * (3 * 2), stream.Length);
    }

    [Fact]
    public void Header_fields_are_parsed()
    {
        var bytes = Y4m("YUV4MPEG2 W4 H2 F30000:1001 It A128:117 C444 XYSCSS=444", frames: 1, frameBytes: 4 * 2 * 3);

        using var reader = new Y4mReader(new MemoryStream(bytes), "h.y4m");

        Assert.Equal((4, 2, Y4mChroma.Yuv444, 30000, 1001), (reader.Width, reader.Height, reader.Chroma, reader.FrameRateNumerator, reader.FrameRateDenominator));
        using var frame = reader.ReadFrame(TestContext.Current.CancellationToken);
        Assert.NotNull(frame);
    }

    [Fact]
    public void Black_and_white_codes_decode_to_0_and_1()
    {
        // Y = 16 / 235 with neutral chroma are BT.709 limited-range black and white.
        var bytes = Encoding.ASCII.GetBytes("YUV4MPEG2 W2 H1 F25:1 C444\nFRAME\n").Concat(new byte[] { 16, 235, 128, 128, 128, 128 }).ToArray();

        using var reader = new Y4mReader(new MemoryStream(bytes));
        using var frame = reader.ReadFrame(TestContext.Current.CancellationToken);

        Assert.NotNull(frame);
        for (var c = 0; c < 3; c++)
        {
            Assert.Equal(0f, frame.Plane(c)[0], 1e-6f);
            Assert.Equal(1f, frame.Plane(c)[1], 1e-6f);
        }
    }

    [Fact]
    public void A_truncated_frame_is_invalid_media_with_the_offset()
    {
        var bytes = Y4m("YUV4MPEG2 W4 H4 F25:1 C420jpeg", frames: 2, frameBytes: 16 + 8);
        var cut = bytes.AsSpan(0, bytes.Length - 5).ToArray();

        using var reader = new Y4mReader(new MemoryStream(cut), "cut.y4m");
        using var first = reader.ReadFrame(TestContext.Current.CancellationToken);
        var error = Assert.Throws<InvalidMediaException>(() => reader.ReadFrame(TestContext.Current.CancellationToken));

        Assert.Equal(cut.Length, error.Offset);
        Assert.Contains("cut.y4m", error.Message, StringComparison.Ordinal);
        Assert.Contains("frame 1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("YUV4MPEG2 W4 H4 F25:1 C444p9")]
    [InlineData("YUV4MPEG2 W4 H4 F25:1 C422p10")]
    [InlineData("YUV4MPEG2 W4 H4 F25:1 C422")]
    [InlineData("YUV4MPEG2 W4 H4 F25:1 Cmono")]
    public void Other_chroma_layouts_and_bit_depths_are_unsupported(string header)
    {
        var error = Assert.Throws<UnsupportedFormatException>(() => new Y4mReader(new MemoryStream(Y4m(header, 0, 0)), "deep.y4m"));
        Assert.Contains("deep.y4m", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("YUV4MPEG2 H4 F25:1")]
    [InlineData("YUV4MPEG2 W-4 H4")]
    [InlineData("YUV4MPEG2 W4 H4 F25")]
    public void Malformed_headers_are_invalid_media(string header) =>
        Assert.Throws<InvalidMediaException>(() => new Y4mReader(new MemoryStream(Y4m(header, 0, 0))));

    [Fact]
    public void A_non_y4m_stream_is_unsupported() =>
        Assert.Throws<UnsupportedFormatException>(() => new Y4mReader(new MemoryStream(PngBytes.WithHeader(4, 4, blackPixels: true))));

    [Fact]
    public void A_huge_declared_frame_is_rejected_by_the_pixel_limit()
    {
        var error = Assert.Throws<ResourceLimitException>(() => new Y4mReader(new MemoryStream(Y4m("YUV4MPEG2 W100000 H100000 F25:1", 0, 0)), "big.y4m"));
        Assert.Contains("100000x100000", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Y4m(string header, int frames, int frameBytes)
    {
        using var stream = new MemoryStream();
        stream.Write(Encoding.ASCII.GetBytes(header + "\n"));
        var random = new Random(frames + frameBytes);
        for (var f = 0; f < frames; f++)
        {
            stream.Write("FRAME\n"u8);
            var data = new byte[frameBytes];
            random.NextBytes(data);
            stream.Write(data);
        }
        return stream.ToArray();
    }
}
