namespace Augment.Vision.Tests.Matching;

public sealed class AffineColorKernelTests
{
    [Fact]
    public void Vector_kernel_equals_scalar_reference_within_1e_6()
    {
        var random = new Random(9);
        float[] coefficients = new float[12];
        for (var i = 0; i < coefficients.Length; i++)
            coefficients[i] = (float)(random.NextDouble() * 2 - 1);
        const int Length = 1003; // not a multiple of any vector width: exercises the tail
        var x = new float[Length];
        var y = new float[Length];
        var z = new float[Length];
        for (var i = 0; i < Length; i++)
        {
            x[i] = (float)random.NextDouble();
            y[i] = (float)random.NextDouble();
            z[i] = (float)random.NextDouble();
        }
        float[] xr = (float[])x.Clone(), yr = (float[])y.Clone(), zr = (float[])z.Clone();
        AffineColorKernels.Apply(coefficients, x, y, z);
        AffineColorKernels.ApplyReference(coefficients, xr, yr, zr);
        for (var i = 0; i < Length; i++)
        {
            Assert.Equal(xr[i], x[i], 1e-6);
            Assert.Equal(yr[i], y[i], 1e-6);
            Assert.Equal(zr[i], z[i], 1e-6);
        }
    }

    [Fact]
    public void Oklab_plane_kernels_agree_with_the_double_reference_and_invert()
    {
        var random = new Random(12);
        const int Length = 500;
        var r = new float[Length];
        var g = new float[Length];
        var b = new float[Length];
        for (var i = 0; i < Length; i++)
        {
            r[i] = (float)(random.NextDouble() * 1.2 - 0.1);
            g[i] = (float)(random.NextDouble() * 1.2 - 0.1);
            b[i] = (float)(random.NextDouble() * 1.2 - 0.1);
        }
        float[] r0 = (float[])r.Clone(), g0 = (float[])g.Clone(), b0 = (float[])b.Clone();
        OklabPlaneKernels.FromLinearSrgb(r, g, b);
        for (var i = 0; i < Length; i++)
        {
            var expected = ColorMath.LinearSrgbToOklab(r0[i], g0[i], b0[i]);
            Assert.Equal(expected.L, r[i], 1e-5);
            Assert.Equal(expected.A, g[i], 1e-5);
            Assert.Equal(expected.B, b[i], 1e-5);
        }
        OklabPlaneKernels.ToLinearSrgb(r, g, b);
        for (var i = 0; i < Length; i++)
        {
            Assert.Equal(r0[i], r[i], 1e-5);
            Assert.Equal(g0[i], g[i], 1e-5);
            Assert.Equal(b0[i], b[i], 1e-5);
        }
    }

    [Fact]
    public void Vector_cube_root_equals_MathF_Cbrt_to_float_rounding()
    {
        var random = new Random(14);
        var values = new List<float> { 0f, -0f, 1f, -1f, 8f, -27f, 1e-30f, 3e-38f, 1e30f, 0.5f };
        for (var i = 0; i < 2000; i++)
            values.Add((float)((random.NextDouble() * 2 - 1) * Math.Pow(10, random.Next(-8, 8))));
        var lanes = System.Numerics.Vector<float>.Count;
        var buffer = new float[lanes];
        for (var start = 0; start + lanes <= values.Count; start += lanes)
        {
            values.CopyTo(start, buffer, 0, lanes);
            var result = OklabPlaneKernels.Cbrt(new System.Numerics.Vector<float>(buffer));
            for (var k = 0; k < lanes; k++)
            {
                var expected = MathF.Cbrt(buffer[k]);
                Assert.True(Math.Abs(result[k] - expected) <= 4e-7f * Math.Abs(expected), $"cbrt({buffer[k]}) = {result[k]}, expected {expected}");
            }
        }
    }

    [Fact]
    public void Vector_OKLab_kernels_equal_the_scalar_references_within_1e_6()
    {
        var random = new Random(15);
        const int Length = 777;
        var r = new float[Length];
        var g = new float[Length];
        var b = new float[Length];
        for (var i = 0; i < Length; i++)
        {
            r[i] = (float)(random.NextDouble() * 1.5 - 0.2);
            g[i] = (float)(random.NextDouble() * 1.5 - 0.2);
            b[i] = (float)(random.NextDouble() * 1.5 - 0.2);
        }
        float[] r2 = (float[])r.Clone(), g2 = (float[])g.Clone(), b2 = (float[])b.Clone();
        OklabPlaneKernels.FromLinearSrgb(r, g, b);
        OklabPlaneKernels.FromLinearSrgbReference(r2, g2, b2);
        for (var i = 0; i < Length; i++)
        {
            Assert.Equal(r2[i], r[i], 1e-6);
            Assert.Equal(g2[i], g[i], 1e-6);
            Assert.Equal(b2[i], b[i], 1e-6);
        }
        // Same OKLab input on both sides, so that only the inverse kernels are compared.
        r2.CopyTo(r, 0);
        g2.CopyTo(g, 0);
        b2.CopyTo(b, 0);
        OklabPlaneKernels.ToLinearSrgb(r, g, b);
        OklabPlaneKernels.ToLinearSrgbReference(r2, g2, b2);
        for (var i = 0; i < Length; i++)
        {
            Assert.Equal(r2[i], r[i], 1e-6);
            Assert.Equal(g2[i], g[i], 1e-6);
            Assert.Equal(b2[i], b[i], 1e-6);
        }
    }

    [Fact]
    public void Vector_moments_equal_the_scalar_weighted_path_with_unit_weights()
    {
        using var frame = MatchImages.Textured(301, 203, seed: 16); // two bands and a ragged tail
        using var ones = ImageFrame.Create(301, 203, 1, ColorSpace.Unspecified);
        ones.Plane(0).Fill(1f);
        var fast = ColorMoments.Compute(frame, null, TestContext.Current.CancellationToken);
        var scalar = ColorMoments.Compute(frame, ones, TestContext.Current.CancellationToken);
        Assert.Equal(scalar.Weight, fast.Weight);
        for (var c = 0; c < 3; c++)
        {
            Assert.Equal(scalar.Mean(c), fast.Mean(c), 1e-12);
            for (var k = 0; k < 3; k++)
                Assert.Equal(scalar.Covariance[c, k], fast.Covariance[c, k], 1e-12);
        }
    }

    [Fact]
    public void Moments_converted_to_OKLab_on_the_fly_equal_those_of_an_OKLab_copy()
    {
        var ct = TestContext.Current.CancellationToken;
        using var frame = MatchImages.Textured(301, 203, seed: 17);
        using var oklab = frame.Clone();
        OklabPlaneKernels.FromLinearSrgb(oklab.Plane(0), oklab.Plane(1), oklab.Plane(2));
        using var weights = MatchImages.LeftMask(301, 203, 0.4);
        foreach (var mask in new[] { null, weights })
        {
            var fused = ColorMoments.Compute(frame, mask, ct, linearToOklab: true);
            var copied = ColorMoments.Compute(oklab, mask, ct);
            Assert.Equal(copied.Weight, fused.Weight);
            for (var c = 0; c < 3; c++)
            {
                Assert.Equal(copied.Mean(c), fused.Mean(c), 1e-12);
                for (var k = 0; k < 3; k++)
                    Assert.Equal(copied.Covariance[c, k], fused.Covariance[c, k], 1e-12);
            }
        }
    }
}
