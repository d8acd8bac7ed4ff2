using System.Text.Json;

namespace Augment.Vision.Tests.IO;

/// <summary>Reading ffprobe's JSON report (no ffmpeg needed: the reports are written out here).</summary>
public class FfmpegProbeTests
{
    private static FfmpegProbe Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return FfmpegProbe.Parse("clip.mp4", document.RootElement);
    }

    [Fact]
    public void A_phone_clip_rotated_a_quarter_turn_reports_its_upright_size()
    {
        var probe = Parse("""
            {"streams":[{"codec_type":"video","codec_name":"h264","width":1920,"height":1080,"pix_fmt":"yuv420p",
              "avg_frame_rate":"30000/1001","nb_frames":"300","side_data_list":[{"side_data_type":"Display Matrix","rotation":-90}]},
              {"codec_type":"audio","codec_name":"aac"}],
             "format":{"duration":"10.010000"}}
            """);

        Assert.Equal((1080, 1920), (probe.Info.Width, probe.Info.Height));
        Assert.Equal((30000, 1001, 300L), (probe.Info.FrameRateNumerator, probe.Info.FrameRateDenominator, probe.Info.FrameCount));
        Assert.True(probe.Info.HasAudio);
        Assert.Equal(ColorSpace.Srgb, probe.Info.ColorSpace);
        Assert.Equal("bt709", VideoColorTags.DecoderMatrix(probe)); // untagged HD: BT.709, not swscale's BT.601
    }

    [Fact]
    public void Hdr10_tags_give_Rec2020_PQ_and_the_BT2020_matrix()
    {
        var probe = Parse("""
            {"streams":[{"codec_type":"video","codec_name":"hevc","width":3840,"height":2160,"pix_fmt":"yuv420p10le",
              "avg_frame_rate":"24/1","color_range":"tv","color_space":"bt2020nc","color_transfer":"smpte2084","color_primaries":"bt2020"}],
             "format":{"duration":"2.000000"}}
            """);

        Assert.Equal(ColorSpace.Rec2020Pq, probe.Info.ColorSpace);
        Assert.Equal(10, probe.Info.BitsPerChannel);
        Assert.Equal("bt2020", VideoColorTags.DecoderMatrix(probe));
        Assert.Equal("tv", VideoColorTags.DecoderRange(probe));
        Assert.Null(probe.Info.FrameCount);
        Assert.Equal(48L, probe.ExpectedFrames); // duration x rate when the container has no count
        Assert.False(probe.Info.HasAudio);
    }

    [Fact]
    public void A_file_without_a_video_stream_is_InvalidMediaException_naming_it()
    {
        var error = Assert.Throws<InvalidMediaException>(() => Parse("""{"streams":[{"codec_type":"audio"}]}"""));
        Assert.Contains("clip.mp4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cover_picture_is_not_taken_for_the_video()
    {
        var probe = Parse("""
            {"streams":[{"codec_type":"video","codec_name":"mjpeg","width":600,"height":600,"disposition":{"attached_pic":1}},
              {"codec_type":"video","codec_name":"h264","width":320,"height":240,"avg_frame_rate":"25/1"}]}
            """);
        Assert.Equal((320, 240, "h264"), (probe.Info.Width, probe.Info.Height, probe.Info.Codec));
    }
}
