namespace Augment.Audio.Tests.Rhythm;

public class OnsetDetectorTests
{
    private static void Log(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    // Irregular gaps (0.15 s to 0.9 s) so that no tempo structure helps.
    private static readonly double[] Times = [0.30, 0.55, 1.10, 1.25, 2.00, 2.37, 2.90, 3.72, 4.05, 4.60, 5.41, 5.60, 6.33, 7.00, 7.18, 7.95];

    private static void AssertDetected(IReadOnlyList<double> found, string what)
    {
        var matches = BeatEvaluation.CountMatches(Times, found, 0.010);
        double precision = (double)matches / Math.Max(1, found.Count), recall = (double)matches / Times.Length;
        var worst = Times.Max(t => found.Count == 0 ? double.PositiveInfinity : found.Min(f => Math.Abs(f - t)));
        Log($"{what}: {found.Count} onsets, precision {precision:0.000}, recall {recall:0.000}, worst error {worst * 1000:0.0} ms");
        Assert.True(recall >= 0.95 && precision >= 0.95, $"{what}: precision {precision:0.000}, recall {recall:0.000} within ±10 ms");
    }

    [Fact]
    public void Clicks_at_known_times_are_found_within_10_ms()
    {
        using var audio = RhythmSignals.Clicks(Times, 8.5, 44100);

        var result = OnsetDetector.Analyze(audio, cancellationToken: TestContext.Current.CancellationToken);

        AssertDetected(result.OnsetSeconds, "clicks");
    }

    [Fact]
    public void Noise_bursts_at_known_times_are_found_within_10_ms_at_48_kHz_in_stereo()
    {
        using var mono = RhythmSignals.NoiseBursts(Times, 8.5, seed: 5, rate: 48000);
        using var stereo = AudioBuffer.Create(2, mono.Frames, 48000);
        mono.Channel(0).CopyTo(stereo.Channel(0));
        mono.Channel(0).CopyTo(stereo.Channel(1));

        var result = OnsetDetector.Analyze(stereo, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(200, result.FrameRateHz, 1e-9);
        AssertDetected(result.OnsetSeconds, "noise bursts");
    }

    [Fact]
    public void Silence_has_a_zero_envelope_and_no_onsets()
    {
        using var silence = AudioBuffer.Create(1, 22050, 22050);

        var result = OnsetDetector.Analyze(silence, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Empty(result.OnsetSeconds);
        Assert.All(result.Envelope, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Envelope_matches_a_numpy_reimplementation_of_the_flux()
    {
        RhythmPeer.SkipUnlessNumpy();
        using var audio = RhythmSignals.Drums(RhythmSignals.SteadyBeats(110, 4), 4, seed: 9, rate: 22050);
        var options = OnsetDetectorOptions.Default;
        var result = OnsetDetector.Analyze(audio, options, TestContext.Current.CancellationToken);

        // 0.023 s at 22.05 kHz is 507 samples, rounded up to the 2·3·5-smooth 512; the hop is 110 samples.
        var peer = RhythmPeer.FluxEnvelope(audio.Channel(0).ToArray(), 22050, 512, 110, options.MelBands, options.MinFrequencyHz, options.MaxFrequencyHz, options.CompressionGain);

        Assert.Equal(peer.Length, result.Envelope.Count);
        var peak = peer.Max();
        var worst = 0.0;
        for (var i = 0; i < peer.Length; i++) worst = Math.Max(worst, Math.Abs(peer[i] - result.Envelope[i]));
        Log($"max |difference| {worst:E2} against a peak of {peak:0.000}");
        Assert.True(worst <= 1e-3 * peak, $"envelopes differ by {worst} (peak {peak})");
    }

    [Fact]
    public void Bad_options_are_rejected_with_the_numbers()
    {
        using var audio = AudioBuffer.Create(1, 1000, 8000);
        var error = Assert.Throws<ArgumentException>(() => OnsetDetector.Analyze(audio, OnsetDetectorOptions.Default with { HopSeconds = 0.5 }, TestContext.Current.CancellationToken));
        Assert.Contains("0.5", error.Message);
    }
}
