using System.Text.Json;

namespace Augment.Library.Tests.Ingest;

/// <summary>Reading the library's fields from ffprobe's JSON report (written out here; no ffmpeg needed).</summary>
public sealed class VideoMetadataTests
{
    private static VideoMetadata Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return VideoMetadata.Parse("clip.mov", document.RootElement);
    }

    [Fact]
    public void A_rotated_phone_clip_with_a_tmcd_stream_reports_upright_size_timecode_and_the_container_creation_time()
    {
        var metadata = Parse("""
            {"streams":[
              {"codec_type":"video","codec_name":"hevc","width":3840,"height":2160,"pix_fmt":"yuv420p10le","avg_frame_rate":"0/0",
               "r_frame_rate":"30/1","duration":"12.5","nb_frames":"375","color_space":"bt2020nc","color_transfer":"arib-std-b67",
               "side_data_list":[{"rotation":90}],"tags":{"creation_time":"2026-05-01T10:00:00.000000Z"}},
              {"codec_type":"video","codec_name":"mjpeg","width":320,"height":240,"disposition":{"attached_pic":1}},
              {"codec_type":"data","codec_tag_string":"tmcd","tags":{"timecode":"01:02:03:04"}}],
             "format":{"duration":"12.6","tags":{"creation_time":"2026-05-01T10:00:05.000000Z"}}}
            """);

        Assert.Equal((2160, 3840), (metadata.Width, metadata.Height));
        Assert.Equal((30, 1), (metadata.FrameRateNumerator, metadata.FrameRateDenominator));
        Assert.Equal(375, metadata.FrameCount);
        Assert.Equal(TimeSpan.FromSeconds(12.5), metadata.Duration);
        Assert.Equal("hevc", metadata.Codec);
        Assert.Equal("01:02:03:04", metadata.Timecode);
        Assert.Equal(new DateTime(2026, 5, 1, 10, 0, 5, DateTimeKind.Utc), metadata.CreatedUtc);
        Assert.False(metadata.IsRgb);
        Assert.Equal(":in_color_matrix=bt2020:in_range=tv", metadata.ScaleColorOptions());
    }

    [Fact]
    public void Only_cover_art_is_no_video_stream_and_a_missing_size_is_damaged_media()
    {
        Assert.Throws<InvalidMediaException>(() => Parse("""{"streams":[{"codec_type":"video","width":10,"height":10,"disposition":{"attached_pic":1}}]}"""));
        Assert.Throws<InvalidMediaException>(() => Parse("""{"streams":[{"codec_type":"video","codec_name":"h264"}]}"""));
        var rgb = Parse("""{"streams":[{"codec_type":"video","width":"64","height":48,"pix_fmt":"gbrp"}],"format":{"duration":"2"}}""");
        Assert.True(rgb.IsRgb);
        Assert.Equal((64, 48), (rgb.Width, rgb.Height));
        Assert.Equal((25, 1), (rgb.FrameRateNumerator, rgb.FrameRateDenominator));
        Assert.Equal(TimeSpan.FromSeconds(2), rgb.Duration);
        Assert.Equal("", rgb.ScaleColorOptions());
    }
}
