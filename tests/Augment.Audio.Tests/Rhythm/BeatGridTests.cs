namespace Augment.Audio.Tests.Rhythm;

public class BeatGridTests
{
    private static void Log(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    [Fact]
    public void Cuts_on_a_regular_two_second_grid_give_120_BPM_with_downbeats_on_the_cuts()
    {
        double[] cuts = [0, 2, 4, 6, 8, 10, 12, 14, 16];

        var grid = BeatGrid.FromCuts(cuts, 17);

        // Hand-computed: 2 s per bar of 4 beats is 0.5 s per beat, beats at 0, 0.5, ..., 17.
        Assert.Equal(35, grid.Beats.Count);
        for (var i = 0; i < grid.Beats.Count; i++)
        {
            Assert.Equal(i * 0.5, grid.Beats[i].TimeSeconds, 1e-9);
            Assert.Equal(i % 4 == 0, grid.Beats[i].IsDownbeat);
            Assert.Equal(120, grid.Beats[i].Bpm, 1e-9);
        }
        foreach (var anchor in grid.Anchors)
        {
            Assert.True(anchor.OnDownbeat);
            Assert.Equal(0, anchor.ResidualSeconds, 1e-9);
        }
    }

    [Fact]
    public void Irregular_cuts_land_on_downbeats_within_1_ms_with_every_tempo_in_range()
    {
        double[] cuts = [0.7, 3.1, 5.9, 9.35, 12.0, 15.55, 18.2];
        var options = BeatGridOptions.Default with { MinBpm = 80, MaxBpm = 160 };

        var grid = BeatGrid.FromCuts(cuts, 20, options);

        foreach (var anchor in grid.Anchors)
        {
            Log($"cut {anchor.TimeSeconds:0.000} -> beat {anchor.BeatSeconds:0.000000} ({anchor.ResidualSeconds * 1000:0.000} ms, downbeat {anchor.OnDownbeat})");
            Assert.True(Math.Abs(anchor.ResidualSeconds) < 1e-3, $"cut {anchor.TimeSeconds} missed by {anchor.ResidualSeconds} s");
            Assert.True(anchor.OnDownbeat);
        }
        // Independent check from the beats alone: between consecutive cuts the beats are evenly
        // spaced, a whole number of bars, at a tempo inside the range.
        for (var c = 0; c + 1 < cuts.Length; c++)
        {
            var inside = grid.Beats.Where(b => b.TimeSeconds >= cuts[c] - 1e-6 && b.TimeSeconds < cuts[c + 1] - 1e-6).ToList();
            Assert.Equal(0, inside.Count % 4);
            var bpm = 60.0 * inside.Count / (cuts[c + 1] - cuts[c]);
            Assert.InRange(bpm, 80, 160);
            for (var i = 1; i < inside.Count; i++)
                Assert.Equal(60 / bpm, inside[i].TimeSeconds - inside[i - 1].TimeSeconds, 1e-9);
        }
        foreach (var segment in grid.Segments) Assert.InRange(segment.Bpm, 80 - 1e-9, 160 + 1e-9);
    }

    [Fact]
    public void Short_gaps_land_on_beats_when_a_whole_bar_does_not_fit()
    {
        // 1.2 s holds 2 beats at 100 BPM but no whole bar of 4 between 80 and 160 BPM.
        double[] cuts = [1.0, 2.2, 6.2];

        var grid = BeatGrid.FromCuts(cuts, 8);

        Assert.All(grid.Anchors, a => Assert.True(Math.Abs(a.ResidualSeconds) < 1e-3));
        Assert.False(grid.Anchors[1].OnDownbeat);
        // 2 beats (100 BPM) or 3 (150 BPM) are the only whole counts in range; the later cut is a downbeat again.
        var bpm = grid.Segments.First(s => s.StartSeconds == 1.0).Bpm;
        Assert.True(Math.Abs(bpm - 100) < 1e-9 || Math.Abs(bpm - 150) < 1e-9, $"{bpm} BPM");
        Assert.True(grid.Anchors[2].OnDownbeat);
    }

    [Fact]
    public void A_cut_no_tempo_in_range_can_reach_is_left_off_and_its_residual_reported()
    {
        // 0.1 s after a cut would need 600 BPM for one beat.
        double[] cuts = [2.0, 2.1, 6.0];

        var grid = BeatGrid.FromCuts(cuts, 8);

        var residuals = grid.Anchors.Select(a => Math.Abs(a.ResidualSeconds)).ToArray();
        Log(string.Join(", ", grid.Anchors.Select(a => $"{a.TimeSeconds}: {a.ResidualSeconds * 1000:0.0} ms")));
        Assert.Equal(1, residuals.Count(r => r > 1e-3));
        // The reported residual is the distance to the nearest beat of the grid, recomputed here.
        foreach (var anchor in grid.Anchors)
        {
            var nearest = grid.Beats.MinBy(b => Math.Abs(b.TimeSeconds - anchor.TimeSeconds));
            Assert.Equal(nearest.TimeSeconds - anchor.TimeSeconds, anchor.ResidualSeconds, 1e-12);
        }
        Assert.Equal(residuals.Max(), grid.MaxCutResidualSeconds, 1e-12);
    }

    [Fact]
    public void Motion_energy_peaks_become_anchors_the_grid_lands_on()
    {
        const double Fps = 25;
        double[] peaks = [1.0, 3.4, 6.6, 9.0];
        var motion = new float[(int)(11 * Fps)];
        for (var i = 0; i < motion.Length; i++)
        {
            var t = i / Fps;
            foreach (var p in peaks) motion[i] += (float)Math.Exp(-0.5 * Math.Pow((t - p) / 0.08, 2));
            motion[i] += 0.02f * (float)Math.Sin(i);
        }

        var grid = BeatGrid.FromPicture([], motion, Fps, 11);

        Assert.Equal(peaks.Length, grid.Anchors.Count);
        for (var i = 0; i < peaks.Length; i++)
        {
            Assert.Equal(GridAnchorKind.MotionPeak, grid.Anchors[i].Kind);
            Assert.Equal(peaks[i], grid.Anchors[i].TimeSeconds, 1e-9);
            Assert.True(Math.Abs(grid.Anchors[i].ResidualSeconds) < 1e-3);
        }
    }

    [Fact]
    public void Without_anchors_the_grid_is_steady_at_the_target_tempo()
    {
        var grid = BeatGrid.FromCuts([], 4, BeatGridOptions.Default with { TargetBpm = 90 });

        Assert.Equal(7, grid.Beats.Count); // 0, 2/3, ..., 4
        Assert.All(grid.Beats, b => Assert.Equal(90, b.Bpm, 1e-9));
        Assert.Empty(grid.Anchors);
    }

    [Fact]
    public void Cuts_outside_the_duration_are_rejected_with_the_numbers()
    {
        var error = Assert.Throws<ArgumentException>(() => BeatGrid.FromCuts([1, 12], 10));
        Assert.Contains("12", error.Message);
        Assert.Throws<ArgumentException>(() => BeatGrid.FromCuts([1], 10, BeatGridOptions.Default with { MinBpm = 200, MaxBpm = 100 }));
    }
}
