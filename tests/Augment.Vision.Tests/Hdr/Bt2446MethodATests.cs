using Augment.Vision;

namespace Augment.Vision.Tests.Hdr;

public class Bt2446MethodATests
{
    private static double Nits(double lumaSdr) => 1000.0 * Math.Pow(Bt2446MethodA.InverseLuma(lumaSdr), 2.4);

    [Fact]
    public void Full_SDR_signal_maps_to_the_1000_nit_peak_within_0_1_percent()
    {
        // 255^E(255) = 999.8 with the Report's coefficients; through the 2.4 power that is 999.5 cd/m².
        Assert.Equal(1000.0, Nits(1.0), 1.0);
    }

    [Fact]
    public void SDR_image_of_HDR_reference_white_maps_back_to_203_nits_within_1_percent()
    {
        // The forward method A sends 203 cd/m² (BT.2408 HDR reference white) to SDR luma ≈ 0.687;
        // the inverse must bring that luma back to ≈ 203 cd/m² (measured 203.75).
        var rhoHdr = Bt2446MethodA.Rho(1000);
        var rhoSdr = Bt2446MethodA.Rho(100);
        var sdr = Bt2446MethodA.ForwardLuma(Math.Pow(0.203, 1 / 2.4), rhoHdr, rhoSdr);
        Assert.Equal(0.68686, sdr, 1e-4);
        Assert.Equal(203.0, Nits(sdr), 2.03);
    }

    [Fact]
    public void Inverse_luma_is_monotonic_over_a_dense_sweep_and_black_stays_black()
    {
        Assert.Equal(0.0, Bt2446MethodA.InverseLuma(0.0));
        var previous = 0.0;
        for (var i = 1; i <= 1_000_000; i++)
        {
            var value = Bt2446MethodA.InverseLuma(i / 1_000_000.0);
            Assert.True(value >= previous, $"decreases at Y' = {i / 1_000_000.0}");
            previous = value;
        }
    }

    [Fact]
    public void Segment_switch_lies_where_the_two_exponent_segments_cross_near_70()
    {
        Assert.Equal(69.93, Bt2446MethodA.SegmentSwitch, 0.01);
    }

    [Fact]
    public void Forward_luma_undoes_inverse_luma_within_0_015_of_full_scale()
    {
        var rhoHdr = Bt2446MethodA.Rho(1000);
        var rhoSdr = Bt2446MethodA.Rho(100);
        for (var i = 5; i <= 100; i++)
        {
            var y = i / 100.0;
            var back = Bt2446MethodA.ForwardLuma(Bt2446MethodA.InverseLuma(y), rhoHdr, rhoSdr);
            // The two published curves are fitted to each other, not exact inverses: measured worst case 0.0111 at Y' = 0.86.
            Assert.True(Math.Abs(back - y) <= 0.015, $"Y' {y} came back as {back}");
        }
    }

    [Fact]
    public void Neutral_grey_stays_neutral_in_the_inverse()
    {
        var (r, g, b) = Bt2446MethodA.Inverse(0.5, 0.5, 0.5);
        Assert.Equal(r, g, 1e-9);
        Assert.Equal(r, b, 1e-9);
        Assert.Equal(Math.Pow(Bt2446MethodA.InverseLuma(0.5), 2.4), r, 1e-9);
    }
}
