using System.Numerics;

namespace Augment.Vision;

/// <summary>
/// In-place per-pixel affine colour map on three planes: (x, y, z) ← M·(x, y, z) + o, with the
/// coefficients laid out row-major as M11, M12, M13, o1, M21, M22, M23, o2, M31, M32, M33, o3.
/// <see cref="ApplyReference"/> is the scalar oracle; <see cref="Apply"/> runs <see cref="Vector{T}"/>
/// lanes and the same scalar code for the tail.
/// </summary>
internal static class AffineColorKernels
{
    public const int CoefficientCount = 12;

    public static void ApplyReference(ReadOnlySpan<float> coefficients, Span<float> x, Span<float> y, Span<float> z)
    {
        var c = coefficients[..CoefficientCount];
        for (var i = 0; i < x.Length; i++)
        {
            float a = x[i], b = y[i], d = z[i];
            x[i] = c[0] * a + c[1] * b + c[2] * d + c[3];
            y[i] = c[4] * a + c[5] * b + c[6] * d + c[7];
            z[i] = c[8] * a + c[9] * b + c[10] * d + c[11];
        }
    }

    public static void Apply(ReadOnlySpan<float> coefficients, Span<float> x, Span<float> y, Span<float> z)
    {
        if (y.Length != x.Length || z.Length != x.Length)
            throw new ArgumentException("Planes differ in length.");
        var c = coefficients[..CoefficientCount];
        var i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
        {
            var m11 = new Vector<float>(c[0]);
            var m12 = new Vector<float>(c[1]);
            var m13 = new Vector<float>(c[2]);
            var o1 = new Vector<float>(c[3]);
            var m21 = new Vector<float>(c[4]);
            var m22 = new Vector<float>(c[5]);
            var m23 = new Vector<float>(c[6]);
            var o2 = new Vector<float>(c[7]);
            var m31 = new Vector<float>(c[8]);
            var m32 = new Vector<float>(c[9]);
            var m33 = new Vector<float>(c[10]);
            var o3 = new Vector<float>(c[11]);
            var last = x.Length - Vector<float>.Count;
            for (; i <= last; i += Vector<float>.Count)
            {
                var a = new Vector<float>(x[i..]);
                var b = new Vector<float>(y[i..]);
                var d = new Vector<float>(z[i..]);
                (m11 * a + m12 * b + m13 * d + o1).CopyTo(x[i..]);
                (m21 * a + m22 * b + m23 * d + o2).CopyTo(y[i..]);
                (m31 * a + m32 * b + m33 * d + o3).CopyTo(z[i..]);
            }
        }
        ApplyReference(c, x[i..], y[i..], z[i..]);
    }

    /// <summary>x ← original + weight·(x − original), lane by lane: blends a result back toward the input by a mask.</summary>
    public static void BlendToward(ReadOnlySpan<float> original, ReadOnlySpan<float> weight, Span<float> x)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var last = x.Length - Vector<float>.Count;
            for (; i <= last; i += Vector<float>.Count)
            {
                var o = new Vector<float>(original[i..]);
                (o + new Vector<float>(weight[i..]) * (new Vector<float>(x[i..]) - o)).CopyTo(x[i..]);
            }
        }
        for (; i < x.Length; i++)
            x[i] = original[i] + weight[i] * (x[i] - original[i]);
    }
}
