using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Augment.Vision;

/// <summary>The dot product and normalisation behind <see cref="VectorIndex"/>, with a scalar reference beside the SIMD path.</summary>
internal static class VectorKernel
{
    /// <summary>SIMD dot product (TensorPrimitives uses AVX-512/AVX2/NEON FMA as the CPU allows).</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => TensorPrimitives.Dot(a, b);

    /// <summary>
    /// Four rows (back to back, <c>4 * query.Length</c> values) dotted with one query at once: each
    /// query vector is loaded once for four FMAs into four independent accumulators, which halves the
    /// loads of four separate <see cref="Dot"/> calls and hides FMA latency. Scores go to scores[0..3].
    /// </summary>
    public static void Dot4(ReadOnlySpan<float> rows, ReadOnlySpan<float> query, Span<float> scores)
    {
        var n = query.Length;
        if (!Vector256.IsHardwareAccelerated || n < Vector256<float>.Count)
        {
            for (var r = 0; r < 4; r++)
                scores[r] = Dot(rows.Slice(r * n, n), query);
            return;
        }
        ref var q = ref MemoryMarshal.GetReference(query);
        ref var r0 = ref MemoryMarshal.GetReference(rows);
        ref var r1 = ref Unsafe.Add(ref r0, n);
        ref var r2 = ref Unsafe.Add(ref r1, n);
        ref var r3 = ref Unsafe.Add(ref r2, n);
        var a0 = Vector256<float>.Zero;
        var a1 = Vector256<float>.Zero;
        var a2 = Vector256<float>.Zero;
        var a3 = Vector256<float>.Zero;
        var i = 0;
        for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            var qv = Vector256.LoadUnsafe(ref q, (nuint)i);
            a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r0, (nuint)i), qv, a0);
            a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r1, (nuint)i), qv, a1);
            a2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r2, (nuint)i), qv, a2);
            a3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r3, (nuint)i), qv, a3);
        }
        float s0 = Vector256.Sum(a0), s1 = Vector256.Sum(a1), s2 = Vector256.Sum(a2), s3 = Vector256.Sum(a3);
        for (; i < n; i++)
        {
            var qi = Unsafe.Add(ref q, i);
            s0 += Unsafe.Add(ref r0, i) * qi;
            s1 += Unsafe.Add(ref r1, i) * qi;
            s2 += Unsafe.Add(ref r2, i) * qi;
            s3 += Unsafe.Add(ref r3, i) * qi;
        }
        scores[0] = s0;
        scores[1] = s1;
        scores[2] = s2;
        scores[3] = s3;
    }

    /// <summary>
    /// One row with exactly the operations of one lane of <see cref="Dot4"/>, so a row scores
    /// bit-identically whether it falls in a group of four or in a block's tail (results must not
    /// depend on where a row sits after removals).
    /// </summary>
    public static float Dot1(ReadOnlySpan<float> row, ReadOnlySpan<float> query)
    {
        var n = query.Length;
        if (!Vector256.IsHardwareAccelerated || n < Vector256<float>.Count)
            return Dot(row, query);
        ref var q = ref MemoryMarshal.GetReference(query);
        ref var r0 = ref MemoryMarshal.GetReference(row);
        var a0 = Vector256<float>.Zero;
        var i = 0;
        for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref r0, (nuint)i), Vector256.LoadUnsafe(ref q, (nuint)i), a0);
        var s0 = Vector256.Sum(a0);
        for (; i < n; i++)
            s0 += Unsafe.Add(ref r0, i) * Unsafe.Add(ref q, i);
        return s0;
    }

    /// <summary>Scalar reference: plain sum of products, accumulated in double.</summary>
    public static float DotScalar(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
            sum += (double)a[i] * b[i];
        return (float)sum;
    }

    /// <summary>Writes <paramref name="source"/> / ||source||2 into <paramref name="destination"/>; false when the norm is zero or not finite.</summary>
    public static bool TryNormalize(ReadOnlySpan<float> source, Span<float> destination)
    {
        // Norm in double: float32 sums of 512 squares lose ~1e-6 relative, visible in cosine scores near 1.
        double sum = 0;
        for (var i = 0; i < source.Length; i++)
            sum += (double)source[i] * source[i];
        var norm = Math.Sqrt(sum);
        if (!(norm > 0) || double.IsInfinity(norm))
            return false;
        TensorPrimitives.Multiply(source, (float)(1.0 / norm), destination);
        return true;
    }

    public static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (var v in values)
        {
            if (!float.IsFinite(v))
                return false;
        }
        return true;
    }
}
