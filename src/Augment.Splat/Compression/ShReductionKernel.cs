using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;

namespace Augment.Splat.Compression;

/// <summary>
/// SH degree reduction with compensation for the renderer's clamp. Per channel the rendered colour along d is
/// max(0, f(d)) with f(d) = sum_k basis_k(d) coef_k + 0.5. Truncating the coefficients is the exact L2 projection of
/// f onto the kept basis (the real SH are orthonormal over the sphere), but the clamp makes the colour differ from f
/// wherever f &lt; 0. The kernel keeps the truncation and adds the least-squares fit, over a fixed Fibonacci set of
/// directions, of the clamp's correction max(0, f) - f = max(0, -f): a splat that never clamps keeps its truncation
/// exactly, and the fit matrix (the pseudo-inverse of the kept basis sampled at the directions) is shared by all
/// splats, so the work per splat is one small matrix-vector product.
/// </summary>
internal static class ShReductionKernel
{
    private const int Block = 2048;

    /// <summary><paramref name="count"/> near-uniform unit directions on the golden-angle spiral (z from 1 - 1/count to -1 + 1/count).</summary>
    public static Vector3[] FibonacciSphere(int count)
    {
        var directions = new Vector3[count];
        var golden = Math.PI * (3 - Math.Sqrt(5));
        for (var i = 0; i < count; i++)
        {
            var z = 1 - ((2.0 * i + 1) / count);
            var radius = Math.Sqrt(Math.Max(0, 1 - (z * z)));
            var angle = golden * i;
            directions[i] = new Vector3((float)(radius * Math.Cos(angle)), (float)(radius * Math.Sin(angle)), (float)z);
        }
        return directions;
    }

    /// <summary>
    /// The least-squares fit matrix P = (B^T B)^-1 B^T, (degree + 1)² rows by directions columns, row-major, where
    /// B[j, k] is basis function k at direction j: coefficients = P x samples.
    /// </summary>
    public static float[] Projection(ReadOnlySpan<Vector3> directions, int degree)
    {
        var m = directions.Length;
        var kept = ShBasis.CountFor(degree);
        var basis = new double[m, kept];
        Span<float> values = stackalloc float[16];
        for (var j = 0; j < m; j++)
        {
            ShBasis.Evaluate(directions[j], degree, values);
            for (var k = 0; k < kept; k++)
                basis[j, k] = values[k];
        }
        // Gram matrix and its inverse (Gauss-Jordan with partial pivoting; at most 16 x 16 and well conditioned).
        var gram = new double[kept, 2 * kept];
        for (var a = 0; a < kept; a++)
        {
            for (var b = 0; b < kept; b++)
            {
                var sum = 0.0;
                for (var j = 0; j < m; j++)
                    sum += basis[j, a] * basis[j, b];
                gram[a, b] = sum;
            }
            gram[a, kept + a] = 1;
        }
        for (var col = 0; col < kept; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < kept; r++)
            {
                if (Math.Abs(gram[r, col]) > Math.Abs(gram[pivot, col]))
                    pivot = r;
            }
            if (Math.Abs(gram[pivot, col]) < 1e-12)
                throw new ArgumentException($"{m} directions are too few to fit SH degree {degree}.", nameof(directions));
            for (var c = 0; c < 2 * kept; c++)
                (gram[col, c], gram[pivot, c]) = (gram[pivot, c], gram[col, c]);
            var scale = 1 / gram[col, col];
            for (var c = 0; c < 2 * kept; c++)
                gram[col, c] *= scale;
            for (var r = 0; r < kept; r++)
            {
                if (r == col || gram[r, col] == 0)
                    continue;
                var factor = gram[r, col];
                for (var c = 0; c < 2 * kept; c++)
                    gram[r, c] -= factor * gram[col, c];
            }
        }
        var projection = new float[kept * m];
        for (var k = 0; k < kept; k++)
        {
            for (var j = 0; j < m; j++)
            {
                var sum = 0.0;
                for (var b = 0; b < kept; b++)
                    sum += gram[k, kept + b] * basis[j, b];
                projection[(k * m) + j] = (float)sum;
            }
        }
        return projection;
    }

    /// <summary>
    /// Adds the clamp compensation to <paramref name="target"/>, which must already hold the truncation of
    /// <paramref name="source"/> to its lower degree. SIMD across directions, parallel over blocks of splats.
    /// </summary>
    public static void Compensate(GaussianCloud source, GaussianCloud target, ReadOnlySpan<Vector3> directions, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var m = directions.Length;
        var full = ShBasis.CountFor(source.ShDegree);
        var kept = ShBasis.CountFor(target.ShDegree);
        var basisRows = new float[full * m]; // row k: basis function k at every direction
        Span<float> values = stackalloc float[16];
        for (var j = 0; j < m; j++)
        {
            ShBasis.Evaluate(directions[j], source.ShDegree, values);
            for (var k = 0; k < full; k++)
                basisRows[(k * m) + j] = values[k];
        }
        var projection = Projection(directions, target.ShDegree);
        var sourcePlanes = Coefficients(source);
        var targetPlanes = Coefficients(target);
        var n = source.Count;
        var blocks = (n + Block - 1) / Block;
        Parallel.For(0, blocks, budget.ToParallelOptions(cancellationToken), b =>
        {
            var scratch = ArrayPool<float>.Shared.Rent(m);
            try
            {
                var colour = scratch.AsSpan(0, m);
                var end = Math.Min(n, (b + 1) * Block);
                for (var i = b * Block; i < end; i++)
                {
                    for (var c = 0; c < 3; c++)
                    {
                        colour.Fill(0.5f);
                        for (var k = 0; k < full; k++)
                            TensorPrimitives.MultiplyAdd(basisRows.AsSpan(k * m, m), sourcePlanes[c][k][i], colour, colour);
                        // The clamp's correction max(0, f) - f = max(0, -f); nothing to fit where it is zero everywhere.
                        TensorPrimitives.Negate(colour, colour);
                        TensorPrimitives.Max(colour, 0f, colour);
                        if (!(TensorPrimitives.Max(colour) > 0))
                            continue;
                        for (var k = 0; k < kept; k++)
                            targetPlanes[c][k][i] += TensorPrimitives.Dot(projection.AsSpan(k * m, m), colour);
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scratch);
            }
        });
    }

    /// <summary>Scalar reference for <see cref="Compensate"/>: ShBasis per direction, double sums, the fit through the same projection.</summary>
    public static void CompensateScalar(GaussianCloud source, GaussianCloud target, ReadOnlySpan<Vector3> directions)
    {
        var m = directions.Length;
        var kept = ShBasis.CountFor(target.ShDegree);
        var projection = Projection(directions, target.ShDegree);
        var sourcePlanes = Coefficients(source);
        var targetPlanes = Coefficients(target);
        var excess = new double[m];
        Span<float> values = stackalloc float[16];
        for (var i = 0; i < source.Count; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                var any = false;
                for (var j = 0; j < m; j++)
                {
                    ShBasis.Evaluate(directions[j], source.ShDegree, values);
                    var f = 0.5;
                    for (var k = 0; k < sourcePlanes[c].Length; k++)
                        f += (double)values[k] * sourcePlanes[c][k][i];
                    excess[j] = Math.Max(0, -f);
                    any |= excess[j] > 0;
                }
                if (!any)
                    continue;
                for (var k = 0; k < kept; k++)
                {
                    var sum = 0.0;
                    for (var j = 0; j < m; j++)
                        sum += projection[(k * m) + j] * excess[j];
                    targetPlanes[c][k][i] += (float)sum;
                }
            }
        }
    }

    /// <summary>Per channel, the coefficient planes in basis order: DC, then the rest.</summary>
    private static float[][][] Coefficients(GaussianCloud cloud)
    {
        var planes = cloud.Planes;
        var rest = cloud.ShRestCount;
        var result = new float[3][][];
        for (var c = 0; c < 3; c++)
        {
            result[c] = new float[rest + 1][];
            result[c][0] = planes[11 + c];
            for (var k = 0; k < rest; k++)
                result[c][k + 1] = planes[14 + (c * rest) + k];
        }
        return result;
    }
}
