using System.Numerics.Tensors;

namespace Augment.Splat.Training;

/// <summary>
/// One Adam update (Kingma and Ba 2015, Algorithm 1) over a plane: m ← β1 m + (1-β1) g, v ← β2 v + (1-β2) g²,
/// θ ← θ - lr · (m / (1-β1ᵗ)) / (√(v / (1-β2ᵗ)) + ε). The fast path runs on <see cref="TensorPrimitives"/> in chunks
/// with a stack scratch; <see cref="UpdateScalar"/> is the reference the tests compare it with.
/// </summary>
internal static class AdamKernel
{
    private const int Chunk = 1024;

    /// <summary>SIMD update of <paramref name="values"/> and its moments in place.</summary>
    public static void Update(Span<float> values, ReadOnlySpan<float> gradient, Span<float> first, Span<float> second, in AdamStep step)
    {
        CheckLengths(values, gradient, first, second);
        // Folding the bias corrections into scalars: lr/(1-β1ᵗ) · m / (√v/√(1-β2ᵗ) + ε).
        var stepSize = step.LearningRate / step.FirstCorrection;
        var inverseRootSecond = 1f / MathF.Sqrt(step.SecondCorrection);
        Span<float> scratch = stackalloc float[Chunk];
        for (var start = 0; start < values.Length; start += Chunk)
        {
            var n = Math.Min(Chunk, values.Length - start);
            var g = gradient.Slice(start, n);
            var m = first.Slice(start, n);
            var v = second.Slice(start, n);
            var s = scratch[..n];
            TensorPrimitives.Multiply(m, step.Beta1, m);
            TensorPrimitives.MultiplyAdd(g, 1 - step.Beta1, m, m);
            TensorPrimitives.Multiply(g, g, s);
            TensorPrimitives.Multiply(v, step.Beta2, v);
            TensorPrimitives.MultiplyAdd(s, 1 - step.Beta2, v, v);
            TensorPrimitives.Sqrt(v, s);
            TensorPrimitives.Multiply(s, inverseRootSecond, s);
            TensorPrimitives.Add(s, step.Epsilon, s);
            TensorPrimitives.Divide(m, s, s);
            TensorPrimitives.MultiplyAdd(s, -stepSize, values.Slice(start, n), values.Slice(start, n));
        }
    }

    /// <summary>Reference update, one element at a time in double precision, as the formula reads.</summary>
    public static void UpdateScalar(Span<float> values, ReadOnlySpan<float> gradient, Span<float> first, Span<float> second, in AdamStep step)
    {
        CheckLengths(values, gradient, first, second);
        for (var i = 0; i < values.Length; i++)
        {
            double g = gradient[i];
            var m = (step.Beta1 * (double)first[i]) + ((1 - (double)step.Beta1) * g);
            var v = (step.Beta2 * (double)second[i]) + ((1 - (double)step.Beta2) * g * g);
            first[i] = (float)m;
            second[i] = (float)v;
            var mHat = m / step.FirstCorrection;
            var vHat = v / step.SecondCorrection;
            values[i] = (float)(values[i] - (step.LearningRate * mHat / (Math.Sqrt(vHat) + step.Epsilon)));
        }
    }

    private static void CheckLengths(Span<float> values, ReadOnlySpan<float> gradient, Span<float> first, Span<float> second)
    {
        if (gradient.Length != values.Length || first.Length != values.Length || second.Length != values.Length)
            throw new ArgumentException($"Adam planes differ in length: values {values.Length}, gradient {gradient.Length}, moments {first.Length} and {second.Length}.");
    }
}
