using Augment.Vision;

namespace Augment.Vision.Tests.Hdr;

public class HdrMappingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static double PqOf(double nits) => TransferFunctions.FromLinear(TransferFunction.Pq, nits / 10000.0);

    private static ImageFrame Solid(ColorSpace space, params (float R, float G, float B)[] pixels)
    {
        var frame = ImageFrame.Create(pixels.Length, 1, 3, space);
        for (var x = 0; x < pixels.Length; x++)
        {
            frame.Row(0, 0)[x] = pixels[x].R;
            frame.Row(1, 0)[x] = pixels[x].G;
            frame.Row(2, 0)[x] = pixels[x].B;
        }

        return frame;
    }

    // A smooth, colourful SDR test scene: hue sweep across, brightness down, a grey ramp in the last rows.
    private static ImageFrame Scene(int width, int height, bool alpha = false, ComputeBudget? budget = null)
    {
        var frame = ImageFrame.Create(width, height, alpha ? 4 : 3, ColorSpace.Srgb, alpha, budget);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var hue = 2 * Math.PI * x / width;
                var value = 0.05 + 0.95 * y / (height - 1);
                var chroma = y >= height - 4 ? 0.0 : 0.35;
                frame.Row(0, y)[x] = (float)Math.Clamp(value * (1 - chroma + chroma * Math.Cos(hue)), 0, 1);
                frame.Row(1, y)[x] = (float)Math.Clamp(value * (1 - chroma + chroma * Math.Cos(hue - 2.1)), 0, 1);
                frame.Row(2, y)[x] = (float)Math.Clamp(value * (1 - chroma + chroma * Math.Cos(hue + 2.1)), 0, 1);
                if (alpha)
                    frame.Row(3, y)[x] = (x + y) % 7 / 6f;
            }
        }

        return frame;
    }

    [Fact]
    public void ToSdr_maps_source_peak_to_SDR_white_and_keeps_values_below_the_knee()
    {
        using var hdr = Solid(ColorSpace.Rec2020Pq,
            ((float)PqOf(1000), (float)PqOf(1000), (float)PqOf(1000)),
            ((float)PqOf(50), (float)PqOf(50), (float)PqOf(50)),
            (0f, 0f, 0f));
        using var sdr = HdrMapping.ToSdr(hdr, new HdrToSdrOptions { Output = ColorSpace.LinearSrgb }, Ct);

        Assert.Equal(ColorSpace.LinearSrgb, sdr.ColorSpace);
        Assert.Equal(1.0, sdr.Row(1, 0)[0], 1e-4);
        // 50 cd/m² lies below KS (PQ ≈ 0.495, about 87 cd/m², for 1000 → 203), so it stays 50/203 of SDR white.
        Assert.Equal(50.0 / 203.0, sdr.Row(1, 0)[1], 1e-4);
        Assert.Equal(0.0, sdr.Row(1, 0)[2], 1e-6);
    }

    [Fact]
    public void ToSdr_EETF_keeps_RGB_ratios_of_an_in_gamut_colour()
    {
        // A Rec.709 colour (4 : 2 : 1) placed in linear Rec.2020 with red at about 800 cd/m², above the knee.
        var toRec2020 = ColorPrimaries.RgbToRgb(RgbPrimaries.Rec709, RgbPrimaries.Rec2020);
        var (r, g, b) = toRec2020.Transform(4.0, 2.0, 1.0);
        using var hdr = Solid(ColorSpace.LinearRec2020, ((float)r, (float)g, (float)b));
        using var sdr = HdrMapping.ToSdr(hdr, new HdrToSdrOptions { Output = ColorSpace.LinearSrgb }, Ct);

        var red = sdr.Row(0, 0)[0];
        Assert.InRange(red, 0.5, 1.0);
        Assert.Equal(2.0, red / sdr.Row(1, 0)[0], 1e-3);
        Assert.Equal(2.0, sdr.Row(1, 0)[0] / sdr.Row(2, 0)[0], 1e-3);
    }

    [Fact]
    public void ToHdr_keeps_black_black_and_sends_SDR_white_to_the_peak()
    {
        using var sdr = Solid(ColorSpace.Srgb, (0f, 0f, 0f), (1f, 1f, 1f));
        using var pq = HdrMapping.ToHdr(sdr, null, Ct);
        using var hlg = HdrMapping.ToHdr(sdr, new SdrToHdrOptions { Target = HdrTarget.Hlg }, Ct);

        Assert.Equal(ColorSpace.Rec2020Pq, pq.ColorSpace);
        Assert.Equal(ColorSpace.Rec2020Hlg, hlg.ColorSpace);
        for (var c = 0; c < 3; c++)
        {
            Assert.InRange(pq.Row(c, 0)[0], 0f, 1e-6f);
            Assert.Equal(0f, hlg.Row(c, 0)[0]);
            Assert.Equal(PqOf(999.52), pq.Row(c, 0)[1], 1e-4);
            Assert.Equal(1.0, hlg.Row(c, 0)[1], 2e-3);
        }
    }

    [Theory]
    [InlineData(HdrTarget.Pq)]
    [InlineData(HdrTarget.Hlg)]
    public void ToHdr_is_monotonic_on_a_grey_ramp(HdrTarget target)
    {
        const int steps = 4096;
        using var ramp = ImageFrame.Create(steps, 1, 3, ColorSpace.Srgb);
        for (var c = 0; c < 3; c++)
            for (var x = 0; x < steps; x++)
                ramp.Row(c, 0)[x] = x / (float)(steps - 1);
        using var hdr = HdrMapping.ToHdr(ramp, new SdrToHdrOptions { Target = target }, Ct);
        for (var x = 1; x < steps; x++)
            Assert.True(hdr.Row(1, 0)[x] >= hdr.Row(1, 0)[x - 1], $"decreases at step {x}");
    }

    [Theory]
    [InlineData(HdrTarget.Pq, 1000.0)]
    [InlineData(HdrTarget.Pq, 10000.0)]
    [InlineData(HdrTarget.Hlg, 1000.0)]
    [InlineData(HdrTarget.Hlg, 4000.0)]
    public void ToHdr_outputs_lie_in_0_to_1_for_16_bit_images(HdrTarget target, double peakNits)
    {
        var random = new Random(7);
        using var sdr = ImageFrame.Create(64, 32, 3, ColorSpace.Srgb);
        foreach (ref var v in sdr.Data)
            v = random.Next(4) == 0 ? random.Next(2) : (float)random.NextDouble();
        using var hdr = HdrMapping.ToHdr(sdr, new SdrToHdrOptions { Target = target, PeakNits = peakNits }, Ct);
        foreach (var v in hdr.Data)
            Assert.InRange(v, 0f, 1f);
        // Full SDR white reaches the peak (PQ of min(peak, HLG display peak) or HLG 1.0).
        var expectedTop = target == HdrTarget.Pq ? PqOf(peakNits) : 1.0;
        var top = 0f;
        foreach (var v in hdr.Data)
            top = Math.Max(top, v);
        Assert.Equal(expectedTop, top, 2e-3);
    }

    [Fact]
    public void Alpha_is_copied_unchanged_both_ways()
    {
        using var sdr = Scene(40, 20, alpha: true);
        using var hdr = HdrMapping.ToHdr(sdr, null, Ct);
        using var back = HdrMapping.ToSdr(hdr, null, Ct);
        Assert.True(sdr.Alpha.SequenceEqual(hdr.Alpha));
        Assert.True(sdr.Alpha.SequenceEqual(back.Alpha));
    }

    [Theory]
    [InlineData(HdrTarget.Pq)]
    [InlineData(HdrTarget.Hlg)]
    public void Round_trip_SDR_HDR_SDR_with_method_A_stays_under_mean_dE2000_of_1_5(HdrTarget target)
    {
        using var sdr = Scene(96, 64);
        using var hdr = HdrMapping.ToHdr(sdr, new SdrToHdrOptions { Target = target }, Ct);
        using var back = HdrMapping.ToSdr(hdr, new HdrToSdrOptions { Method = HdrToSdrMethod.Bt2446A }, Ct);
        var meanDeltaE = ColorMath.MeanDeltaE2000(sdr, back, Ct);
        TestContext.Current.SendDiagnosticMessage($"round trip {target}: mean dE2000 = {meanDeltaE:F3}");
        Assert.True(meanDeltaE < 1.5, $"mean dE2000 {meanDeltaE}");
    }

    [Fact]
    public void Row_parallel_result_equals_single_threaded_result()
    {
        using var many = Scene(50, 37, budget: ComputeBudget.Default with { MaxThreads = 4 });
        using var one = Scene(50, 37, budget: ComputeBudget.SingleThreaded);
        using var hdrMany = HdrMapping.ToHdr(many, null, Ct);
        using var hdrOne = HdrMapping.ToHdr(one, null, Ct);
        Assert.True(hdrMany.Data.SequenceEqual(hdrOne.Data));
        using var sdrMany = HdrMapping.ToSdr(hdrMany, null, Ct);
        using var sdrOne = HdrMapping.ToSdr(hdrOne, null, Ct);
        Assert.True(sdrMany.Data.SequenceEqual(sdrOne.Data));
    }

    [Fact]
    public void Rejects_HDR_input_to_ToHdr_and_invalid_ranges()
    {
        using var pq = Solid(ColorSpace.Rec2020Pq, (0.5f, 0.5f, 0.5f));
        using var sdr = Solid(ColorSpace.Srgb, (0.5f, 0.5f, 0.5f));
        Assert.Throws<ArgumentException>(() => HdrMapping.ToHdr(pq, null, Ct));
        Assert.Throws<ArgumentOutOfRangeException>(() => HdrMapping.ToHdr(sdr, new SdrToHdrOptions { PeakNits = 0 }, Ct));
        Assert.Throws<ArgumentOutOfRangeException>(() => HdrMapping.ToSdr(pq, new HdrToSdrOptions { TargetMaxNits = 0 }, Ct));
        Assert.Throws<ArgumentOutOfRangeException>(() => HdrMapping.ToSdr(pq, new HdrToSdrOptions { Output = ColorSpace.Rec2020Pq }, Ct));
    }
}
