namespace Augment.Core.Tests.Dsp;

public class RealFftPlanTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(15)]
    [InlineData(30)]
    [InlineData(62)]
    [InlineData(97)]
    [InlineData(194)]
    [InlineData(1000)]
    [InlineData(4096)]
    public void Real_forward_equals_the_complex_FFT_of_the_real_signal(int n)
    {
        var x = Signals.Noise(n, seed: n);
        var plan = RealFftPlan.Create(n);
        var re = new float[plan.BinCount];
        var im = new float[plan.BinCount];
        plan.Forward(x, re, im);

        var (er, ei) = FftPlanTests.Dft(x, new float[n]);
        FftPlanTests.AssertClose(er[..plan.BinCount], ei[..plan.BinCount], re, im, FftPlanTests.RelativeTolerance(n));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(9)]
    [InlineData(256)]
    [InlineData(1022)]
    [InlineData(1023)]
    [InlineData(65536)]
    public void Real_inverse_of_forward_restores_the_signal_within_1e_5_relative(int n)
    {
        var x = Signals.Noise(n, seed: 4);
        var plan = RealFftPlan.Create(n);
        var re = new float[plan.BinCount];
        var im = new float[plan.BinCount];
        var y = new float[n];
        plan.Forward(x, re, im);
        plan.Inverse(re, im, y);
        double error = 0, norm = 0;
        for (var i = 0; i < n; i++)
        {
            error += (y[i] - (double)x[i]) * (y[i] - (double)x[i]);
            norm += x[i] * (double)x[i];
        }
        Assert.True(Math.Sqrt(error / norm) < 1e-5, $"relative error {Math.Sqrt(error / norm):g3}");
    }

    [Fact]
    public void Parseval_holds_for_the_half_spectrum()
    {
        const int n = 2048;
        var x = Signals.Noise(n, seed: 8);
        var plan = RealFftPlan.Create(n);
        var re = new float[plan.BinCount];
        var im = new float[plan.BinCount];
        plan.Forward(x, re, im);
        double time = 0, freq = 0;
        foreach (var v in x)
            time += v * (double)v;
        for (var k = 0; k < plan.BinCount; k++)
        {
            var weight = k == 0 || k == n / 2 ? 1.0 : 2.0; // the mirrored half counts twice
            freq += weight * ((re[k] * (double)re[k]) + (im[k] * (double)im[k]));
        }
        Assert.Equal(1.0, freq / n / time, 5);
    }

    [Fact]
    public void A_bin_centred_sine_of_amplitude_a_has_magnitude_a_n_over_2()
    {
        const int n = 1200;
        const double amplitude = 0.25;
        var x = new float[n];
        for (var i = 0; i < n; i++)
            x[i] = (float)(amplitude * Math.Sin(2 * Math.PI * 50 * i / n));
        var plan = RealFftPlan.Create(n);
        var re = new float[plan.BinCount];
        var im = new float[plan.BinCount];
        plan.Forward(x, re, im);
        Assert.Equal(0, re[50], 1e-3);
        Assert.Equal(-amplitude * n / 2, im[50], 1e-3);
    }
}
