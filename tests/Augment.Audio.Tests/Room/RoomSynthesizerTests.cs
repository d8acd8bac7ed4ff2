namespace Augment.Audio.Tests.Room;

public class RoomSynthesizerTests
{
    private static readonly double[] Rt60 = [1.3, 1.2, 1.0, 0.9, 0.8, 0.7, 0.6];

    [Fact]
    public void Synthesised_ir_analyses_back_to_its_band_RT60s_within_5_percent_and_its_DRR_within_1_dB()
    {
        using var ir = RoomSynthesizer.Synthesize(new RoomSynthesisOptions { Rt60Seconds = Rt60, DrrDb = 3, Channels = 2, Seed = 4 }, TestContext.Current.CancellationToken);
        Assert.Equal(2, ir.Channels);
        var left = RoomAnalyzer.Analyze(ir, 0, TestContext.Current.CancellationToken);
        var right = RoomAnalyzer.Analyze(ir, 1, TestContext.Current.CancellationToken);
        for (var b = 1; b <= 5; b++)
        {
            // The two decorrelated channels are two realisations: judge their mean (see RoomAnalyzerTests).
            var t30 = (left.Bands[b].T30Seconds + right.Bands[b].T30Seconds) / 2;
            TestContext.Current.SendDiagnosticMessage($"{left.Bands[b].CenterHz} Hz: T30 {left.Bands[b].T30Seconds:0.000} / {right.Bands[b].T30Seconds:0.000}, built {Rt60[b]}");
            Assert.InRange(t30, 0.95 * Rt60[b], 1.05 * Rt60[b]);
        }
        Assert.Equal(3, left.Broadband.DrrDb, 1.0);
        Assert.Equal(3, right.Broadband.DrrDb, 1.0);
        Assert.Equal(0, left.PeakFrame);
    }

    [Fact]
    public void Same_seed_gives_the_same_samples_and_stereo_tails_are_decorrelated()
    {
        var options = new RoomSynthesisOptions { Rt60Seconds = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5], Channels = 2, SampleRate = 16000, Seed = 9 };
        using var a = RoomSynthesizer.Synthesize(options, TestContext.Current.CancellationToken);
        using var b = RoomSynthesizer.Synthesize(options, TestContext.Current.CancellationToken);
        Assert.True(a.Data.SequenceEqual(b.Data));
        double lr = 0, ll = 0, rr = 0;
        for (var i = 100; i < a.Frames; i++)
        {
            lr += a.Channel(0)[i] * a.Channel(1)[i];
            ll += a.Channel(0)[i] * a.Channel(0)[i];
            rr += a.Channel(1)[i] * a.Channel(1)[i];
        }
        Assert.InRange(lr / Math.Sqrt(ll * rr), -0.1, 0.1);
        // 80 dB of the slowest decay: 80/60 x 0.5 s + 10 ms.
        Assert.InRange(a.Frames, (int)Math.Round(((80.0 / 60 * 0.5) + 0.01) * 16000) - 1, (int)Math.Round(((80.0 / 60 * 0.5) + 0.01) * 16000) + 1);
    }

    [Fact]
    public void Band_weights_sum_to_one_at_every_frequency()
    {
        for (var f = 1.0; f < 24000; f *= 1.01)
        {
            var sum = 0.0;
            for (var b = 0; b < 7; b++) sum += RoomSynthesizer.BandWeight(f, b, RoomAnalyzer.OctaveBandCentersHz);
            Assert.Equal(1, sum, 1e-12);
        }
    }

    [Fact]
    public void Wrong_band_count_is_an_ArgumentException()
    {
        Assert.Throws<ArgumentException>(() => RoomSynthesizer.Synthesize(new RoomSynthesisOptions { Rt60Seconds = [1, 1] }, TestContext.Current.CancellationToken));
    }
}
