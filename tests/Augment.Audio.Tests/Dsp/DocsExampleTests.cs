namespace Augment.Audio.Tests.Dsp;

/// <summary>The runnable example of docs/audio-dsp.md, kept compiling and true.</summary>
public class DocsExampleTests
{
    [Fact]
    public void Notch_then_resample_keeps_the_tone_and_removes_the_whine()
    {
        using var tone = AudioBuffer.Create(1, 48_000, 48_000);
        var x = tone.Channel(0);
        for (var i = 0; i < x.Length; i++)
            x[i] = (0.5f * MathF.Sin(2 * MathF.PI * 1_000 * i / 48_000f)) + (0.1f * MathF.Sin(2 * MathF.PI * 19_000 * i / 48_000f));

        new BiquadFilter(BiquadCoefficients.Notch(48_000, 19_000, q: 2)).Process(tone);
        using var resampled = Resampler.Resample(tone, 44_100, cancellationToken: TestContext.Current.CancellationToken);

        var plan = RealFftPlan.Create(44_100);
        var re = new float[plan.BinCount];
        var im = new float[plan.BinCount];
        plan.Forward(resampled.Channel(0)[..44_100], re, im);
        var at1k = 2 * MathF.Sqrt((re[1_000] * re[1_000]) + (im[1_000] * im[1_000])) / 44_100;
        var at19k = 2 * MathF.Sqrt((re[19_000] * re[19_000]) + (im[19_000] * im[19_000])) / 44_100;
        Assert.Equal(0.5f, at1k, 0.01f);
        Assert.True(at19k < 1e-3f, $"19 kHz left at {at19k}");
        Assert.Equal(192, new Resampler(48_000, 44_100).FilterTaps);
        Assert.Equal(144, new Resampler(48_000, 44_100, ResamplerQuality.Balanced).FilterTaps);
        Assert.Equal(80, new Resampler(48_000, 44_100, ResamplerQuality.Fast).FilterTaps);
    }
}
