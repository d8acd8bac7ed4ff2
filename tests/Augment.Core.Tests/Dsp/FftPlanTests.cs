namespace Augment.Core.Tests.Dsp;

public class FftPlanTests
{
    public static TheoryData<int> SmallLengths()
    {
        var data = new TheoryData<int>();
        for (var n = 1; n <= 64; n++)
            data.Add(n);
        foreach (var n in (int[])[97, 101, 127, 210, 243, 250, 256, 257, 343, 360, 499, 539, 625, 1000, 1001, 1009, 1024, 1176, 2197])
            data.Add(n);
        return data;
    }

    [Theory]
    [MemberData(nameof(SmallLengths))]
    public void Forward_matches_the_direct_double_precision_DFT(int n)
    {
        var (xr, xi) = Signals.RandomComplex(n, seed: n);
        var (er, ei) = Dft(xr, xi);
        var (yr, yi) = (xr.ToArray(), xi.ToArray());
        FftPlan.Create(n).Forward(yr, yi);
        AssertClose(er, ei, yr, yi, RelativeTolerance(n));
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(65536)]
    [InlineData(4093)]
    [InlineData(48000)]
    [InlineData(44100)]
    public void Large_forward_transforms_match_the_direct_DFT_on_sampled_bins(int n)
    {
        var (xr, xi) = Signals.RandomComplex(n, seed: 11);
        var yr = xr.ToArray();
        var yi = xi.ToArray();
        FftPlan.Create(n).Forward(yr, yi);
        var energy = 0.0;
        for (var j = 0; j < n; j++)
            energy += (xr[j] * (double)xr[j]) + (xi[j] * (double)xi[j]);
        var scale = Math.Sqrt(energy); // |X[k]| is of the order of sqrt(Σ|x|²) for noise
        var random = new Random(3);
        for (var t = 0; t < 24; t++)
        {
            var k = t < 4 ? t : random.Next(n);
            double sr = 0, si = 0;
            for (var j = 0; j < n; j++)
            {
                var angle = -2.0 * Math.PI * ((long)j * k % n) / n;
                double c = Math.Cos(angle), s = Math.Sin(angle);
                sr += (xr[j] * c) - (xi[j] * s);
                si += (xr[j] * s) + (xi[j] * c);
            }
            var error = Math.Sqrt(((yr[k] - sr) * (yr[k] - sr)) + ((yi[k] - si) * (yi[k] - si)));
            Assert.True(error < 2e-5 * scale, $"bin {k}: error {error:g3} against scale {scale:g3}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(60)]
    [InlineData(97)]
    [InlineData(1000)]
    [InlineData(4096)]
    [InlineData(4099)]
    [InlineData(65536)]
    public void Inverse_of_forward_restores_the_signal_within_1e_5_relative(int n)
    {
        var (xr, xi) = Signals.RandomComplex(n, seed: 5);
        var yr = xr.ToArray();
        var yi = xi.ToArray();
        var plan = FftPlan.Create(n);
        plan.Forward(yr, yi);
        plan.Inverse(yr, yi);
        Assert.True(RelativeError(xr, xi, yr, yi) < 1e-5, $"relative error {RelativeError(xr, xi, yr, yi):g3}");
    }

    [Theory]
    [InlineData(256)]
    [InlineData(1000)]
    [InlineData(1021)]
    [InlineData(32768)]
    public void Parseval_energy_is_preserved(int n)
    {
        var (xr, xi) = Signals.RandomComplex(n, seed: 9);
        double timeEnergy = 0;
        for (var j = 0; j < n; j++)
            timeEnergy += (xr[j] * (double)xr[j]) + (xi[j] * (double)xi[j]);
        FftPlan.Create(n).Forward(xr, xi);
        double freqEnergy = 0;
        for (var k = 0; k < n; k++)
            freqEnergy += (xr[k] * (double)xr[k]) + (xi[k] * (double)xi[k]);
        Assert.Equal(1.0, freqEnergy / n / timeEnergy, 5);
    }

    [Fact]
    public void A_unit_impulse_transforms_to_a_flat_spectrum_and_a_bin_centred_cosine_to_two_lines()
    {
        const int n = 480;
        var re = new float[n];
        var im = new float[n];
        re[0] = 1;
        FftPlan.Create(n).Forward(re, im);
        Assert.All(re, v => Assert.Equal(1f, v, 1e-6f));
        Assert.All(im, v => Assert.Equal(0f, v, 1e-6f));

        for (var j = 0; j < n; j++)
        {
            re[j] = (float)Math.Cos(2 * Math.PI * 17 * j / n);
            im[j] = 0;
        }
        FftPlan.Create(n).Forward(re, im);
        for (var k = 0; k < n; k++)
        {
            var expected = k is 17 or n - 17 ? n / 2f : 0f;
            Assert.Equal(expected, re[k], 2e-3f);
            Assert.Equal(0f, im[k], 2e-3f);
        }
    }

    [Fact]
    public void Plans_are_cached_and_shared_between_threads()
    {
        Assert.Same(FftPlan.Create(1536), FftPlan.Create(1536));
        var (xr, xi) = Signals.RandomComplex(1536, seed: 2);
        var (er, ei) = (xr.ToArray(), xi.ToArray());
        FftPlan.Create(1536).Forward(er, ei);
        Parallel.For(0, 64, _ =>
        {
            var (yr, yi) = (xr.ToArray(), xi.ToArray());
            FftPlan.Create(1536).Forward(yr, yi);
            Assert.Equal(er, yr);
            Assert.Equal(ei, yi);
        });
    }

    [Fact]
    public void Wrong_array_lengths_are_rejected()
    {
        var plan = FftPlan.Create(8);
        Assert.Throws<ArgumentException>(() => plan.Forward(new float[7], new float[8]));
        Assert.Throws<ArgumentException>(() => plan.Inverse(new float[8], new float[9]));
        Assert.Throws<ArgumentOutOfRangeException>(() => FftPlan.Create(0));
    }

    [Theory]
    [InlineData(97, true)]
    [InlineData(17, true)]
    [InlineData(7, false)]
    [InlineData(3000, false)]
    [InlineData(44100, false)]
    [InlineData(1001, false)]
    public void Lengths_with_a_prime_factor_above_13_use_Bluestein(int n, bool expected) =>
        Assert.Equal(expected, FftPlan.Create(n).UsesBluestein);

    internal static double RelativeTolerance(int n) => 2e-6 * (1 + Math.Log2(n));

    internal static (double[] Re, double[] Im) Dft(float[] xr, float[] xi)
    {
        var n = xr.Length;
        var dr = Array.ConvertAll(xr, v => (double)v);
        var di = Array.ConvertAll(xi, v => (double)v);
        var yr = new double[n];
        var yi = new double[n];
        FftKernels.DirectDft(dr, di, yr, yi);
        return (yr, yi);
    }

    /// <summary>‖actual − expected‖₂ / ‖expected‖₂ must stay under the tolerance.</summary>
    internal static void AssertClose(double[] er, double[] ei, ReadOnlySpan<float> yr, ReadOnlySpan<float> yi, double tolerance)
    {
        double error = 0, norm = 0;
        for (var k = 0; k < er.Length; k++)
        {
            error += ((yr[k] - er[k]) * (yr[k] - er[k])) + ((yi[k] - ei[k]) * (yi[k] - ei[k]));
            norm += (er[k] * er[k]) + (ei[k] * ei[k]);
        }
        var relative = Math.Sqrt(error / Math.Max(norm, 1e-300));
        Assert.True(relative < tolerance, $"relative error {relative:g3} exceeds {tolerance:g3}");
    }

    private static double RelativeError(float[] xr, float[] xi, float[] yr, float[] yi)
    {
        double error = 0, norm = 0;
        for (var k = 0; k < xr.Length; k++)
        {
            error += ((yr[k] - (double)xr[k]) * (yr[k] - (double)xr[k])) + ((yi[k] - (double)xi[k]) * (yi[k] - (double)xi[k]));
            norm += (xr[k] * (double)xr[k]) + (xi[k] * (double)xi[k]);
        }
        return Math.Sqrt(error / norm);
    }
}
