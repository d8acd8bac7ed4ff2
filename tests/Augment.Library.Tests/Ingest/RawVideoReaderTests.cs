using Augment.Vision;

namespace Augment.Library.Tests.Ingest;

public sealed class RawVideoReaderTests
{
    [Theory]
    [InlineData(new long[] { 5, 41, 99 })]                       // inline -vf select
    [InlineData(new long[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 60, 119 })] // filter script
    public void Frames_picked_by_number_are_the_same_frames_a_full_decode_gives(long[] wanted)
    {
        TestMedia.SkipWithoutFfmpeg();
        var token = TestContext.Current.CancellationToken;
        using var folder = new ScratchFolder();
        var clip = folder.File("clip.mov");
        TestMedia.ThreeShotClip(clip);
        var ffmpeg = FfmpegLocator.RequireFfmpeg();
        var metadata = VideoMetadata.Probe(FfmpegLocator.RequireFfprobe(), clip, token);
        Assert.Equal(120, metadata.FrameCount);

        var all = new List<byte[]>();
        using (var reader = RawVideoReader.Open(ffmpeg, clip, metadata, 96, 54, null, ComputeBudget.Default))
        {
            while (reader.ReadFrame(token) is { } frame)
                using (frame)
                    all.Add(frame.ToPixels8(PixelLayout.Rgb));
        }
        Assert.Equal(120, all.Count);

        using var picker = RawVideoReader.Open(ffmpeg, clip, metadata, 96, 54, wanted, ComputeBudget.Default);
        foreach (var index in wanted)
        {
            using var frame = picker.ReadFrame(token);
            Assert.NotNull(frame);
            Assert.True(all[(int)index].AsSpan().SequenceEqual(frame.ToPixels8(PixelLayout.Rgb)), $"frame {index} differs");
        }
        Assert.Null(picker.ReadFrame(token));
    }
}
