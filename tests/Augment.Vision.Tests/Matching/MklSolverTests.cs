namespace Augment.Vision.Tests.Matching;

public sealed class MklSolverTests
{
    [Fact]
    public void Mkl_matrix_maps_source_covariance_onto_reference_covariance_to_1e_6_on_random_SPD_matrices()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 200; trial++)
        {
            var source = RandomSpd(random);
            var reference = RandomSpd(random);
            var t = MklSolver.Solve(source, reference);
            var mapped = ColorMatrix3x3.Multiply(ColorMatrix3x3.Multiply(t, source), Transpose(t));
            var scale = MaxAbs(reference);
            for (var r = 0; r < 3; r++)
            {
                for (var c = 0; c < 3; c++)
                    Assert.True(Math.Abs(mapped[r, c] - reference[r, c]) <= 1e-6 * scale, $"trial {trial}: (TΣsTᵀ)[{r},{c}] = {mapped[r, c]}, Σr = {reference[r, c]}");
            }
        }
    }

    [Fact]
    public void Mkl_matrix_is_symmetric_positive_definite()
    {
        var random = new Random(11);
        for (var trial = 0; trial < 200; trial++)
        {
            var t = MklSolver.Solve(RandomSpd(random), RandomSpd(random));
            for (var r = 0; r < 3; r++)
            {
                for (var c = 0; c < 3; c++)
                    Assert.Equal(t[r, c], t[c, r], 12);
            }
            // Sylvester's criterion: every leading principal minor is positive.
            Assert.True(t.M11 > 0);
            Assert.True(t.M11 * t.M22 - t.M12 * t.M21 > 0);
            Assert.True(Determinant(t) > 0);
        }
    }

    [Fact]
    public void Mkl_of_a_covariance_scaled_by_an_SPD_matrix_recovers_that_matrix()
    {
        // If Σr = M Σs M with M SPD, the unique SPD solution is M itself.
        var random = new Random(3);
        var source = RandomSpd(random);
        var m = RandomSpd(random);
        var reference = ColorMatrix3x3.Multiply(ColorMatrix3x3.Multiply(m, source), m);
        var t = MklSolver.Solve(source, reference);
        for (var r = 0; r < 3; r++)
        {
            for (var c = 0; c < 3; c++)
                Assert.True(Math.Abs(t[r, c] - m[r, c]) < 1e-8 * MaxAbs(m), $"T[{r},{c}] = {t[r, c]}, M = {m[r, c]}");
        }
    }

    [Fact]
    public void Jacobi_decomposition_reconstructs_the_matrix_with_orthonormal_vectors()
    {
        var random = new Random(5);
        for (var trial = 0; trial < 100; trial++)
        {
            var a = RandomSpd(random);
            var (l0, l1, l2, v) = SymmetricEigen3.Decompose(a);
            var back = SymmetricEigen3.Compose(l0, l1, l2, v);
            var vtv = ColorMatrix3x3.Multiply(Transpose(v), v);
            for (var r = 0; r < 3; r++)
            {
                for (var c = 0; c < 3; c++)
                {
                    Assert.True(Math.Abs(back[r, c] - a[r, c]) < 1e-12 * MaxAbs(a));
                    Assert.True(Math.Abs(vtv[r, c] - (r == c ? 1.0 : 0.0)) < 1e-12);
                }
            }
        }
    }

    [Fact]
    public void A_flat_source_gives_a_finite_transform()
    {
        var flat = new ColorMatrix3x3(0, 0, 0, 0, 0, 0, 0, 0, 0);
        var t = MklSolver.Solve(flat, RandomSpd(new Random(1)));
        for (var r = 0; r < 3; r++)
        {
            for (var c = 0; c < 3; c++)
                Assert.True(double.IsFinite(t[r, c]));
        }
    }

    private static ColorMatrix3x3 RandomSpd(Random random)
    {
        // Covariance-like: BᵀB for a random B, plus a small ridge; scaled like colour data (≈1e-2).
        Span<double> b = stackalloc double[9];
        for (var i = 0; i < 9; i++)
            b[i] = random.NextDouble() * 2.0 - 1.0;
        var matrix = new ColorMatrix3x3(b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8]);
        var spd = ColorMatrix3x3.Multiply(Transpose(matrix), matrix);
        var ridge = 0.05;
        return new ColorMatrix3x3(
            spd.M11 + ridge, spd.M12, spd.M13,
            spd.M21, spd.M22 + ridge, spd.M23,
            spd.M31, spd.M32, spd.M33 + ridge).Scale(0.01);
    }

    private static ColorMatrix3x3 Transpose(ColorMatrix3x3 m) => new(m.M11, m.M21, m.M31, m.M12, m.M22, m.M32, m.M13, m.M23, m.M33);

    private static double Determinant(ColorMatrix3x3 m) =>
        m.M11 * (m.M22 * m.M33 - m.M23 * m.M32) - m.M12 * (m.M21 * m.M33 - m.M23 * m.M31) + m.M13 * (m.M21 * m.M32 - m.M22 * m.M31);

    private static double MaxAbs(ColorMatrix3x3 m)
    {
        var max = 0.0;
        for (var r = 0; r < 3; r++)
        {
            for (var c = 0; c < 3; c++)
                max = Math.Max(max, Math.Abs(m[r, c]));
        }
        return max;
    }
}
