using CsCheck;

namespace Augment.Library.Tests.Export;

public sealed class SmpteTimecodeTests
{
    // Frame counts and displays of drop-frame timecode as SMPTE ST 12-1 defines it: frame numbers 00 and 01 are
    // skipped at the start of each minute except minutes 00, 10, 20...; one hour of 29.97 is 107 892 frames.
    [Theory]
    [InlineData(0L, "00:00:00;00")]
    [InlineData(1799L, "00:00:59;29")]
    [InlineData(1800L, "00:01:00;02")]
    [InlineData(3597L, "00:01:59;29")]
    [InlineData(3598L, "00:02:00;02")]
    [InlineData(17981L, "00:09:59;29")]
    [InlineData(17982L, "00:10:00;00")]
    [InlineData(107892L, "01:00:00;00")]
    public void Drop_frame_at_29_97_skips_two_numbers_a_minute_except_every_tenth(long frames, string expected)
    {
        var timecode = new SmpteTimecode(frames, 30, DropFrame: true);
        Assert.Equal(expected, timecode.ToString());
        Assert.Equal(frames, SmpteTimecode.Parse(expected, 30000.0 / 1001).Frames);
    }

    [Theory]
    [InlineData(3600L, "00:01:00;04")]
    [InlineData(215784L, "01:00:00;00")]
    public void Drop_frame_at_59_94_skips_four_numbers_a_minute(long frames, string expected) =>
        Assert.Equal(expected, new SmpteTimecode(frames, 60, DropFrame: true).ToString());

    [Theory]
    [InlineData(90000L, 25, "01:00:00:00")]
    [InlineData(86399L, 24, "00:59:59:23")]
    [InlineData(108000L, 30, "01:00:00:00")]
    public void Non_drop_frame_counts_every_number(long frames, int rate, string expected) =>
        Assert.Equal(expected, new SmpteTimecode(frames, rate, DropFrame: false).ToString());

    [Fact]
    public void Rates_of_29_97_and_59_94_drop_frames_and_others_do_not()
    {
        Assert.Equal((30, true), SmpteTimecode.Describe(30000.0 / 1001));
        Assert.Equal((30, true), SmpteTimecode.Describe(29.97));
        Assert.Equal((60, true), SmpteTimecode.Describe(60000.0 / 1001));
        Assert.Equal((24, false), SmpteTimecode.Describe(24000.0 / 1001));
        Assert.Equal((25, false), SmpteTimecode.Describe(25));
        Assert.Throws<ArgumentOutOfRangeException>(() => SmpteTimecode.Describe(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => SmpteTimecode.Describe(0));
    }

    [Fact]
    public void Time_after_a_start_timecode_counts_frames_from_it()
    {
        var start = SmpteTimecode.Parse("10:00:00:00", 25);
        Assert.Equal("10:00:02:12", SmpteTimecode.FromTime(TimeSpan.FromSeconds(2.48), 25, start).ToString());
        // 29.97 material carrying non-drop timecode keeps counting non-drop.
        var ndf = SmpteTimecode.Parse("01:00:00:00", 29.97);
        Assert.False(ndf.DropFrame);
        Assert.Equal("01:01:00:00", SmpteTimecode.FromTime(TimeSpan.FromSeconds(1800 / 29.97), 29.97, ndf).ToString());
    }

    [Theory]
    [InlineData("00:01:00;00")]
    [InlineData("00:01:00;01")]
    [InlineData("24:00:00;00")]
    [InlineData("00:00:00;30")]
    [InlineData("00:00:00")]
    [InlineData("aa:bb:cc;dd")]
    [InlineData("-1:00:00;00")]
    public void Parse_rejects_what_is_not_a_drop_frame_timecode(string text) =>
        Assert.Throws<FormatException>(() => SmpteTimecode.Parse(text, 29.97));

    [Fact]
    public void Display_and_parse_round_trip_for_every_frame_of_a_day() =>
        Gen.Select(Gen.Long[0, 24L * 3600 * 30 * 1000 / 1001 - 1], Gen.Int[0, 4]).Sample((frames, choice) =>
        {
            var (rate, drop) = choice switch
            {
                0 => (30000.0 / 1001, true),
                1 => (60000.0 / 1001, true),
                2 => (25.0, false),
                3 => (24.0, false),
                _ => (50.0, false),
            };
            var nominal = (int)Math.Round(rate);
            // Frames in 24 hours: drop-frame hours hold 6 ten-minute blocks of 600 x nominal - 9 x dropped frames.
            var dropped = nominal == 60 ? 4 : 2;
            var day = drop ? 24L * 6 * (600L * nominal - 9 * dropped) : 24L * 3600 * nominal;
            var timecode = new SmpteTimecode(frames % day, nominal, drop);
            return SmpteTimecode.Parse(timecode.ToString(), rate) == timecode;
        });

    [Fact]
    public void Parse_throws_only_format_errors_on_arbitrary_text() =>
        Gen.String.Sample(text =>
        {
            try
            {
                SmpteTimecode.Parse(text, 29.97);
            }
            catch (FormatException)
            {
            }
        });
}
