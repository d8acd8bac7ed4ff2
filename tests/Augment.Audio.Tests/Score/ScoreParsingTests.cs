using System.Globalization;
using CsCheck;

namespace Augment.Audio.Tests.Score;

public class ScoreParsingTests
{
    [Fact]
    public void A_colon_pair_is_a_linear_ramp_from_start_to_end()
    {
        var curve = ScoreCurve.Parse("0.2:0.8");
        Assert.Equal(0.2, curve.ValueAt(0), 1e-12);
        Assert.Equal(0.5, curve.ValueAt(0.5), 1e-12);
        Assert.Equal(0.8, curve.ValueAt(1), 1e-12);
        Assert.Equal(0.35, curve.ValueAt(0.25), 1e-12);
    }

    [Fact]
    public void Three_values_spread_evenly_and_explicit_breakpoints_are_honoured()
    {
        var up = ScoreCurve.Parse("0:1:0");
        Assert.Equal(1.0, up.ValueAt(0.5), 1e-12);
        Assert.Equal(0.5, up.ValueAt(0.75), 1e-12);
        var explicitCurve = ScoreCurve.Parse("0@0.2, 0.8@1, 1@0");
        Assert.Equal(0.6, explicitCurve.ValueAt(0.4), 1e-12);
        Assert.Equal(0.5, explicitCurve.ValueAt(0.9), 1e-12);
        Assert.Equal(0.7, ScoreCurve.Parse("0.7").ValueAt(0.3), 1e-12);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0.2:x")]
    [InlineData("0.5@0.2,0.4@0.3")]
    [InlineData("2@0.5")]
    public void Bad_curves_are_rejected_naming_the_part(string text)
    {
        var ex = Assert.Throws<FormatException>(() => ScoreCurve.Parse(text));
        Assert.Contains("curve", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("A minor", 9, ScaleMode.Minor)]
    [InlineData("Am", 9, ScaleMode.Minor)]
    [InlineData("F#", 6, ScaleMode.Major)]
    [InlineData("Bb major", 10, ScaleMode.Major)]
    [InlineData("d dorian", 2, ScaleMode.Dorian)]
    [InlineData("E-phrygian", 4, ScaleMode.Phrygian)]
    public void Keys_parse_from_note_and_mode(string text, int root, ScaleMode mode) =>
        Assert.Equal(new MusicalKey(root, mode), MusicalKey.Parse(text));

    [Fact]
    public void Scales_have_the_textbook_pitch_classes()
    {
        Assert.Equal([0, 2, 4, 5, 7, 9, 11], new MusicalKey(0, ScaleMode.Major).ScalePitchClasses());
        Assert.Equal([9, 11, 0, 2, 4, 5, 7], MusicalKey.AMinor.ScalePitchClasses());
        Assert.Equal([2, 4, 5, 7, 9, 11, 0], new MusicalKey(2, ScaleMode.Dorian).ScalePitchClasses());
        Assert.Equal([6, 8, 10, 11, 1, 3, 5], new MusicalKey(6, ScaleMode.Major).ScalePitchClasses()); // F# G# A# B C# D# E#
        Assert.Throws<FormatException>(() => MusicalKey.Parse("H minor"));
        Assert.Throws<FormatException>(() => MusicalKey.Parse("C sad"));
    }

    [Fact]
    public void Cut_lists_take_seconds_timecodes_a_header_and_comments()
    {
        var cuts = ScoreCuts.Parse("time\n1.5\n# a comment\n\n00:00:03.250\n01:02.5, shot 3\n0.75\n");
        Assert.Equal([0.75, 1.5, 3.25, 62.5], cuts.Select(c => c.TotalSeconds).ToArray());
    }

    [Fact]
    public void Bad_cut_lines_are_reported_with_their_line_numbers()
    {
        var ex = Assert.Throws<InvalidMediaException>(() => ScoreCuts.Parse("seconds\n1.0\nabc\n2.0\n-3\n00:75:00", "cuts.csv"));
        Assert.Contains("line 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 5", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 6", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("line 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("cuts.csv", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Any_time_written_as_seconds_or_timecode_parses_back_to_the_millisecond() =>
        Gen.Int[0, 36_000_000].Sample(ms =>
        {
            var time = TimeSpan.FromMilliseconds(ms);
            Assert.True(ScoreCuts.TryParseTime((ms / 1000.0).ToString("0.000", CultureInfo.InvariantCulture), out var a));
            Assert.True(ScoreCuts.TryParseTime(time.ToString(@"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture), out var b));
            Assert.Equal(ms, Math.Round(a.TotalMilliseconds));
            Assert.Equal(ms, Math.Round(b.TotalMilliseconds));
        });
}
