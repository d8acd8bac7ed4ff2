namespace Augment.Vision.Tests.Luts;

/// <summary>Applying 1D curves and 1D shaper + cube LUTs, against analytic results and the scalar kernel.</summary>
public class ShaperApplyTests
{
    public static TheoryData<LutInterpolation> Interpolations => [LutInterpolation.Tetrahedral, LutInterpolation.Trilinear];

    [Fact]
    public void Curves_are_interpolated_linearly_between_samples_as_the_textbook_formula_says()
    {
        var curves = new Lut1D(17);
        curves.Fill(x => MathF.Pow(x, 0.6f), x => 1f - x, x => x * x);
        var lut = Lut3D.FromCurves(curves);
        using var frame = LutTestData.RandomFrame(61, 7, seed: 31);
        using var result = frame.ApplyLut(lut);
        for (var c = 0; c < 3; c++)
        {
            for (var i = 0; i < frame.PixelCount; i++)
                Assert.Equal(PiecewiseLinear(curves, c, frame.Plane(c)[i]), result.Plane(c)[i], 2e-6f);
        }
    }

    [Fact]
    public void Fast_1D_kernel_equals_the_scalar_reference_on_random_and_edge_values_within_1e_6()
    {
        var curves = new Lut1D(1024);
        curves.SetDomain([-0.25f, 0f, 0f], [1.25f, 1f, 8f]);
        curves.Fill(x => MathF.Pow(Math.Max(x + 0.25f, 0f), 0.6f), x => 1f - x, x => MathF.Log2(1f + x));
        // Odd length: a scalar tail after the SIMD blocks.
        using var frame = LutTestData.RandomFrame(211, 9, seed: 32, low: -0.5f, high: 9f);
        float[] edges = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0.25f, 1.25f, 0f, 1f, 8f, -0f, 1e-30f, float.MaxValue];
        for (var c = 0; c < 3; c++)
        {
            for (var k = 0; k < edges.Length; k++)
                frame.Plane(c)[(k * 5) + c] = edges[k];
        }
        var n = frame.PixelCount;
        var fast = new float[n * 3];
        var reference = new float[n * 3];
        Lut1DKernels.ApplyFast(curves, frame.Plane(0), frame.Plane(1), frame.Plane(2), fast.AsSpan(0, n), fast.AsSpan(n, n), fast.AsSpan(2 * n, n));
        Lut1DKernels.ApplyReference(curves, frame.Plane(0), frame.Plane(1), frame.Plane(2), reference.AsSpan(0, n), reference.AsSpan(n, n), reference.AsSpan(2 * n, n));
        for (var i = 0; i < fast.Length; i++)
        {
            Assert.True(float.IsFinite(fast[i]), $"sample {i} is {fast[i]}");
            Assert.Equal(reference[i], fast[i], 1e-6f);
        }
        // NaN lands on the first sample, as in the 3D kernel.
        Assert.Equal(curves.Values[0], fast[0]);
    }

    [Theory]
    [MemberData(nameof(Interpolations))]
    public void Identity_cube_after_a_curve_equals_the_curve_alone(LutInterpolation interpolation)
    {
        var curve = new Lut1D(1024);
        curve.Fill(x => MathF.Pow(x, 0.6f));
        var withCube = Lut3D.Identity(17);
        withCube.Shaper = curve;
        Assert.False(withCube.IsCurvesOnly);
        using var frame = LutTestData.RandomFrame(97, 13, seed: 33);
        using var expected = frame.ApplyLut(Lut3D.FromCurves(curve), interpolation);
        using var actual = frame.ApplyLut(withCube, interpolation);
        for (var i = 0; i < frame.Data.Length; i++)
        {
            Assert.Equal(expected.Data[i], actual.Data[i], 2e-6f);
            Assert.Equal(MathF.Pow(frame.Data[i], 0.6f), actual.Data[i], 5e-3f);
        }
    }

    [Theory]
    [MemberData(nameof(Interpolations))]
    public void Log_shaper_then_a_cube_of_the_inverse_curve_and_a_matrix_equals_the_matrix_on_hdr_input(LutInterpolation interpolation)
    {
        // Scene-linear input up to 16: a log shaper spreads it over the cube, the cube undoes the log
        // and applies a 3x3 matrix. The result must be the matrix alone, up to interpolation error.
        const float Top = 16f;
        static float Log(float x) => MathF.Log2(1f + x) / MathF.Log2(1f + Top);
        static float Exp(float u) => MathF.Pow(1f + Top, u) - 1f;
        var shaper = new Lut1D(4096);
        shaper.SetDomain([0f, 0f, 0f], [Top, Top, Top]);
        shaper.Fill(Log);
        var lut = new Lut3D(33) { Shaper = shaper };
        lut.Fill((u, v, w) => Matrix(Exp(u), Exp(v), Exp(w)));

        using var frame = LutTestData.RandomFrame(83, 17, seed: 34, low: 0f, high: Top);
        using var result = frame.ApplyLut(lut, interpolation);
        var worst = 0.0;
        for (var i = 0; i < frame.PixelCount; i++)
        {
            var expected = Matrix(frame.Plane(0)[i], frame.Plane(1)[i], frame.Plane(2)[i]);
            worst = Math.Max(worst, RelativeError(expected.R, result.Plane(0)[i]));
            worst = Math.Max(worst, RelativeError(expected.G, result.Plane(1)[i]));
            worst = Math.Max(worst, RelativeError(expected.B, result.Plane(2)[i]));
        }
        // The cube interpolates an exponential between 33 points: about 0.2% of the value at worst.
        Assert.True(worst < 5e-3, $"worst relative error {worst}");

        // Without the shaper the same cube is wrong by far more: the shaper is really applied first.
        lut.Shaper = null;
        lut.SetDomain([0f, 0f, 0f], [1f, 1f, 1f]);
        using var unshaped = frame.ApplyLut(lut, interpolation);
        var expected0 = Matrix(frame.Plane(0)[0], frame.Plane(1)[0], frame.Plane(2)[0]);
        Assert.True(RelativeError(expected0.R, unshaped.Plane(0)[0]) > 0.05);
    }

    [Fact]
    public void Shaper_is_applied_in_place_and_to_a_new_frame_alike_and_the_scalar_path_agrees()
    {
        var lut = LutTestData.Sampled(9, LutTestData.WarmContrast);
        lut.Shaper = new Lut1D(33);
        lut.Shaper.Fill(x => MathF.Sqrt(Math.Max(x, 0f)));
        using var frame = LutTestData.RandomFrame(70, 20, seed: 35, low: -0.1f, high: 1.1f);
        using var copy = frame.ApplyLut(lut);
        using var inPlace = frame.Clone();
        inPlace.ApplyLutInPlace(lut);
        using var reference = ImageFrame.CreateLike(frame);
        LutKernels.ApplyFrame(frame, reference, lut, LutInterpolation.Tetrahedral, useReference: true, ComputeBudget.SingleThreaded, TestContext.Current.CancellationToken);
        for (var i = 0; i < frame.Data.Length; i++)
        {
            Assert.Equal(copy.Data[i], inPlace.Data[i]);
            Assert.Equal(reference.Data[i], copy.Data[i], 1e-5f);
        }
    }

    [Fact]
    public void Hald_image_of_a_lut_with_a_shaper_is_resampled_through_the_shaper()
    {
        var lut = Lut3D.Identity(16);
        lut.Shaper = new Lut1D(64);
        lut.Shaper.Fill(x => x * x);
        Assert.Throws<ArgumentException>(() => HaldClut.FromLut(lut));
        using var hald = HaldClut.FromLut(lut, 4);
        using var identity = HaldClut.Identity(4);
        for (var i = 0; i < hald.Data.Length; i++)
            Assert.Equal(identity.Data[i] * identity.Data[i], hald.Data[i], 2e-4f);
    }

    private static (float R, float G, float B) Matrix(float r, float g, float b) =>
        ((0.7f * r) + (0.2f * g) + (0.1f * b), (0.1f * r) + (0.8f * g) + (0.1f * b), (0.05f * r) + (0.15f * g) + (0.8f * b));

    private static double RelativeError(double expected, double actual) => Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), 0.05);

    /// <summary>Independent evaluation: find the bracketing samples by the sample inputs themselves.</summary>
    private static float PiecewiseLinear(Lut1D curves, int channel, float x)
    {
        var n = curves.Size;
        double lo = curves.DomainMin[channel], hi = curves.DomainMax[channel];
        var clamped = Math.Clamp((double)x, lo, hi);
        for (var i = 0; i < n - 1; i++)
        {
            var x0 = lo + ((hi - lo) * i / (n - 1));
            var x1 = lo + ((hi - lo) * (i + 1) / (n - 1));
            if (clamped <= x1 || i == n - 2)
            {
                var t = (clamped - x0) / (x1 - x0);
                return (float)(curves.Values[(i * 3) + channel] + ((curves.Values[((i + 1) * 3) + channel] - curves.Values[(i * 3) + channel]) * t));
            }
        }
        throw new InvalidOperationException("unreachable");
    }
}
