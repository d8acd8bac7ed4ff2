using static Augment.Audio.Tests.Denoise.SpeechLikeSignals;

namespace Augment.Audio.Tests.Denoise;

public class MinimumStatisticsTests
{
    [Fact]
    public void Tracked_noise_power_of_white_noise_is_within_2_dB_of_its_true_spectrum()
    {
        const int rate = 16_000;
        var options = new NoiseReducerOptions();
        var channel = new DenoiseChannel(options, rate, default);
        var n = options.FftLengthFor(rate);
        var x = White(4 * rate, 5);
        var output = new float[x.Length + n];
        channel.Stft.Process(x, output, channel.Processor);
        // E|Y_k|² of unit-variance white noise under an unnormalised Hann-windowed FFT: Σ w² = 3n/8.
        var expected = 3.0 * n / 8;
        double sum = 0;
        var noise = channel.Noise;
        for (var k = 1; k < noise.Length - 1; k++) sum += noise[k];
        var ratioDb = 10 * Math.Log10(sum / (noise.Length - 2) / expected);
        TestContext.Current.TestOutputHelper?.WriteLine($"noise estimate / true PSD: {ratioDb:0.00} dB");
        Assert.InRange(ratioDb, -2, 2);
    }
}
