namespace Augment.Audio.Tests.Denoise;

public class DenoiseKernelsTests
{
    [Theory]
    [InlineData(NoiseReductionGain.Wiener, 0.5)]
    [InlineData(NoiseReductionGain.LogMmse, 0.5)]
    [InlineData(NoiseReductionGain.Wiener, 0.0)]
    [InlineData(NoiseReductionGain.LogMmse, 1.0)]
    public void SIMD_gain_path_matches_the_scalar_double_reference(NoiseReductionGain rule, double smoothing)
    {
        var random = new Random(3);
        const int bins = 257;
        var power = new float[bins];
        var noise = new float[bins];
        var prevSimd = new float[bins];
        var prevRef = new float[bins];
        for (var k = 0; k < bins; k++)
        {
            noise[k] = (float)(0.1 + random.NextDouble());
            power[k] = (float)(noise[k] * -Math.Log(1 - random.NextDouble()) * (k % 17 == 0 ? 50 : 1));
            prevSimd[k] = prevRef[k] = (float)(random.NextDouble() * 5);
        }
        var gamma = new float[bins];
        var xi = new float[bins];
        var scratch = new float[bins];
        var gain = new float[bins];
        var expected = new float[bins];
        DenoiseKernels.AprioriSnr(power, noise, prevSimd, 0.98f, 0.0031623f, (float)smoothing, gamma, xi, scratch);
        if (rule == NoiseReductionGain.Wiener) DenoiseKernels.WienerGain(xi, gain);
        else DenoiseKernels.LogMmseGain(xi, gamma, gain);
        DenoiseKernels.FinishGain(gain, power, 0.25f, prevSimd);
        DenoiseKernels.GainReference(power, noise, prevRef, 0.98, 0.0031623, smoothing, rule, 0.25, expected);
        for (var k = 0; k < bins; k++)
        {
            Assert.Equal(expected[k], gain[k], 2e-4f);
            Assert.Equal(prevRef[k], prevSimd[k], Math.Max(1e-5f, prevRef[k] * 5e-4f));
        }
    }

    [Theory]
    [InlineData(1e-6)]
    [InlineData(0.01)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(3.0)]
    [InlineData(10.0)]
    [InlineData(40.0)]
    public void Exponential_integral_approximation_matches_the_series_and_continued_fraction(double x)
    {
        var expected = DenoiseKernels.ExponentialIntegralReference(x);
        var got = DenoiseKernels.ExponentialIntegral((float)x);
        Assert.True(Math.Abs(got - expected) <= 1e-4 * Math.Max(expected, 1e-30) + 1e-6, $"E1({x}) = {got}, expected {expected}");
    }

    [Fact]
    public void Exponential_integral_reference_hits_published_values()
    {
        // Abramowitz & Stegun table 5.1: E1(1) = 0.2193839344, E1(0.5) = 0.5597735948, E1(2) = 0.04890051071.
        Assert.Equal(0.2193839344, DenoiseKernels.ExponentialIntegralReference(1), 1e-9);
        Assert.Equal(0.5597735948, DenoiseKernels.ExponentialIntegralReference(0.5), 1e-9);
        Assert.Equal(0.04890051071, DenoiseKernels.ExponentialIntegralReference(2), 1e-9);
        Assert.Equal(0.04890051071, DenoiseKernels.ExponentialIntegralReference(2.0000001), 1e-8);
    }
}
