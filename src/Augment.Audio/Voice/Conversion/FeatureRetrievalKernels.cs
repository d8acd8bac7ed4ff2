using System.Buffers;
using System.Numerics.Tensors;

namespace Augment.Audio;

/// <summary>
/// RVC's feature retrieval (Liu et al., RVC-Project <c>pipeline.py</c>): for every content frame, the k nearest
/// rows of the target speaker's bank by squared Euclidean distance s (what faiss' <c>IndexFlatL2</c> reports),
/// weights 1/s² normalised to sum 1, retrieved = Σ w·row, and blend = rate·retrieved + (1 - rate)·frame.
/// The fast path computes distances with <see cref="TensorPrimitives"/> (SIMD) and runs query frames in parallel;
/// the scalar path is the test oracle.
/// </summary>
internal static class FeatureRetrievalKernels
{
    /// <summary>Squared distances below this count as this (an exact match then dominates instead of dividing by zero).</summary>
    internal const float MinSquaredDistance = 1e-12f;

    /// <summary>Blends every frame of <paramref name="features"/> ([frames, D], in place) toward its retrieved neighbours.</summary>
    public static void Blend(FeatureBank bank, Span<float> features, int neighbours, float rate, ComputeBudget budget, bool scalar, CancellationToken cancellationToken)
    {
        var d = bank.Dimensions;
        var frames = features.Length / d;
        var k = Math.Min(neighbours, bank.Count);
        if (scalar || frames == 1 || budget.MaxThreads == 1)
        {
            var distances = ArrayPool<float>.Shared.Rent(bank.Count);
            try
            {
                for (var f = 0; f < frames; f++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    BlendFrame(bank, features.Slice(f * d, d), k, rate, distances.AsSpan(0, bank.Count), scalar);
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(distances);
            }
            return;
        }
        // Parallel.For cannot capture a span: the frames travel as an array and are copied back.
        var copy = ArrayPool<float>.Shared.Rent(features.Length);
        try
        {
            features.CopyTo(copy);
            Parallel.For(0, frames, budget.ToParallelOptions(cancellationToken),
                () => ArrayPool<float>.Shared.Rent(bank.Count),
                (f, _, distances) =>
                {
                    BlendFrame(bank, copy.AsSpan(f * d, d), k, rate, distances.AsSpan(0, bank.Count), false);
                    return distances;
                },
                distances => ArrayPool<float>.Shared.Return(distances));
            copy.AsSpan(0, features.Length).CopyTo(features);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(copy);
        }
    }

    /// <summary>Retrieval and blend for one frame.</summary>
    public static void BlendFrame(FeatureBank bank, Span<float> frame, int k, float rate, Span<float> distances, bool scalar)
    {
        if (scalar) SquaredDistancesScalar(frame, bank.Rows, bank.Dimensions, distances);
        else SquaredDistances(frame, bank.Rows, bank.Dimensions, distances);
        Span<int> nearest = stackalloc int[k];
        Span<float> nearestDistance = stackalloc float[k];
        var found = SelectNearest(distances, nearest, nearestDistance);

        // Weights in double: 1/s² spans many decades when one neighbour is much closer than the rest.
        Span<double> weights = stackalloc double[found];
        double sum = 0;
        for (var j = 0; j < found; j++)
        {
            var s = Math.Max(nearestDistance[j], MinSquaredDistance);
            weights[j] = 1.0 / ((double)s * s);
            sum += weights[j];
        }
        var d = bank.Dimensions;
        var retrieved = ArrayPool<float>.Shared.Rent(d);
        try
        {
            var acc = retrieved.AsSpan(0, d);
            acc.Clear();
            for (var j = 0; j < found; j++)
            {
                var w = (float)(weights[j] / sum);
                var row = bank.Rows.Slice(nearest[j] * d, d);
                if (scalar)
                {
                    for (var i = 0; i < d; i++) acc[i] += w * row[i];
                }
                else
                {
                    TensorPrimitives.MultiplyAdd(row, w, acc, acc);
                }
            }
            if (scalar)
            {
                for (var i = 0; i < d; i++) frame[i] = (rate * acc[i]) + ((1 - rate) * frame[i]);
            }
            else
            {
                // rate·retrieved + (1 - rate)·frame
                TensorPrimitives.Multiply(frame, 1 - rate, frame);
                TensorPrimitives.MultiplyAdd(acc, rate, frame, frame);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(retrieved);
        }
    }

    /// <summary>Squared Euclidean distance from <paramref name="query"/> to every row (SIMD).</summary>
    public static void SquaredDistances(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, int d, Span<float> destination)
    {
        for (var r = 0; r < destination.Length; r++)
        {
            var distance = TensorPrimitives.Distance(query, rows.Slice(r * d, d));
            destination[r] = distance * distance;
        }
    }

    /// <summary>Squared Euclidean distance from <paramref name="query"/> to every row, one element at a time (the oracle).</summary>
    public static void SquaredDistancesScalar(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, int d, Span<float> destination)
    {
        for (var r = 0; r < destination.Length; r++)
        {
            double sum = 0;
            var row = rows.Slice(r * d, d);
            for (var i = 0; i < d; i++)
            {
                double diff = query[i] - row[i];
                sum += diff * diff;
            }
            destination[r] = (float)sum;
        }
    }

    /// <summary>
    /// The <c>indices.Length</c> smallest distances, nearest first (ties keep the lower row, as faiss' flat search does);
    /// returns how many were found (fewer only when there are fewer rows).
    /// </summary>
    public static int SelectNearest(ReadOnlySpan<float> distances, Span<int> indices, Span<float> nearest)
    {
        var k = Math.Min(indices.Length, distances.Length);
        var count = 0;
        for (var r = 0; r < distances.Length; r++)
        {
            var s = distances[r];
            if (count == k && s >= nearest[k - 1]) continue;
            var at = count < k ? count++ : k - 1;
            // Insertion into the sorted short list.
            while (at > 0 && nearest[at - 1] > s)
            {
                nearest[at] = nearest[at - 1];
                indices[at] = indices[at - 1];
                at--;
            }
            nearest[at] = s;
            indices[at] = r;
        }
        return count;
    }
}
