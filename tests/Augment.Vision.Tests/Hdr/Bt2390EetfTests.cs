using Augment.Vision;

namespace Augment.Vision.Tests.Hdr;

public class Bt2390EetfTests
{
    // Independent ST 2084 and BT.2390-10 §5.4 written from the formulas, double precision.
    private const double M1 = 2610.0 / 16384.0, M2 = 2523.0 / 32.0, C1 = 3424.0 / 4096.0, C2 = 2413.0 / 128.0, C3 = 2392.0 / 128.0;

    private static double Pq(double nits)
    {
        var p = Math.Pow(nits / 10000.0, M1);
        return Math.Pow((C1 + C2 * p) / (1 + C3 * p), M2);
    }

    private static double ReferenceEetf(double pq, double lb, double lw, double lmin, double lmax)
    {
        double black = Pq(lb), white = Pq(lw);
        var e1 = (pq - black) / (white - black);
        var minLum = (Pq(lmin) - black) / (white - black);
        var maxLum = (Pq(lmax) - black) / (white - black);
        var ks = 1.5 * maxLum - 0.5;
        var e2 = e1;
        if (e1 >= ks)
        {
            var t = (e1 - ks) / (1 - ks);
            e2 = (2 * Math.Pow(t, 3) - 3 * t * t + 1) * ks + (Math.Pow(t, 3) - 2 * t * t + t) * (1 - ks) + (-2 * Math.Pow(t, 3) + 3 * t * t) * maxLum;
        }

        var e3 = e2 + minLum * Math.Pow(1 - e2, 4);
        return e3 * (white - black) + black;
    }

    [Theory]
    [InlineData(1000.0, 1000.0)]
    [InlineData(600.0, 1000.0)]
    [InlineData(100.0, 203.0)]
    public void Is_identity_when_source_max_is_at_or_below_target_max(double sourceMax, double targetMax)
    {
        var eetf = new Bt2390Eetf(0, sourceMax, 0, targetMax);
        // PQ(0 cd/m²) = c1^m2 ≈ 7.3e-7: the EETF starts at the source black, not at signal 0.
        double black = Pq(0), top = Pq(sourceMax);
        for (var i = 0; i <= 1000; i++)
        {
            var e = black + (top - black) * i / 1000.0;
            Assert.Equal(e, eetf.MapPq(e), 1e-12);
        }
    }

    [Theory]
    [InlineData(1000.0, 100.0)]
    [InlineData(1000.0, 203.0)]
    [InlineData(4000.0, 1000.0)]
    [InlineData(10000.0, 600.0)]
    public void Source_max_maps_to_target_max_in_PQ_within_1e_6(double sourceMax, double targetMax)
    {
        var eetf = new Bt2390Eetf(0, sourceMax, 0, targetMax);
        Assert.Equal(Pq(targetMax), eetf.MapPq(Pq(sourceMax)), 1e-6);
    }

    [Fact]
    public void Output_equals_input_below_the_knee_start()
    {
        var eetf = new Bt2390Eetf(0, 1000, 0, 100);
        double black = Pq(0), white = Pq(1000);
        var kneePq = black + eetf.KneeStart * (white - black);
        Assert.InRange(eetf.KneeStart, 0.5, 0.6); // 1.5·(0.508/0.752) − 0.5 ≈ 0.5136
        for (var i = 0; i < 1000; i++)
        {
            var e = black + (kneePq - black) * i / 1000.0;
            Assert.Equal(e, eetf.MapPq(e), 1e-14);
        }
    }

    [Theory]
    [InlineData(0.0, 1000.0, 0.0, 100.0)]
    [InlineData(0.0, 1000.0, 0.0, 203.0)]
    [InlineData(0.005, 4000.0, 0.1, 600.0)]
    [InlineData(0.0, 10000.0, 0.05, 100.0)]
    public void Is_monotonic_non_decreasing_over_a_dense_sweep(double lb, double lw, double lmin, double lmax)
    {
        var eetf = new Bt2390Eetf(lb, lw, lmin, lmax);
        var previous = double.NegativeInfinity;
        for (var i = 0; i <= 200_000; i++)
        {
            var value = eetf.MapPq(i / 200_000.0);
            Assert.True(value >= previous, $"EETF decreases at PQ {i / 200_000.0}: {value} < {previous}");
            previous = value;
        }
    }

    [Fact]
    public void Is_continuous_with_unit_slope_at_the_knee_start()
    {
        var eetf = new Bt2390Eetf(0, 1000, 0, 100);
        double black = Pq(0), white = Pq(1000);
        var knee = black + eetf.KneeStart * (white - black);
        const double h = 1e-7;
        var below = eetf.MapPq(knee - h);
        var at = eetf.MapPq(knee);
        var above = eetf.MapPq(knee + h);
        Assert.Equal(knee, at, 1e-12);
        Assert.Equal(h, at - below, 1e-12);
        Assert.Equal(h, above - at, 1e-11); // Hermite spline starts with slope 1
    }

    [Theory]
    [InlineData(500.0, 0.0, 1000.0, 0.0, 100.0)]
    [InlineData(300.0, 0.0, 1000.0, 0.0, 203.0)]
    [InlineData(600.0, 0.005, 4000.0, 0.1, 600.0)]
    [InlineData(0.0, 0.0, 1000.0, 0.1, 100.0)]
    public void Matches_an_independent_BT2390_implementation(double nits, double lb, double lw, double lmin, double lmax)
    {
        var eetf = new Bt2390Eetf(lb, lw, lmin, lmax);
        var pq = Pq(nits);
        Assert.Equal(ReferenceEetf(pq, lb, lw, lmin, lmax), eetf.MapPq(pq), 1e-12);
    }

    [Fact]
    public void Matches_hand_computed_values()
    {
        // Computed once in double precision from the BT.2390-10 §5.4 formulas (outside this code base).
        Assert.Equal(0.5070162426982519, new Bt2390Eetf(0, 1000, 0, 100).MapPq(Pq(500)), 1e-9);
        Assert.Equal(0.5695850195072676, new Bt2390Eetf(0, 1000, 0, 203).MapPq(Pq(300)), 1e-9);
        Assert.Equal(0.6659740200199814, new Bt2390Eetf(0.005, 4000, 0.1, 600).MapPq(Pq(600)), 1e-9);
        Assert.Equal(98.94687131823169, new Bt2390Eetf(0, 1000, 0, 100).MapNits(500), 1e-6);
    }
}
