using System.Numerics;

namespace Augment.SplatTraining.Tests.Poses;

/// <summary>
/// The similarity (scale s, rotation R, translation t) that best maps points a onto points b in least squares: the rotation
/// from Horn's closed form ("Closed-form solution of absolute orientation using unit quaternions", JOSA A 4(4), 1987: the
/// eigenvector of the largest eigenvalue of a 4x4 symmetric matrix built from the cross-covariance), the scale and
/// translation as Umeyama derives them (IEEE TPAMI 13(4), 1991, eq. 41-42). Eigenvectors by cyclic Jacobi rotations.
/// </summary>
internal static class SimilarityAlignment
{
    public static (double Scale, double[] Rotation, Vector3 Translation) Fit(IReadOnlyList<Vector3> a, IReadOnlyList<Vector3> b)
    {
        var n = a.Count;
        double[] ma = new double[3], mb = new double[3];
        for (var i = 0; i < n; i++)
        {
            ma[0] += a[i].X / n; ma[1] += a[i].Y / n; ma[2] += a[i].Z / n;
            mb[0] += b[i].X / n; mb[1] += b[i].Y / n; mb[2] += b[i].Z / n;
        }
        var s = new double[3, 3];
        double varianceA = 0;
        for (var i = 0; i < n; i++)
        {
            double[] pa = [a[i].X - ma[0], a[i].Y - ma[1], a[i].Z - ma[2]];
            double[] pb = [b[i].X - mb[0], b[i].Y - mb[1], b[i].Z - mb[2]];
            for (var r = 0; r < 3; r++)
            {
                varianceA += pa[r] * pa[r];
                for (var c = 0; c < 3; c++)
                    s[r, c] += pa[r] * pb[c];
            }
        }
        double sxx = s[0, 0], sxy = s[0, 1], sxz = s[0, 2], syx = s[1, 0], syy = s[1, 1], syz = s[1, 2], szx = s[2, 0], szy = s[2, 1], szz = s[2, 2];
        double[,] nMatrix =
        {
            { sxx + syy + szz, syz - szy, szx - sxz, sxy - syx },
            { syz - szy, sxx - syy - szz, sxy + syx, szx + sxz },
            { szx - sxz, sxy + syx, -sxx + syy - szz, syz + szy },
            { sxy - syx, szx + sxz, syz + szy, -sxx - syy + szz },
        };
        var q = LargestEigenvector(nMatrix);
        double w = q[0], x = q[1], y = q[2], z = q[3];
        double[] rot =
        [
            1 - (2 * ((y * y) + (z * z))), 2 * ((x * y) - (w * z)), 2 * ((x * z) + (w * y)),
            2 * ((x * y) + (w * z)), 1 - (2 * ((x * x) + (z * z))), 2 * ((y * z) - (w * x)),
            2 * ((x * z) - (w * y)), 2 * ((y * z) + (w * x)), 1 - (2 * ((x * x) + (y * y))),
        ];
        // Umeyama's scale: trace(R^T S^T)... equivalently sum over points of b_i . (R a_i), over the spread of a.
        double dot = 0;
        for (var i = 0; i < n; i++)
        {
            double[] pa = [a[i].X - ma[0], a[i].Y - ma[1], a[i].Z - ma[2]];
            double[] pb = [b[i].X - mb[0], b[i].Y - mb[1], b[i].Z - mb[2]];
            for (var r = 0; r < 3; r++)
                dot += pb[r] * ((rot[3 * r] * pa[0]) + (rot[(3 * r) + 1] * pa[1]) + (rot[(3 * r) + 2] * pa[2]));
        }
        var scale = dot / varianceA;
        var t = new double[3];
        for (var r = 0; r < 3; r++)
            t[r] = mb[r] - (scale * ((rot[3 * r] * ma[0]) + (rot[(3 * r) + 1] * ma[1]) + (rot[(3 * r) + 2] * ma[2])));
        return (scale, rot, new Vector3((float)t[0], (float)t[1], (float)t[2]));
    }

    public static Vector3 Apply((double Scale, double[] Rotation, Vector3 Translation) f, Vector3 p)
    {
        var r = f.Rotation;
        return new Vector3(
            (float)((f.Scale * ((r[0] * p.X) + (r[1] * p.Y) + (r[2] * p.Z))) + f.Translation.X),
            (float)((f.Scale * ((r[3] * p.X) + (r[4] * p.Y) + (r[5] * p.Z))) + f.Translation.Y),
            (float)((f.Scale * ((r[6] * p.X) + (r[7] * p.Y) + (r[8] * p.Z))) + f.Translation.Z));
    }

    private static double[] LargestEigenvector(double[,] m)
    {
        const int n = 4;
        var a = (double[,])m.Clone();
        var v = new double[n, n];
        for (var i = 0; i < n; i++)
            v[i, i] = 1;
        for (var sweep = 0; sweep < 100; sweep++)
        {
            double off = 0;
            for (var p = 0; p < n; p++)
                for (var q = p + 1; q < n; q++)
                    off += a[p, q] * a[p, q];
            if (off < 1e-30)
                break;
            for (var p = 0; p < n; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    if (Math.Abs(a[p, q]) < 1e-300)
                        continue;
                    // Rotate so that a[p, q] becomes zero (Golub and Van Loan, "Matrix Computations", 8.5.2).
                    var theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    var t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
                    if (theta == 0)
                        t = 1;
                    var c = 1 / Math.Sqrt((t * t) + 1);
                    var s = t * c;
                    for (var k = 0; k < n; k++)
                    {
                        double akp = a[k, p], akq = a[k, q];
                        a[k, p] = (c * akp) - (s * akq);
                        a[k, q] = (s * akp) + (c * akq);
                    }
                    for (var k = 0; k < n; k++)
                    {
                        double apk = a[p, k], aqk = a[q, k];
                        a[p, k] = (c * apk) - (s * aqk);
                        a[q, k] = (s * apk) + (c * aqk);
                    }
                    for (var k = 0; k < n; k++)
                    {
                        double vkp = v[k, p], vkq = v[k, q];
                        v[k, p] = (c * vkp) - (s * vkq);
                        v[k, q] = (s * vkp) + (c * vkq);
                    }
                }
            }
        }
        var best = 0;
        for (var i = 1; i < n; i++)
        {
            if (a[i, i] > a[best, best])
                best = i;
        }
        var result = new double[n];
        var norm = 0.0;
        for (var i = 0; i < n; i++)
        {
            result[i] = v[i, best];
            norm += result[i] * result[i];
        }
        norm = Math.Sqrt(norm);
        for (var i = 0; i < n; i++)
            result[i] /= norm;
        return result;
    }
}
