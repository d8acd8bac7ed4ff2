using static Augment.Audio.Tests.Denoise.SpeechLikeSignals;

namespace Augment.Audio.Tests.Denoise;

public class SpeechPresenceTrackingTests
{
    private const int Rate = 16_000;

    private static float[] Run(NoiseReducerOptions options, float[] x)
    {
        using var input = Buffer(Rate, x);
        using var output = new NoiseReducer(options).Process(input);
        return output.Channel(0).ToArray();
    }

    [Fact]
    public void Speech_presence_tracking_reduces_noise_alone_and_improves_speech_in_white_noise()
    {
        var options = new NoiseReducerOptions { NoiseTracking = NoiseTracking.SpeechPresence, ReductionDb = 12, Gain = NoiseReductionGain.LogMmse, DecisionDirectedAlpha = 0.98 };
        var noise = White(3 * Rate, 21);
        for (var i = 0; i < noise.Length; i++) noise[i] *= 0.05f;
        var quiet = Run(options, noise);
        var reduction = 10 * Math.Log10(Energy(noise.AsSpan(Rate / 2)) / Energy(quiet.AsSpan(Rate / 2)));
        Assert.InRange(reduction, 9, 12.5);

        var clean = Speech(3 * Rate, Rate, seed: 5, baseF0: 150);
        var noisy = Mix(clean, White(3 * Rate, 22), 5);
        var gain = SiSdr(Run(options, noisy), clean) - SiSdr(noisy, clean);
        TestContext.Current.TestOutputHelper?.WriteLine($"SPP tracking: noise alone -{reduction:0.00} dB, SI-SDR +{gain:0.00} dB");
        Assert.True(gain > 4, $"SI-SDR +{gain:0.00} dB");
    }

    [Fact]
    public void Speech_presence_tracking_follows_a_10_dB_rise_of_the_noise_within_a_second()
    {
        // 2 s of noise, then the same noise 10 dB louder: 1 s after the step, the output is back near the floor.
        var x = White(4 * Rate, 23);
        for (var i = 0; i < x.Length; i++) x[i] *= i < 2 * Rate ? 0.02f : 0.0632f;
        var y = Run(new NoiseReducerOptions { NoiseTracking = NoiseTracking.SpeechPresence, ReductionDb = 12, Gain = NoiseReductionGain.LogMmse, DecisionDirectedAlpha = 0.98 }, x);
        var late = 10 * Math.Log10(Energy(x.AsSpan(3 * Rate, Rate)) / Energy(y.AsSpan(3 * Rate, Rate)));
        Assert.True(late > 9, $"{late:0.00} dB reduction 1 s after the rise");
    }
}
