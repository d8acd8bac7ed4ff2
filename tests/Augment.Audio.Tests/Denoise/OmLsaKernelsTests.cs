using System.Runtime.Intrinsics;

namespace Augment.Audio.Tests.Denoise;

public class OmLsaKernelsTests
{
    [Fact]
    public void Vectorised_exponential_integral_matches_the_double_reference_from_1e_minus_6_to_100()
    {
        var x = new float[64];
        for (var i = 0; i < x.Length; i++) x[i] = (float)Math.Pow(10, -6 + (8.0 * i / (x.Length - 1)));
        for (var i = 0; i + Vector256<float>.Count <= x.Length; i += Vector256<float>.Count)
        {
            var got = DenoiseKernels.ExponentialIntegral(Vector256.Create(x.AsSpan(i, Vector256<float>.Count)));
            for (var lane = 0; lane < Vector256<float>.Count; lane++)
            {
                var v = x[i + lane];
                var expected = DenoiseKernels.ExponentialIntegralReference(v);
                Assert.True(Math.Abs(got[lane] - expected) <= (2e-4 * expected) + 1e-6, $"E1({v}) = {got[lane]}, expected {expected}");
            }
        }
    }

    [Fact]
    public void SIMD_log_MMSE_gain_equals_the_scalar_loop()
    {
        var random = new Random(8);
        const int bins = 513;
        var xi = new float[bins];
        var gamma = new float[bins];
        for (var k = 0; k < bins; k++)
        {
            xi[k] = (float)Math.Pow(10, -3 + (5 * random.NextDouble()));
            gamma[k] = (float)Math.Pow(10, -2 + (4 * random.NextDouble()));
        }
        var simd = new float[bins];
        var scalar = new float[bins];
        DenoiseKernels.LogMmseGain(xi, gamma, simd);
        DenoiseKernels.LogMmseGainScalar(xi, gamma, scalar);
        for (var k = 0; k < bins; k++)
            Assert.Equal(scalar[k], simd[k], Math.Max(1e-6f, scalar[k] * 2e-5f));
    }

    [Theory]
    [InlineData(0.5, 0.1)]
    [InlineData(0.3, 0.01)]
    [InlineData(0.7, 0.25)]
    public void OM_LSA_gain_path_matches_the_scalar_double_reference(double absencePrior, double floor)
    {
        var random = new Random(4);
        const int bins = 257;
        var power = new float[bins];
        var noise = new float[bins];
        var prevSimd = new float[bins];
        var prevRef = new float[bins];
        for (var k = 0; k < bins; k++)
        {
            noise[k] = (float)(0.1 + random.NextDouble());
            power[k] = (float)(noise[k] * -Math.Log(1 - random.NextDouble()) * (k % 13 == 0 ? 40 : 1));
            prevSimd[k] = prevRef[k] = (float)(random.NextDouble() * 3);
        }
        var gamma = new float[bins];
        var xi = new float[bins];
        var scratch = new float[bins];
        var presence = new float[bins];
        var gain = new float[bins];
        var expected = new float[bins];
        DenoiseKernels.AprioriSnr(power, noise, prevSimd, 0.95f, 0.0031623f, 0.5f, gamma, xi, scratch);
        DenoiseKernels.LogMmseGain(xi, gamma, gain);
        for (var k = 0; k < bins; k++) prevSimd[k] = gain[k] * gain[k] * power[k];
        DenoiseKernels.PresenceProbability(xi, gamma, (float)absencePrior, presence, scratch);
        DenoiseKernels.PresenceWeightedGain(gain, presence, (float)floor);
        DenoiseKernels.GainReference(power, noise, prevRef, 0.95, 0.0031623, 0.5, NoiseReductionGain.OmLsa, floor, expected, absencePrior);
        for (var k = 0; k < bins; k++)
        {
            Assert.Equal(expected[k], Math.Max(gain[k], (float)floor), 3e-4f);
            Assert.Equal(prevRef[k], prevSimd[k], Math.Max(1e-5f, prevRef[k] * 5e-4f));
        }
    }

    [Fact]
    public void Speech_presence_noise_tracker_follows_a_noise_step_and_ignores_a_tone_burst()
    {
        // Noise power 1 in every bin; a frame-by-frame exponential periodogram; +10 dB step at frame 400; a strong
        // tone in bin 10 from frame 100 to 140. The tracker must settle near 1, then near 10, and not chase the tone.
        const int bins = 33;
        var random = new Random(2);
        var noise = new float[bins];
        var mean = new float[bins];
        var presence = new float[bins];
        var power = new float[bins];
        noise.AsSpan().Fill(1f);
        float atTone = 0;
        for (var frame = 0; frame < 800; frame++)
        {
            var level = frame < 400 ? 1.0 : 10.0;
            for (var k = 0; k < bins; k++)
                power[k] = (float)(level * -Math.Log(1 - random.NextDouble()));
            if (frame is >= 100 and < 140) power[10] += 1000;
            DenoiseKernels.SpeechPresenceNoiseUpdate(power, noise, mean, 0.894f, 0.949f, presence);
            if (frame == 139) atTone = noise[10];
            if (frame == 399) Assert.InRange(Average(noise), 0.7, 1.4);
        }
        Assert.True(atTone < 3, $"noise in the tone's bin rose to {atTone}");
        Assert.InRange(Average(noise), 7, 14);
    }

    private static double Average(float[] x)
    {
        double sum = 0;
        foreach (var v in x) sum += v;
        return sum / x.Length;
    }
}
