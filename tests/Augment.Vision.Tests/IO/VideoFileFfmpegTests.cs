using System.Runtime.InteropServices;

namespace Augment.Vision.Tests.IO;

/// <summary>Compressed video through ffmpeg, checked against ffmpeg's own decoding (skipped when ffmpeg is absent).</summary>
public class VideoFileFfmpegTests
{
    private const int W = VideoClips.Width, H = VideoClips.Height;

    // The conversion the reader asks of swscale for BT.709 limited-range video, spelled out independently.
    private const string Bt709ToRgb = "scale=in_color_matrix=bt709:in_range=tv:flags=accurate_rnd+full_chroma_int";

    [Fact]
    public void H264_mp4_decodes_frame_by_frame_within_one_code_of_ffmpegs_rgb48_decode()
    {
        Ffmpeg.SkipWhenAbsent();
        using var scratch = new ScratchFolder();
        var clip = VideoClips.H264Mp4(scratch);
        var reference = MemoryMarshal.Cast<byte, ushort>(Ffmpeg.Run("-i", clip, "-vf", Bt709ToRgb, "-f", "rawvideo", "-pix_fmt", "rgb48le", "-")).ToArray();

        using var reader = VideoFile.OpenRead(clip);
        var ours = VideoClips.ReadAll16(reader, out var frames);

        Assert.Equal((W, H, 25, 1, 10L), (reader.Info.Width, reader.Info.Height, reader.Info.FrameRateNumerator, reader.Info.FrameRateDenominator, reader.Info.FrameCount));
        Assert.Equal("h264", reader.Info.Codec);
        Assert.Equal(VideoClips.Frames, frames);
        Assert.Equal(reference.Length, ours.Length);
        Assert.InRange(MaxDifference(reference, ours), 0, 1);
    }

    [Fact]
    public void Lossless_ffv1_decodes_to_exactly_the_generated_test_pattern()
    {
        Ffmpeg.SkipWhenAbsent();
        using var scratch = new ScratchFolder();
        var clip = VideoClips.Ffv1Mkv(scratch);
        var pattern = VideoClips.PatternRgb24();

        using var reader = VideoFile.OpenRead(clip);
        var ours = new List<byte>();
        while (reader.ReadFrame(TestContext.Current.CancellationToken) is { } frame)
        {
            using (frame)
            {
                Assert.Equal((3, ColorSpace.Srgb), (frame.Channels, frame.ColorSpace));
                ours.AddRange(frame.ToPixels8(PixelLayout.Rgb));
            }
        }

        Assert.Equal(VideoClips.Frames, reader.FramesRead);
        Assert.Equal(pattern, ours.ToArray());
    }

    [Fact]
    public void Sixteen_bit_frames_round_trip_exactly_through_lossless_ffv1()
    {
        Ffmpeg.SkipWhenAbsent();
        using var scratch = new ScratchFolder();
        var path = scratch.File("round.mkv");
        var written = new List<ushort[]>();
        var format = new VideoInfo { Width = W, Height = H, FrameRateNumerator = 24000, FrameRateDenominator = 1001 };
        using (var writer = VideoFile.Create(path, format, new VideoEncodeOptions { Lossless = true, BitsPerChannel = 16 }))
        {
            for (var f = 0; f < 4; f++)
            {
                var samples = TestImages.RandomUShorts(W * H * 3, seed: 40 + f);
                written.Add(samples);
                using var frame = ImageFrame.FromPixels(samples, W, H, PixelLayout.Rgb);
                writer.WriteFrame(frame, TestContext.Current.CancellationToken);
            }
            Assert.Equal("ffv1", writer.Info.Codec);
            writer.Complete();
        }

        using var reader = VideoFile.OpenRead(path);
        Assert.Equal((24000, 1001), (reader.Info.FrameRateNumerator, reader.Info.FrameRateDenominator));
        for (var f = 0; f < 4; f++)
        {
            using var frame = reader.ReadFrame(TestContext.Current.CancellationToken);
            Assert.NotNull(frame);
            Assert.Equal(written[f], frame.ToPixels16(PixelLayout.Rgb));
        }
        Assert.Null(reader.ReadFrame(TestContext.Current.CancellationToken));
        Assert.Empty(Directory.GetFiles(scratch.Path, ".*"));
    }

    [Fact]
    public void Audio_packets_pass_through_a_processing_run_untouched()
    {
        Ffmpeg.SkipWhenAbsent();
        using var scratch = new ScratchFolder();
        var input = VideoClips.WithSineAudio(scratch);
        var output = scratch.File("graded.mp4");

        using (var reader = VideoFile.OpenRead(input))
        {
            Assert.True(reader.Info.HasAudio);
            using var writer = VideoFile.Create(output, reader.Info, new VideoEncodeOptions { AudioFrom = input });
            while (reader.ReadFrame(TestContext.Current.CancellationToken) is { } frame)
            {
                using (frame)
                {
                    // A grade: invert every sample (the frame changes, the audio must not).
                    foreach (ref var v in frame.Data)
                        v = 1f - v;
                    writer.WriteFrame(frame, TestContext.Current.CancellationToken);
                }
            }
            writer.Complete();
        }

        Assert.True(VideoFile.Probe(output).HasAudio);
        Assert.Equal(Ffmpeg.AudioPacketsMd5(input), Ffmpeg.AudioPacketsMd5(output));
        using var check = VideoFile.OpenRead(output);
        using var first = check.ReadFrame(TestContext.Current.CancellationToken);
        using var source = VideoFile.OpenRead(input);
        using var original = source.ReadFrame(TestContext.Current.CancellationToken);
        Assert.NotNull(first);
        Assert.NotNull(original);
        Assert.True(Math.Abs(first.Data[0] - (1f - original.Data[0])) < 0.1f, "the written frame is not the inverted source");
    }

    [Fact]
    public void Truncated_mp4_is_InvalidMediaException_naming_the_file()
    {
        Ffmpeg.SkipWhenAbsent();
        using var scratch = new ScratchFolder();
        var clip = VideoClips.H264Mp4(scratch);
        var bytes = File.ReadAllBytes(clip);
        var cut = scratch.File("cut.mp4");
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<InvalidMediaException>(() => VideoFile.OpenRead(cut));
        Assert.Contains("cut.mp4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_mkv_fails_while_reading_and_a_pipeline_leaves_no_output_file()
    {
        Ffmpeg.SkipWhenAbsent();
        using var scratch = new ScratchFolder();
        var clip = VideoClips.Ffv1Mkv(scratch);
        var bytes = File.ReadAllBytes(clip);
        var cut = scratch.File("cut.mkv");
        File.WriteAllBytes(cut, bytes[..(bytes.Length * 2 / 5)]);
        var output = scratch.File("out.mkv");

        var error = Assert.Throws<InvalidMediaException>(() =>
        {
            using var reader = VideoFile.OpenRead(cut);
            using var writer = VideoFile.Create(output, reader.Info, new VideoEncodeOptions { Lossless = true });
            while (reader.ReadFrame(TestContext.Current.CancellationToken) is { } frame)
            {
                using (frame)
                    writer.WriteFrame(frame, TestContext.Current.CancellationToken);
            }
            writer.Complete();
        });

        Assert.Contains("cut.mkv", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(scratch.Path, ".*"));
    }

    [Fact]
    public void More_frames_than_MaxFrames_is_ResourceLimitException_before_decoding()
    {
        Ffmpeg.SkipWhenAbsent();
        using var scratch = new ScratchFolder();
        var mp4 = VideoClips.H264Mp4(scratch);
        var mkv = VideoClips.Ffv1Mkv(scratch); // no frame count in the header: duration x rate

        var limits = new VideoDecodeOptions { MaxFrames = 5 };
        Assert.Contains("MaxFrames", Assert.Throws<ResourceLimitException>(() => VideoFile.OpenRead(mp4, limits)).Message, StringComparison.Ordinal);
        Assert.Throws<ResourceLimitException>(() => VideoFile.OpenRead(mkv, limits));
        using var exact = VideoFile.OpenRead(mp4, new VideoDecodeOptions { MaxFrames = VideoClips.Frames });
        VideoClips.ReadAll16(exact, out var frames);
        Assert.Equal(VideoClips.Frames, frames);
    }

    [Fact]
    public void Frames_larger_than_MaxPixelsPerFrame_are_refused_before_decoding()
    {
        Ffmpeg.SkipWhenAbsent();
        using var scratch = new ScratchFolder();
        var mp4 = VideoClips.H264Mp4(scratch);

        var error = Assert.Throws<ResourceLimitException>(() => VideoFile.OpenRead(mp4, new VideoDecodeOptions { MaxPixelsPerFrame = W * H - 1 }));
        Assert.Contains("64x48", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancelling_a_read_stops_ffmpeg_and_throws_OperationCanceledException()
    {
        Ffmpeg.SkipWhenAbsent();
        using var scratch = new ScratchFolder();
        var mp4 = VideoClips.H264Mp4(scratch);
        using var cancellation = new CancellationTokenSource();
        using var reader = VideoFile.OpenRead(mp4);
        using (var first = reader.ReadFrame(cancellation.Token))
            Assert.NotNull(first);
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => reader.ReadFrame(cancellation.Token));
    }

    [Fact]
    public void HDR_PQ_output_is_10_bit_and_tagged_BT2020_PQ_in_the_container()
    {
        Ffmpeg.SkipWhenAbsent();
        using var scratch = new ScratchFolder();
        var path = scratch.File("hdr.mkv");
        var format = new VideoInfo { Width = W, Height = H, ColorSpace = ColorSpace.Rec2020Pq };
        using (var writer = VideoFile.Create(path, format, new VideoEncodeOptions { BitsPerChannel = 10 }))
        {
            using var frame = ImageFrame.FromPixels(TestImages.RandomUShorts(W * H * 3, seed: 9), W, H, PixelLayout.Rgb, ColorSpace.Rec2020Pq);
            writer.WriteFrame(frame, TestContext.Current.CancellationToken);
            writer.WriteFrame(frame, TestContext.Current.CancellationToken);
            writer.Complete();
        }

        var info = VideoFile.Probe(path);
        Assert.Equal(ColorSpace.Rec2020Pq, info.ColorSpace);
        Assert.Equal(10, info.BitsPerChannel);
        Assert.Equal("yuv420p10le", info.PixelFormat);
        using var reader = VideoFile.OpenRead(path);
        using var decoded = reader.ReadFrame(TestContext.Current.CancellationToken);
        Assert.NotNull(decoded);
        Assert.Equal(ColorSpace.Rec2020Pq, decoded.ColorSpace);
    }

    [Fact]
    public void Writer_disposed_without_Complete_leaves_no_file()
    {
        Ffmpeg.SkipWhenAbsent();
        using var scratch = new ScratchFolder();
        var path = scratch.File("abandoned.mp4");
        using (var writer = VideoFile.Create(path, new VideoInfo { Width = W, Height = H }))
        {
            using var frame = ImageFrame.Create(W, H, 3);
            writer.WriteFrame(frame, TestContext.Current.CancellationToken);
        }

        Assert.Empty(scratch.Entries());
    }

    [Fact]
    public void Cancelling_a_write_stops_ffmpeg_and_leaves_no_file()
    {
        Ffmpeg.SkipWhenAbsent();
        using var scratch = new ScratchFolder();
        using var cancellation = new CancellationTokenSource();
        using var frame = ImageFrame.Create(W, H, 3);

        using (var writer = VideoFile.Create(scratch.File("cancelled.mkv"), new VideoInfo { Width = W, Height = H }))
        {
            writer.WriteFrame(frame, cancellation.Token);
            cancellation.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => writer.WriteFrame(frame, cancellation.Token));
        }

        Assert.Empty(scratch.Entries());
    }

    [Fact]
    public void Odd_sized_frames_encode_to_mp4_and_read_back_at_their_size()
    {
        Ffmpeg.SkipWhenAbsent();
        using var scratch = new ScratchFolder();
        var path = scratch.File("odd.mp4");
        using var frame = ImageFrame.FromPixels(TestImages.SmoothRgb(63, 47), 63, 47, PixelLayout.Rgb);
        using (var writer = VideoFile.Create(path, new VideoInfo { Width = 63, Height = 47 }))
        {
            writer.WriteFrame(frame, TestContext.Current.CancellationToken);
            writer.Complete();
        }

        using var reader = VideoFile.OpenRead(path);
        using var decoded = reader.ReadFrame(TestContext.Current.CancellationToken);
        Assert.NotNull(decoded);
        Assert.Equal((63, 47), (decoded.Width, decoded.Height));
        Assert.True(TestImages.Psnr(frame.ToPixels8(PixelLayout.Rgb), decoded.ToPixels8(PixelLayout.Rgb)) > 30);
    }

    [Fact]
    public void A_clip_tagged_with_a_quarter_turn_decodes_upright_like_ffmpeg()
    {
        Ffmpeg.SkipWhenAbsent();
        using var scratch = new ScratchFolder();
        var clip = VideoClips.H264Mp4(scratch, frames: 2);
        var rotated = scratch.File("rotated.mp4");
        Ffmpeg.Run("-i", clip, "-c", "copy", "-metadata:s:v:0", "rotate=90", rotated);
        var reference = MemoryMarshal.Cast<byte, ushort>(Ffmpeg.Run("-i", rotated, "-vf", Bt709ToRgb, "-f", "rawvideo", "-pix_fmt", "rgb48le", "-")).ToArray();

        using var reader = VideoFile.OpenRead(rotated);
        var ours = VideoClips.ReadAll16(reader, out var frames);

        Assert.Equal((H, W), (reader.Info.Width, reader.Info.Height));
        Assert.Equal(2, frames);
        Assert.Equal(reference.Length, ours.Length);
        Assert.InRange(MaxDifference(reference, ours), 0, 1);
    }

    private static int MaxDifference(ReadOnlySpan<ushort> a, ReadOnlySpan<ushort> b)
    {
        var worst = 0;
        for (var i = 0; i < a.Length; i++)
            worst = Math.Max(worst, Math.Abs(a[i] - b[i]));
        return worst;
    }
}
