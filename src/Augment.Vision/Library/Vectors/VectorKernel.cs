using System.Numerics.Tensors;

namespace Augment.Vision;

/// <summary>The dot product and normalisation behind <see cref="VectorIndex"/>, with a scalar reference beside the SIMD path.</summary>
internal static class VectorKernel
{
    /// <summary>SIMD dot product (TensorPrimitives uses AVX-512/AVX2/NEON FMA as the CPU allows).</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => TensorPrimitives.Dot(a, b);

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
