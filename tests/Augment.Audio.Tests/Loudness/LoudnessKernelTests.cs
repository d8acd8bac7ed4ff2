namespace Augment.Audio.Tests.Loudness;

public class LoudnessKernelTests
{
    [Fact]
    public void K_weighting_at_48_kHz_reproduces_the_BS_1770_4_table()
    {
        var k = KWeighting.ForSampleRate(48000);

        Assert.Equal(1.53512485958697, k.ShelfB0, 1e-7);
        Assert.Equal(-2.69169618940638, k.ShelfB1, 1e-7);
        Assert.Equal(1.19839281085285, k.ShelfB2, 1e-7);
        Assert.Equal(-1.69065929318241, k.ShelfA1, 1e-7);
        Assert.Equal(0.73248077421585, k.ShelfA2, 1e-7);
        Assert.Equal(-1.99004745483398, k.HighPassA1, 1e-7);
        Assert.Equal(0.99007225036621, k.HighPassA2, 1e-7);
    }

    [Theory]
    [InlineData(44100)]
    [InlineData(32000)]
    [InlineData(96000)]
    public void K_weighting_at_other_rates_has_the_48_kHz_response_below_12_kHz(int rate)
    {
        var reference = KWeighting.ForSampleRate(48000);
        var k = KWeighting.ForSampleRate(rate);
        double[] frequencies = [20, 38, 100, 500, 1000, 1682, 3000, 6000, 10000, 12000];
        foreach (var f in frequencies)
        {
            if (f > rate * 0.4) continue;
            // The bilinear transform warps both the same way except near Nyquist; 0.05 dB is far under a meter's tolerance.
            Assert.True(Math.Abs(k.ResponseDb(f, rate) - reference.ResponseDb(f, 48000)) < 0.05,
                $"{f} Hz at {rate}: {k.ResponseDb(f, rate):F4} dB vs {reference.ResponseDb(f, 48000):F4} dB at 48 kHz");
        }
    }

    [Fact]
    public void K_weighting_gain_at_1_kHz_cancels_the_minus_0_691_offset()
    {
        Assert.Equal(0.691, KWeighting.ForSampleRate(48000).ResponseDb(1000, 48000), 0.01);
        Assert.Equal(0.691, KWeighting.ForSampleRate(44100).ResponseDb(1000, 44100), 0.01);
    }

    [Fact]
    public void Paired_K_weighting_equals_two_single_channel_runs()
    {
        var random = new Random(3);
        var a = new float[10007];
        var b = new float[10007];
        for (var i = 0; i < a.Length; i++) { a[i] = random.NextSingle() * 2 - 1; b[i] = random.NextSingle() - 0.5f; }
        var k = KWeighting.ForSampleRate(44100);
        KWeightingState sa = default, sb = default, pa = default, pb = default;
        var expectedA = KWeightingKernel.FilterSumSquares(a.AsSpan(0, 5000), ref sa, k) + KWeightingKernel.FilterSumSquares(a.AsSpan(5000), ref sa, k);
        var expectedB = KWeightingKernel.FilterSumSquares(b.AsSpan(0, 5000), ref sb, k) + KWeightingKernel.FilterSumSquares(b.AsSpan(5000), ref sb, k);

        var (first1, second1) = KWeightingKernel.FilterSumSquares(a.AsSpan(0, 5000), b.AsSpan(0, 5000), ref pa, ref pb, k);
        var (first2, second2) = KWeightingKernel.FilterSumSquares(a.AsSpan(5000), b.AsSpan(5000), ref pa, ref pb, k);

        Assert.Equal(expectedA, first1 + first2, 1e-9 * expectedA);
        Assert.Equal(expectedB, second1 + second2, 1e-9 * expectedB);
    }

    [Fact]
    public void Annex_2_coefficients_are_the_symmetric_published_prototype()
    {
        var h = TruePeakKernel.Annex2Coefficients;
        Assert.Equal(0.0017089843750f, h[0]);
        Assert.Equal(0.9721679687500f, h[6]);
        Assert.Equal(0.7797851562500f, h[18]);
        for (var k = 0; k < 12; k++)
        {
            Assert.Equal(h[k], h[3 * 12 + 11 - k]);
            Assert.Equal(h[12 + k], h[2 * 12 + 11 - k]);
        }
        // DC gains of the published phases (sums of exact binary fractions): 1.0015869140625 and 0.9730224609375.
        double[] dcGains = [1.0015869140625, 0.9730224609375, 0.9730224609375, 1.0015869140625];
        for (var p = 0; p < 4; p++)
        {
            var sum = 0.0;
            for (var k = 0; k < 12; k++) sum += h[p * 12 + k];
            Assert.Equal(dcGains[p], sum, 1e-9);
        }
    }

    [Fact]
    public void True_peak_interpolator_passes_to_0_45_fs_within_0_01_dB_and_every_phase_is_unit_at_DC()
    {
        var h = TruePeakKernel.Coefficients;
        const int taps = TruePeakKernel.Taps;
        for (var p = 0; p < 4; p++)
        {
            var dc = 0.0;
            for (var k = 0; k < taps; k++) dc += h[p * taps + k];
            Assert.Equal(1.0, dc, 1e-6);
            foreach (var f in new[] { 0.01, 0.1, 0.2, 0.3, 0.38, 0.42, 0.44, 0.45 })
            {
                var re = 0.0; var im = 0.0;
                for (var k = 0; k < taps; k++) { re += h[p * taps + k] * Math.Cos(2 * Math.PI * f * k); im -= h[p * taps + k] * Math.Sin(2 * Math.PI * f * k); }
                var db = 10 * Math.Log10(re * re + im * im);
                Assert.True(Math.Abs(db) < 0.011, $"phase {p} at {f} fs: {db:F4} dB");
            }
        }
    }

    [Theory]
    [InlineData(TruePeakKernel.History)]
    [InlineData(TruePeakKernel.Taps)]
    [InlineData(37)]
    [InlineData(4099)]
    public void Simd_true_peak_kernel_equals_the_scalar_reference(int length)
    {
        var random = new Random(length);
        var x = new float[length];
        for (var i = 0; i < length; i++) x[i] = random.NextSingle() * 2 - 1;
        const int history = TruePeakKernel.History;
        var peaks = new float[Math.Max(0, length - history)];

        var max = TruePeakKernel.PeaksPerOutput(x, peaks);

        Assert.Equal(TruePeakKernel.MaxPeakReference(x), max, 1e-5f);
        Assert.Equal(max, TruePeakKernel.MaxPeak(x));
        for (var n = history; n < length; n++)
            Assert.Equal(TruePeakKernel.PeakAtReference(x, n), peaks[n - history], 1e-5f);
    }
}
