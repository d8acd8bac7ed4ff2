namespace Augment.Audio.Tests.Room;

public class BlindRoomEstimatorTests
{
    private const int Rate = 48000;

    private static BlindRoomEstimate Estimate(float[] x, int rate = Rate)
    {
        using var recording = RoomSignals.Mono(x, rate);
        return BlindRoomEstimator.Estimate(recording, cancellationToken: TestContext.Current.CancellationToken);
    }

    private static void Report(string what, double rt60, BlindRoomEstimate estimate)
    {
        var bands = string.Join(", ", estimate.Bands.Select(b => $"{b.CenterHz:0}: {b.Rt60Seconds:0.000} ({b.DecaysUsed})"));
        TestContext.Current.SendDiagnosticMessage($"{what} RT {rt60}: broadband {estimate.Broadband.Rt60Seconds:0.000} ({estimate.Broadband.DecaysUsed}), DRR {estimate.DrrDb:0.0} dB; {bands}");
    }

    [Theory]
    [InlineData(0.4)]
    [InlineData(1.0)]
    public void Speech_like_bursts_in_a_room_give_broadband_and_mid_band_RT60_within_15_percent_and_DRR_within_4_dB(double rt60)
    {
        var dry = SpeechLike.Bursts(10, Rate, 42);
        var wet = SpectralMath.Convolve(dry, SpeechLike.Room(rt60, 0, Rate, 5), ComputeBudget.Default);
        var estimate = Estimate(wet);
        Report("bursts", rt60, estimate);
        Assert.InRange(estimate.Broadband.Rt60Seconds, 0.85 * rt60, 1.15 * rt60);
        Assert.InRange(estimate.DrrDb, -4, 4); // built with DRR 0 dB; the blind DRR is rough
        foreach (var center in (double[])[500, 1000, 2000])
        {
            var band = estimate.Bands.Single(b => b.CenterHz == center);
            Assert.InRange(band.Rt60Seconds, 0.85 * rt60, 1.15 * rt60);
        }
    }

    [Theory]
    [InlineData(0.4)]
    [InlineData(1.0)]
    public void Espeak_speech_in_a_room_gives_broadband_and_1_kHz_RT60_within_15_percent(double rt60)
    {
        Espeak.SkipWhenAbsent();
        using var speech = Espeak.Speak("The quick brown fox jumps over the lazy dog. Then it stops. Sound travels, and the room answers. "
            + "We wait a moment. Each pause lets the echo fade away. Good night.", Rate, wordsPerMinute: 140);
        var wet = SpectralMath.Convolve(speech.Channel(0), SpeechLike.Room(rt60, 0, Rate, 6), ComputeBudget.Default);
        var estimate = Estimate(wet);
        Report("espeak", rt60, estimate);
        Assert.InRange(estimate.Broadband.Rt60Seconds, 0.85 * rt60, 1.15 * rt60);
        Assert.InRange(estimate.Bands.Single(b => b.CenterHz == 1000).Rt60Seconds, 0.85 * rt60, 1.15 * rt60);
    }

    [Fact]
    public void Continuous_noise_has_no_free_decay_and_reports_NaN_with_a_reason()
    {
        var random = new Random(1);
        var x = new float[3 * Rate];
        for (var i = 0; i < x.Length; i++) x[i] = (float)(0.1 * RoomSignals.Gaussian(random));
        var estimate = Estimate(x);
        Assert.True(double.IsNaN(estimate.Broadband.Rt60Seconds));
        Assert.Contains("no free decay", estimate.Broadband.Note, StringComparison.Ordinal);
        Assert.All(estimate.FilledRt60Seconds(), v => Assert.Equal(0.5, v));
    }

    [Fact]
    public void Silent_recording_is_an_InvalidMediaException()
    {
        Assert.Throws<InvalidMediaException>(() => Estimate(new float[Rate]));
    }
}
