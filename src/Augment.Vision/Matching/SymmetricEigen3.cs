namespace Augment.Vision;

/// <summary>
/// Eigen-decomposition of a symmetric 3x3 matrix by the cyclic Jacobi method in double precision
/// (Golub and Van Loan, Matrix Computations, 4th ed., section 8.5). Jacobi is chosen over a closed-form
/// cubic because it stays accurate for nearly repeated eigenvalues, which grey images produce.
/// </summary>
internal static class SymmetricEigen3
{
    private const int MaxSweeps = 50;

    /// <summary>
    /// Decomposes <paramref name="matrix"/> (only its symmetric part is read) as V·diag(λ)·Vᵀ.
    /// </summary>
    /// <returns>The eigenvalues and the orthonormal eigenvectors as the columns of a matrix.</returns>
    public static (double L0, double L1, double L2, ColorMatrix3x3 Vectors) Decompose(ColorMatrix3x3 matrix)
    {
        Span<double> a = stackalloc double[9];
        Span<double> v = stackalloc double[9];
        for (var r = 0; r < 3; r++)
        {
            for (var c = 0; c < 3; c++)
            {
                a[r * 3 + c] = 0.5 * (matrix[r, c] + matrix[c, r]);
                v[r * 3 + c] = r == c ? 1.0 : 0.0;
            }
        }

        for (var sweep = 0; sweep < MaxSweeps; sweep++)
        {
            var offDiagonal = a[1] * a[1] + a[2] * a[2] + a[5] * a[5];
            var diagonal = a[0] * a[0] + a[4] * a[4] + a[8] * a[8];
            if (offDiagonal <= 1e-30 * diagonal || offDiagonal == 0.0)
                break;
            Rotate(a, v, 0, 1);
            Rotate(a, v, 0, 2);
            Rotate(a, v, 1, 2);
        }

        return (a[0], a[4], a[8], new ColorMatrix3x3(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]));
    }

    /// <summary>V·diag(f(λ))·Vᵀ: a function of a symmetric matrix through its eigenvalues.</summary>
    public static ColorMatrix3x3 Compose(double l0, double l1, double l2, ColorMatrix3x3 vectors)
    {
        Span<double> result = stackalloc double[9];
        for (var r = 0; r < 3; r++)
        {
            for (var c = 0; c < 3; c++)
                result[r * 3 + c] = vectors[r, 0] * l0 * vectors[c, 0] + vectors[r, 1] * l1 * vectors[c, 1] + vectors[r, 2] * l2 * vectors[c, 2];
        }
        // Exactly symmetric by construction: average the two triangles against rounding.
        return new ColorMatrix3x3(
            result[0], 0.5 * (result[1] + result[3]), 0.5 * (result[2] + result[6]),
            0.5 * (result[1] + result[3]), result[4], 0.5 * (result[5] + result[7]),
            0.5 * (result[2] + result[6]), 0.5 * (result[5] + result[7]), result[8]);
    }

    // One Jacobi rotation that zeroes a[p, q]; a is updated as JᵀAJ and v accumulates J.
    private static void Rotate(Span<double> a, Span<double> v, int p, int q)
    {
        var apq = a[p * 3 + q];
        if (apq == 0.0)
            return;
        var app = a[p * 3 + p];
        var aqq = a[q * 3 + q];
        var theta = (aqq - app) / (2.0 * apq);
        var t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1.0));
        if (theta == 0.0)
            t = 1.0;
        var c = 1.0 / Math.Sqrt(t * t + 1.0);
        var s = t * c;
        for (var k = 0; k < 3; k++)
        {
            var akp = a[k * 3 + p];
            var akq = a[k * 3 + q];
            a[k * 3 + p] = c * akp - s * akq;
            a[k * 3 + q] = s * akp + c * akq;
        }
        for (var k = 0; k < 3; k++)
        {
            var apk = a[p * 3 + k];
            var aqk = a[q * 3 + k];
            a[p * 3 + k] = c * apk - s * aqk;
            a[q * 3 + k] = s * apk + c * aqk;
        }
        for (var k = 0; k < 3; k++)
        {
            var vkp = v[k * 3 + p];
            var vkq = v[k * 3 + q];
            v[k * 3 + p] = c * vkp - s * vkq;
            v[k * 3 + q] = s * vkp + c * vkq;
        }
    }
}
