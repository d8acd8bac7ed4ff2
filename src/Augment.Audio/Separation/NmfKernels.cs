using System.Numerics.Tensors;

namespace Augment.Audio;

/// <summary>
/// Non-negative matrix factorisation by multiplicative updates (Lee and Seung, "Algorithms for non-negative matrix
/// factorization", NIPS 2001), laid out frame-major: V (T×F, T frames of F bins) ≈ V̂ = A·B with activations A (T×K)
/// and bases B (K×F). Each update is the rule of that paper for its divergence, so the divergence never increases.
/// </summary>
internal static class NmfKernels
{
    // Keeps the ratios finite where the model is zero (the paper's updates assume V̂ > 0).
    private const float Epsilon = 1e-12f;

    /// <summary>Seeded uniform initialisation scaled so that the model's mean matches the data's mean.</summary>
    internal static void Initialise(ReadOnlySpan<float> v, int k, Span<float> a, Span<float> b, int seed, bool initialiseBases)
    {
        var mean = v.Length > 0 ? TensorPrimitives.Sum(v) / v.Length : 0f;
        var scale = MathF.Sqrt(Math.Max(mean, 1e-6f) / k);
        var random = new Random(seed);
        for (var i = 0; i < a.Length; i++) a[i] = scale * (0.5f + random.NextSingle());
        if (initialiseBases)
            for (var i = 0; i < b.Length; i++) b[i] = scale * (0.5f + random.NextSingle());
    }

    /// <summary>V̂ = A·B, one frame per row.</summary>
    internal static void Reconstruct(float[] a, float[] b, int t, int k, int f, float[] model, ComputeBudget budget, CancellationToken cancellationToken)
    {
        Parallel.For(0, t, budget.ToParallelOptions(cancellationToken), row =>
        {
            var m = model.AsSpan(row * f, f);
            m.Clear();
            for (var c = 0; c < k; c++)
                TensorPrimitives.MultiplyAdd(b.AsSpan(c * f, f), a[(row * k) + c], m, m);
        });
    }

    /// <summary>One update of the bases B, then of the activations A (V̂ recomputed before each), of the chosen divergence.</summary>
    internal static void Iterate(float[] v, float[] a, float[] b, int t, int k, int f, NmfDivergence divergence, bool updateBases,
        float[] model, float[] ratio, float[] numerator, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var options = budget.ToParallelOptions(cancellationToken);
        if (updateBases)
        {
            Reconstruct(a, b, t, k, f, model, budget, cancellationToken);
            var q = Quotient(v, model, ratio, divergence);
            // KL:  B ← B ⊙ (Aᵀ(V/V̂)) / (Aᵀ1)      Euclidean: B ← B ⊙ (AᵀV) / (AᵀV̂)
            Parallel.For(0, k, options, c =>
            {
                var num = numerator.AsSpan(c * f, f);
                num.Clear();
                double column = 0;
                for (var row = 0; row < t; row++)
                {
                    var w = a[(row * k) + c];
                    if (w == 0f) continue;
                    TensorPrimitives.MultiplyAdd(q.AsSpan(row * f, f), w, num, num);
                    column += w;
                }
                var basis = b.AsSpan(c * f, f);
                if (divergence == NmfDivergence.KullbackLeibler)
                {
                    TensorPrimitives.Multiply(basis, num, basis);
                    TensorPrimitives.Divide(basis, (float)column + Epsilon, basis);
                }
                else
                {
                    // Denominator AᵀV̂ for this basis, accumulated in a pooled row.
                    var rented = System.Buffers.ArrayPool<float>.Shared.Rent(f);
                    var d = rented.AsSpan(0, f);
                    d.Clear();
                    for (var row = 0; row < t; row++)
                    {
                        var w = a[(row * k) + c];
                        if (w != 0f) TensorPrimitives.MultiplyAdd(model.AsSpan(row * f, f), w, d, d);
                    }
                    TensorPrimitives.Multiply(basis, num, basis);
                    TensorPrimitives.Add(d, Epsilon, d);
                    TensorPrimitives.Divide(basis, d, basis);
                    System.Buffers.ArrayPool<float>.Shared.Return(rented);
                }
            });
        }
        Reconstruct(a, b, t, k, f, model, budget, cancellationToken);
        var q2 = Quotient(v, model, ratio, divergence);
        // KL:  A ← A ⊙ ((V/V̂)Bᵀ) / (1Bᵀ)        Euclidean: A ← A ⊙ (VBᵀ) / (V̂Bᵀ)
        var basisSums = new float[k];
        for (var c = 0; c < k; c++) basisSums[c] = TensorPrimitives.Sum(b.AsSpan(c * f, f));
        Parallel.For(0, t, options, row =>
        {
            var qRow = q2.AsSpan(row * f, f);
            var mRow = model.AsSpan(row * f, f);
            for (var c = 0; c < k; c++)
            {
                var basis = b.AsSpan(c * f, f);
                var num = TensorPrimitives.Dot(basis, qRow);
                var den = divergence == NmfDivergence.KullbackLeibler ? basisSums[c] : TensorPrimitives.Dot(basis, mRow);
                a[(row * k) + c] *= num / (den + Epsilon);
            }
        });
    }

    // KL works with V/V̂; Euclidean with V itself.
    private static float[] Quotient(float[] v, float[] model, float[] ratio, NmfDivergence divergence)
    {
        if (divergence == NmfDivergence.Euclidean) return v;
        var n = v.Length;
        TensorPrimitives.Add(model.AsSpan(0, n), Epsilon, ratio.AsSpan(0, n));
        TensorPrimitives.Divide(v.AsSpan(0, n), ratio.AsSpan(0, n), ratio.AsSpan(0, n));
        return ratio;
    }

    /// <summary>The divergence D(V ‖ V̂), accumulated in double.</summary>
    internal static double Divergence(ReadOnlySpan<float> v, ReadOnlySpan<float> model, NmfDivergence divergence)
    {
        double sum = 0;
        for (var i = 0; i < v.Length; i++)
        {
            double x = v[i], y = model[i];
            if (divergence == NmfDivergence.Euclidean)
                sum += 0.5 * (x - y) * (x - y);
            else
                sum += (x > 0 ? x * Math.Log(x / (y + Epsilon)) : 0) - x + y;
        }
        return sum;
    }

    /// <summary>Runs the updates; when <paramref name="updateBases"/> is false the bases stay as given (supervised separation).</summary>
    internal static void Factorise(float[] v, int t, int f, int k, float[] a, float[] b, int iterations, NmfDivergence divergence, bool updateBases,
        ComputeBudget budget, CancellationToken cancellationToken)
    {
        var model = GC.AllocateUninitializedArray<float>(t * f);
        var ratio = divergence == NmfDivergence.KullbackLeibler ? GC.AllocateUninitializedArray<float>(t * f) : [];
        var numerator = new float[k * f];
        for (var i = 0; i < iterations; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Iterate(v, a, b, t, k, f, divergence, updateBases, model, ratio, numerator, budget, cancellationToken);
        }
    }
}
