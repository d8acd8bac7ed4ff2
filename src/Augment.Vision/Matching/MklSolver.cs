namespace Augment.Vision;

/// <summary>
/// The linear Monge–Kantorovich colour transfer of Pitié and Kokaram (2007), "The linear
/// Monge-Kantorovitch linear colour mapping for example-based colour transfer", IET CVMP, equation 6:
/// T = Σs^-1/2 (Σs^1/2 Σr Σs^1/2)^1/2 Σs^-1/2, the unique symmetric positive-definite matrix with
/// T Σs Tᵀ = Σr, which is the optimal-transport map between Gaussians of those covariances.
/// </summary>
internal static class MklSolver
{
    /// <summary>
    /// Floor for eigenvalues, relative to the largest one (plus a tiny absolute floor), so that a flat or
    /// single-hue source still gives a finite transform instead of dividing by zero.
    /// </summary>
    private const double RelativeEigenFloor = 1e-10;
    private const double AbsoluteEigenFloor = 1e-14;

    /// <summary>The MKL matrix for source covariance <paramref name="source"/> and reference covariance <paramref name="reference"/>.</summary>
    public static ColorMatrix3x3 Solve(ColorMatrix3x3 source, ColorMatrix3x3 reference)
    {
        var (s0, s1, s2, sv) = SymmetricEigen3.Decompose(source);
        var floor = Floor(s0, s1, s2);
        s0 = Math.Max(s0, floor);
        s1 = Math.Max(s1, floor);
        s2 = Math.Max(s2, floor);
        var sourceRoot = SymmetricEigen3.Compose(Math.Sqrt(s0), Math.Sqrt(s1), Math.Sqrt(s2), sv);
        var sourceInverseRoot = SymmetricEigen3.Compose(1.0 / Math.Sqrt(s0), 1.0 / Math.Sqrt(s1), 1.0 / Math.Sqrt(s2), sv);

        var middle = ColorMatrix3x3.Multiply(ColorMatrix3x3.Multiply(sourceRoot, reference), sourceRoot);
        var (m0, m1, m2, mv) = SymmetricEigen3.Decompose(middle);
        // The middle matrix is positive semi-definite in exact arithmetic; clip rounding below zero.
        var middleRoot = SymmetricEigen3.Compose(Math.Sqrt(Math.Max(m0, 0.0)), Math.Sqrt(Math.Max(m1, 0.0)), Math.Sqrt(Math.Max(m2, 0.0)), mv);

        var t = ColorMatrix3x3.Multiply(ColorMatrix3x3.Multiply(sourceInverseRoot, middleRoot), sourceInverseRoot);
        return Symmetrize(t);
    }

    private static double Floor(double l0, double l1, double l2)
    {
        var largest = Math.Max(Math.Abs(l0), Math.Max(Math.Abs(l1), Math.Abs(l2)));
        return Math.Max(largest * RelativeEigenFloor, AbsoluteEigenFloor);
    }

    private static ColorMatrix3x3 Symmetrize(ColorMatrix3x3 m) => new(
        m.M11, 0.5 * (m.M12 + m.M21), 0.5 * (m.M13 + m.M31),
        0.5 * (m.M12 + m.M21), m.M22, 0.5 * (m.M23 + m.M32),
        0.5 * (m.M13 + m.M31), 0.5 * (m.M23 + m.M32), m.M33);
}
