namespace Augment.Audio.Tests.Room;

public class RoomAnalyzerTests
{
    private const int Rate = 48000;
    private static readonly double[] MidBands = [250, 500, 1000, 2000, 4000];

    private static RoomAnalysis Analyze(float[] h, int rate = Rate)
    {
        using var ir = RoomSignals.Mono(h, rate);
        return RoomAnalyzer.Analyze(ir, cancellationToken: TestContext.Current.CancellationToken);
    }

    private static void AssertWithin(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(actual - expected) <= relative * expected, $"{what}: {actual:0.0000} s, expected {expected:0.000} s ± {relative:P0}");

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.8)]
    [InlineData(2.0)]
    public void T20_and_T30_of_exponentially_decaying_noise_are_within_5_percent_in_bands_250_to_4k_and_broadband(double rt60)
    {
        // One noise realisation's octave band fluctuates by several % around its expected decay (relative spread
        // ~ 1/sqrt(bandwidth x decay time): 4 % at 250 Hz and 0.3 s), so bands are judged on the mean of eight
        // realisations (ISO 3382's averaging over positions); broadband is judged on each one.
        const int realisations = 8;
        var t20 = new double[MidBands.Length];
        var t30 = new double[MidBands.Length];
        for (var seed = 0; seed < realisations; seed++)
        {
            var h = RoomSignals.DecayingNoise(rt60, 1.2 * rt60, Rate, 17 + seed, signsOnly: false);
            var room = Analyze(h);
            AssertWithin(rt60, room.Broadband.T30Seconds, 0.05, "broadband T30");
            AssertWithin(rt60, room.Broadband.T20Seconds, 0.05, "broadband T20");
            for (var b = 0; b < MidBands.Length; b++)
            {
                var band = room.Band(MidBands[b])!;
                AssertWithin(rt60, band.T30Seconds, 0.15, $"{MidBands[b]} Hz T30 of one realisation");
                t20[b] += band.T20Seconds / realisations;
                t30[b] += band.T30Seconds / realisations;
            }
        }
        for (var b = 0; b < MidBands.Length; b++)
        {
            TestContext.Current.SendDiagnosticMessage($"RT {rt60}: {MidBands[b]} Hz mean T20 {t20[b]:0.000} T30 {t30[b]:0.000}");
            AssertWithin(rt60, t30[b], 0.05, $"{MidBands[b]} Hz mean T30");
            AssertWithin(rt60, t20[b], 0.05, $"{MidBands[b]} Hz mean T20");
        }
    }

    [Fact]
    public void Band_dependent_decay_is_recovered_per_octave_within_5_percent()
    {
        double[] centers = [125, 250, 500, 1000, 2000, 4000, 8000];
        double[] rt60 = [1.3, 1.2, 1.0, 0.9, 0.8, 0.7, 0.6];
        var n = (int)(1.4 * 1.3 * Rate);
        var h = new float[n];
        for (var b = 0; b < centers.Length; b++)
        {
            // Zero-padded to twice the length so the zero-phase band split cannot wrap the loud start onto the quiet end.
            var noise = new float[2 * n];
            RoomSignals.DecayingNoise(rt60[b], (double)n / Rate, Rate, 100 + b, signsOnly: false).CopyTo(noise, 0);
            // Complementary raised-cosine crossovers a third of an octave wide around the octave edges.
            double lowEdge = centers[b] / Math.Sqrt(2), highEdge = centers[b] * Math.Sqrt(2), w = Math.Pow(2, 1 / 6.0);
            var band = RoomSignals.BandLimit(noise, Rate, b == 0 ? 0 : lowEdge / w, b == 0 ? 0.001 : lowEdge * w, b == centers.Length - 1 ? Rate : highEdge / w, b == centers.Length - 1 ? Rate : highEdge * w);
            for (var i = 0; i < n; i++) h[i] += band[i];
        }
        var room = Analyze(h);
        for (var b = 1; b < centers.Length - 1; b++)
        {
            var row = room.Band(centers[b])!;
            TestContext.Current.SendDiagnosticMessage($"{centers[b]} Hz: T30 {row.T30Seconds:0.000} (built {rt60[b]}) {row.Note}");
            AssertWithin(rt60[b], row.T30Seconds, 0.05, $"{centers[b]} Hz T30");
        }
    }

    [Fact]
    public void C50_and_C80_match_the_analytic_values_of_an_exponential_decay()
    {
        const double rt60 = 0.8;
        var h = RoomSignals.DecayingNoise(rt60, 1.5, Rate, 3, signsOnly: true);
        var room = Analyze(h);
        // Energy per sample e^(−a·n), a = 6·ln10 / (RT·fs): C = 10·log10(Σ_{n<N} / Σ_{n≥N}) = 10·log10(e^(a·N) − 1).
        var a = 6 * Math.Log(10) / (rt60 * Rate);
        var c50 = 10 * Math.Log10(Math.Exp(a * 0.050 * Rate) - 1);
        var c80 = 10 * Math.Log10(Math.Exp(a * 0.080 * Rate) - 1);
        Assert.Equal(c50, room.Broadband.C50Db, 0.05);
        Assert.Equal(c80, room.Broadband.C80Db, 0.05);
        AssertWithin(rt60, room.Broadband.T30Seconds, 0.01, "T30 of an exact exponential");
        AssertWithin(rt60, room.Broadband.EdtSeconds, 0.01, "EDT of an exact exponential");
    }

    [Fact]
    public void DRR_matches_the_constructed_direct_and_reverberant_energies()
    {
        var h = new float[(int)(1.2 * Rate)];
        const int peak = 4800;
        h[peak] = 1;
        var tail = RoomSignals.DecayingNoise(0.5, 1.0, Rate, 9, signsOnly: true);
        var start = peak + 121; // just after the ±2.5 ms (±120 frames) direct window
        double reverberant = 0;
        for (var i = 0; i < tail.Length && start + i < h.Length; i++)
        {
            h[start + i] = 0.05f * tail[i];
            reverberant += (double)h[start + i] * h[start + i];
        }
        var room = Analyze(h);
        Assert.Equal(peak, room.PeakFrame);
        Assert.Equal(peak, room.OnsetFrame);
        Assert.Equal(10 * Math.Log10(1 / reverberant), room.Broadband.DrrDb, 0.05);
    }

    [Fact]
    public void Noise_floor_at_minus_60_dB_is_truncated_and_T30_stays_within_5_percent()
    {
        const double rt60 = 0.8;
        var h = RoomSignals.DecayingNoise(rt60, 2.0, Rate, 21, signsOnly: false);
        var random = new Random(5);
        for (var i = 0; i < h.Length; i++) h[i] += (float)(1e-3 * RoomSignals.Gaussian(random));
        var room = Analyze(h);
        AssertWithin(rt60, room.Broadband.T30Seconds, 0.05, "broadband T30");
        foreach (var center in MidBands)
        {
            var band = room.Band(center)!;
            TestContext.Current.SendDiagnosticMessage($"noisy {center} Hz T30 {band.T30Seconds:0.000} range {band.DecayRangeDb:0.0} dB");
            AssertWithin(rt60, band.T30Seconds, 0.05, $"{center} Hz T30");
        }
    }

    [Fact]
    public void Too_short_a_response_gives_NaN_with_a_reason_instead_of_throwing()
    {
        var h = RoomSignals.DecayingNoise(0.5, 0.010, Rate, 1, signsOnly: false);
        var room = Analyze(h);
        Assert.True(double.IsNaN(room.Broadband.T30Seconds));
        Assert.Contains("20 ms", room.Broadband.Note, StringComparison.Ordinal);
        Assert.All(room.Bands, band => Assert.True(double.IsNaN(band.T20Seconds) && band.Note is not null));
    }

    [Fact]
    public void Bands_above_the_rate_are_NaN_and_a_shallow_decay_explains_the_missing_T30()
    {
        var h = RoomSignals.DecayingNoise(0.5, 0.6, 11025, 1, signsOnly: false);
        var random = new Random(8);
        for (var i = 0; i < h.Length; i++) h[i] += (float)(0.01 * RoomSignals.Gaussian(random)); // noise at −40 dB
        var room = Analyze(h, 11025);
        var top = room.Band(8000)!;
        Assert.True(double.IsNaN(top.T30Seconds));
        Assert.Contains("sample rate", top.Note, StringComparison.Ordinal);
        Assert.True(double.IsNaN(room.Broadband.T30Seconds), $"T30 {room.Broadband.T30Seconds}");
        Assert.Contains("T30 needs 45 dB", room.Broadband.Note, StringComparison.Ordinal);
        AssertWithin(0.5, room.Broadband.T20Seconds, 0.05, "T20 with a 40 dB range");
    }

    [Fact]
    public void Silent_response_is_an_InvalidMediaException()
    {
        Assert.Throws<InvalidMediaException>(() => Analyze(new float[4800]));
    }
}
