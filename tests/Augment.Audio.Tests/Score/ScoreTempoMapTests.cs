namespace Augment.Audio.Tests.Score;

public class ScoreTempoMapTests
{
    [Theory]
    // 4 s at base 110: 8 beats = 120 BPM (2 bars) is the whole-bar count nearest 110 inside 88-138.
    [InlineData(4.0, 110, 88, 138, 8)]
    // 2 s: 4 beats = 120 BPM, one bar.
    [InlineData(2.0, 110, 88, 138, 4)]
    // 1.3 s: 4 beats would be 184.6 BPM; no whole bar fits, so 2 beats = 92.3 BPM (a bar of 2/4).
    [InlineData(1.3, 110, 88, 138, 2)]
    // 0.3 s: even one beat would be 200 BPM: no count fits.
    [InlineData(0.3, 110, 88, 138, 0)]
    // 10 s at 100: 16 beats = 96, 20 beats = 120: 96 is nearer.
    [InlineData(10.0, 100, 80, 130, 16)]
    public void Beat_count_between_cuts_is_the_hand_computed_one(double gap, double bpm, double min, double max, int expected) =>
        Assert.Equal(expected, ScoreTempoMap.BestBeatCount(gap, bpm, min, max));

    [Fact]
    public void Every_reachable_cut_starts_a_bar_and_a_too_close_cut_does_not()
    {
        double[] cuts = [4.0, 5.3, 5.5, 9.7];
        var map = ScoreTempoMap.Build(12.0, 110, 88, 138, cuts);
        Assert.Equal([4.0, 5.3, 9.7], map.DownbeatCuts);
        foreach (var cut in map.DownbeatCuts)
        {
            var index = Array.FindIndex(map.BeatTimes, t => Math.Abs(t - cut) < 1e-9);
            Assert.True(index >= 0, $"no beat at cut {cut}");
            Assert.Equal(0, map.BeatInBar[index]);
        }
        for (var i = 0; i < map.BeatLengths.Length; i++)
            Assert.InRange(60.0 / map.BeatLengths[i], 88 - 1e-9, 138 + 1e-9);
        // After the last cut the base tempo resumes.
        Assert.Equal(60.0 / 110, map.BeatLengths[^1], 1e-12);
        Assert.True(map.BeatTimes[^1] < 12.0);
    }
}
