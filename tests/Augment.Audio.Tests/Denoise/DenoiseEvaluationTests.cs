using static Augment.Audio.Tests.Denoise.SpeechLikeSignals;

namespace Augment.Audio.Tests.Denoise;

public class DenoiseEvaluationTests
{
    private static float[] Run(NoiseReducer reducer, float[] x)
    {
        using var input = Buffer(DenoiseEvaluationSet.Rate, x);
        using var output = reducer.Process(input);
        return output.Channel(0).ToArray();
    }

    [Fact]
    public void SI_SDR_of_a_scaled_reference_plus_orthogonal_error_is_the_analytic_ratio()
    {
        // s = sin, e = cos at the same whole-cycle frequency: ⟨s, e⟩ = 0, so ŝ = a·s + b·e has SI-SDR 10·log10(a²/b²)
        // whatever the scale; a = 3, b = 0.3 gives exactly 20 dB, and scaling ŝ by −2 changes nothing.
        const int n = 16_000;
        var s = new float[n];
        var estimate = new float[n];
        var flipped = new float[n];
        for (var i = 0; i < n; i++)
        {
            var phase = 2 * Math.PI * 40 * i / n;
            s[i] = (float)Math.Sin(phase);
            estimate[i] = (float)((3 * Math.Sin(phase)) + (0.3 * Math.Cos(phase)));
            flipped[i] = -2 * estimate[i];
        }
        Assert.Equal(20.0, SiSdr(estimate, s), 3);
        Assert.Equal(SiSdr(estimate, s), SiSdr(flipped, s), 6);
        Assert.True(SiSdr(s, s) > 100);
    }

    /// <summary>
    /// The table at the old (12 dB) and the default (20 dB) reduction with the default OM-LSA rule. The issue's
    /// goal is a mean of 8 dB; this classical estimator measures 3.3–3.6 dB here (6–7 dB on white and pink noise, under
    /// 1 dB on babble and café noise, which minimum statistics cannot tell from the talker), so the test holds the
    /// measured level as a regression guard, not the goal. docs/audio-denoise.md keeps the table.
    /// </summary>
    [Theory]
    [InlineData(12.0)]
    [InlineData(20.0)]
    public void SI_SDR_table_over_speech_and_white_pink_babble_cafe_at_0_5_10_dB(double reductionDb)
    {
        var reducer = new NoiseReducer(new NoiseReducerOptions { ReductionDb = reductionDb });
        var result = DenoiseEvaluationSet.Evaluate(x => Run(reducer, x));
        var table = result.ToTable($"NoiseReducer, ReductionDb {reductionDb}" + (DenoiseEvaluationSet.HasRealSpeech ? "" : " (espeak-ng absent: speech-like only)"));
        TestContext.Current.TestOutputHelper?.WriteLine(table);
        Console.WriteLine(table);
        Assert.True(result.MeanImprovement() >= 3.2, table);
        Assert.True(result.MeanImprovement(noise: "white") >= 5.5, table);
    }
}
