namespace Augment.Vision.Tests.Hdr;

/// <summary>The SIMD HDR row kernels against the scalar reference kernels they replace.</summary>
public class HdrSimdKernelTests
{
    private const float Tolerance = 1e-5f;

    public static TheoryData<HdrToSdrMethod, ColorSpace, double, double, double, double> SdrCases => new()
    {
        { HdrToSdrMethod.Bt2390Eetf, ColorSpace.Srgb, 0, 1000, 0, 203 },
        { HdrToSdrMethod.Bt2390Eetf, ColorSpace.Rec709, 0, 4000, 0, 100 },
        { HdrToSdrMethod.Bt2390Eetf, ColorSpace.LinearSrgb, 0.005, 1000, 0.1, 600 },
        { HdrToSdrMethod.Bt2390Eetf, ColorSpace.Srgb, 0, 500, 0, 1000 },   // target above source: no knee
        { HdrToSdrMethod.Bt2446A, ColorSpace.Srgb, 0, 1000, 0, 203 },
        { HdrToSdrMethod.Bt2446A, ColorSpace.LinearSrgb, 0, 4000, 0, 100 },
    };

    [Theory]
    [MemberData(nameof(SdrCases))]
    public void ToSdr_SIMD_row_equals_the_scalar_reference_on_random_and_edge_values(HdrToSdrMethod method, ColorSpace output,
        double sourceMin, double sourceMax, double targetMin, double targetMax)
    {
        var options = new HdrToSdrOptions { Method = method, Output = output, SourceMinNits = sourceMin, SourceMaxNits = sourceMax, TargetMinNits = targetMin, TargetMaxNits = targetMax };
        var eetf = new Bt2390Eetf(sourceMin, sourceMax, targetMin, targetMax);
        // 1003 pixels: several chunks and a scalar tail. Linear Rec.2020, 1.0 = 203 cd/m², up to 10000 cd/m².
        var (r, g, b) = RandomRows(1003, seed: (int)sourceMax + (int)method, high: 10000f / 203f);
        SetEdges(r, g, b, EdgeValues(eetf, sourceMax));
        var (rRef, gRef, bRef) = (r.ToArray(), g.ToArray(), b.ToArray());
        HdrSimdKernels.ToSdrRow(eetf, options, r, g, b);
        HdrKernels.ToSdrRow(eetf, options, rRef, gRef, bRef);
        AssertRowsEqual(rRef, r, absolute: true);
        AssertRowsEqual(gRef, g, absolute: true);
        AssertRowsEqual(bRef, b, absolute: true);
    }

    [Fact]
    public void ToHdr_SIMD_row_equals_the_scalar_reference_on_random_and_edge_values()
    {
        foreach (var peak in (double[])[1000, 203, 4000])
        {
            var (r, g, b) = RandomRows(1003, seed: (int)peak, high: 1.1f, low: -0.05f);
            // Grey at the method A segment switch (Y'' = 69.93), black, white, out-of-range and non-finite values.
            var switchGrey = (float)Math.Pow(Bt2446MethodA.SegmentSwitch / 255.0, 2.4);
            SetEdges(r, g, b, [0f, 1f, switchGrey, 1e-9f, -1f, 2f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0.5f]);
            var (rRef, gRef, bRef) = (r.ToArray(), g.ToArray(), b.ToArray());
            HdrSimdKernels.ToHdrRow(peak, r, g, b);
            HdrKernels.ToHdrRow(peak, rRef, gRef, bRef);
            AssertRowsEqual(rRef, r, absolute: false);
            AssertRowsEqual(gRef, g, absolute: false);
            AssertRowsEqual(bRef, b, absolute: false);
        }
    }

    [Fact]
    public void Non_finite_pixels_follow_the_documented_rule()
    {
        var options = HdrToSdrOptions.Default;
        var eetf = new Bt2390Eetf(0, 1000, 0, 203);
        float[] r = [float.NaN, float.PositiveInfinity, 1f, 1f, 1f, 1f, 1f, 1f];
        float[] g = [0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f];
        float[] b = [0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f];
        HdrSimdKernels.ToSdrRow(eetf, options, r, g, b);
        // BT.2390: a NaN or infinite channel makes the whole pixel NaN; the rest are numbers.
        for (var i = 0; i < 2; i++)
            Assert.True(float.IsNaN(r[i]) && float.IsNaN(g[i]) && float.IsNaN(b[i]), $"pixel {i}");
        Assert.True(float.IsFinite(r[2]) && float.IsFinite(g[2]));

        float[] hr = [float.PositiveInfinity, float.NaN, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f];
        float[] hg = [0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f];
        float[] hb = [0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f];
        HdrSimdKernels.ToHdrRow(1000, hr, hg, hb);
        // SDR→HDR: +∞ clips like any value above white; NaN stays NaN (HdrMapping then writes 0).
        Assert.True(float.IsFinite(hr[0]) && float.IsFinite(hg[0]));
        Assert.True(float.IsNaN(hr[1]) && float.IsNaN(hg[1]) && float.IsNaN(hb[1]));
    }

    [Theory]
    [InlineData(HdrToSdrMethod.Bt2390Eetf, ColorSpace.Srgb)]
    [InlineData(HdrToSdrMethod.Bt2446A, ColorSpace.Rec709)]
    public void ToSdr_frame_equals_the_reference_path(HdrToSdrMethod method, ColorSpace output)
    {
        using var sdr = Scene(97, 31);
        using var hdr = HdrMapping.ToHdr(sdr, new SdrToHdrOptions { PeakNits = 1500 }, TestContext.Current.CancellationToken);
        var options = new HdrToSdrOptions { Method = method, Output = output };
        using var fast = HdrMapping.ToSdr(hdr, options, TestContext.Current.CancellationToken);
        using var reference = HdrMapping.ToSdrCore(hdr, options, useReference: true, TestContext.Current.CancellationToken);
        AssertRowsEqual(reference.Data.ToArray(), fast.Data.ToArray(), absolute: true);
    }

    [Theory]
    [InlineData(HdrTarget.Pq)]
    [InlineData(HdrTarget.Hlg)]
    public void ToHdr_frame_equals_the_reference_path(HdrTarget target)
    {
        using var sdr = Scene(97, 31);
        var options = new SdrToHdrOptions { Target = target };
        using var fast = HdrMapping.ToHdr(sdr, options, TestContext.Current.CancellationToken);
        using var reference = HdrMapping.ToHdrCore(sdr, options, useReference: true, TestContext.Current.CancellationToken);
        AssertRowsEqual(reference.Data.ToArray(), fast.Data.ToArray(), absolute: true);
    }

    /// <summary>0, the EETF knee start, the source peak, above it, the 10000 cd/m² top, negatives, tiny and non-finite values (linear, 1.0 = 203 cd/m²).</summary>
    private static float[] EdgeValues(Bt2390Eetf eetf, double sourceMax)
    {
        var kneePq = (eetf.KneeStart * eetf.SourceRangePq) + eetf.SourceBlackPq;
        var kneeNits = TransferFunctions.ToLinear(TransferFunction.Pq, kneePq) * 10000.0;
        return
        [
            0f, (float)(kneeNits / 203.0), (float)(kneeNits / 203.0 * 1.0001), (float)(sourceMax / 203.0), (float)(sourceMax * 1.5 / 203.0),
            10000f / 203f, -0.5f, 1e-12f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1f,
        ];
    }

    private static (float[] R, float[] G, float[] B) RandomRows(int length, int seed, float high, float low = 0f)
    {
        var random = new Random(seed);
        var r = new float[length];
        var g = new float[length];
        var b = new float[length];
        for (var i = 0; i < length; i++)
        {
            // Squared, so that the dark end (where the curves bend most) is well sampled.
            r[i] = low + ((high - low) * MathF.Pow(random.NextSingle(), 2));
            g[i] = low + ((high - low) * MathF.Pow(random.NextSingle(), 2));
            b[i] = low + ((high - low) * MathF.Pow(random.NextSingle(), 2));
        }
        return (r, g, b);
    }

    /// <summary>Each edge value as a grey pixel and in each single channel, inside the SIMD part and in the tail.</summary>
    private static void SetEdges(float[] r, float[] g, float[] b, float[] edges)
    {
        var position = 3;
        foreach (var value in edges)
        {
            r[position] = g[position] = b[position] = value;
            r[position + 1] = value;
            g[position + 2] = value;
            b[position + 3] = value;
            position += 5;
        }
        // The scalar tail after the last whole vector of eight gets the last edges as grey pixels.
        var tail = r.Length - (r.Length % 8);
        for (var k = 0; tail + k < r.Length; k++)
            r[tail + k] = g[tail + k] = b[tail + k] = edges[edges.Length - 1 - (k % edges.Length)];
    }

    private static void AssertRowsEqual(float[] expected, float[] actual, bool absolute)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (float.IsNaN(expected[i]))
            {
                Assert.True(float.IsNaN(actual[i]), $"element {i}: expected NaN, got {actual[i]}");
                continue;
            }
            var tolerance = absolute ? Tolerance : Tolerance * Math.Max(1f, Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    private static ImageFrame Scene(int width, int height)
    {
        var frame = ImageFrame.Create(width, height, 3, ColorSpace.Srgb);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var hue = 2 * Math.PI * x / width;
                var value = 0.02 + (0.98 * y / (height - 1));
                frame.Row(0, y)[x] = (float)Math.Clamp(value * (0.6 + (0.4 * Math.Cos(hue))), 0, 1);
                frame.Row(1, y)[x] = (float)Math.Clamp(value * (0.6 + (0.4 * Math.Cos(hue - 2.1))), 0, 1);
                frame.Row(2, y)[x] = (float)Math.Clamp(value * (0.6 + (0.4 * Math.Cos(hue + 2.1))), 0, 1);
            }
        }
        return frame;
    }
}
