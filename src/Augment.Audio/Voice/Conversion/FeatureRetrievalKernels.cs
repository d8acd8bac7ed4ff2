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

    /// <summary>Frames whose distances are computed together (their features, 64 x 768 floats, stay in L2).</summary>
    private const int QueryGroup = 64;

    /// <summary>Bank rows per parallel work item.</summary>
    private const int RowBlock = 256;

    /// <summary>Blends every frame of <paramref name="features"/> ([frames, D], in place) toward its retrieved neighbours.</summary>
    public static void Blend(FeatureBank bank, Span<float> features, int neighbours, float rate, ComputeBudget budget, bool scalar, CancellationToken cancellationToken)
    {
        var d = bank.Dimensions;
        var frames = features.Length / d;
        var k = Math.Min(neighbours, bank.Count);
        if (scalar || frames == 1)
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
        // Frames go in groups so that the bank streams from memory once per group instead of once per frame (a 10k x 768
        // bank is 30 MB, far larger than the caches; the group's frames stay in L2): the distances are computed with rows
        // outermost, in parallel over blocks of rows, then each frame selects and blends in parallel.
        var group = Math.Min(frames, QueryGroup);
        var work = ArrayPool<float>.Shared.Rent(group * d);
        var matrix = ArrayPool<float>.Shared.Rent(group * bank.Count);
        try
        {
            var options = budget.ToParallelOptions(cancellationToken);
            var blocks = (bank.Count + RowBlock - 1) / RowBlock;
            for (var first = 0; first < frames; first += group)
            {
                var count = Math.Min(group, frames - first);
                features.Slice(first * d, count * d).CopyTo(work);
                Parallel.For(0, blocks, options, b =>
                {
                    var end = Math.Min(bank.Count, (b + 1) * RowBlock);
                    for (var r = b * RowBlock; r < end; r++)
                    {
                        var row = bank.Rows.Slice(r * d, d);
                        for (var f = 0; f < count; f++)
                        {
                            var distance = TensorPrimitives.Distance(work.AsSpan(f * d, d), row);
                            matrix[(f * bank.Count) + r] = distance * distance;
                        }
                    }
                });
                Parallel.For(0, count, options, f => BlendWithDistances(bank, work.AsSpan(f * d, d), k, rate, matrix.AsSpan(f * bank.Count, bank.Count), false));
                work.AsSpan(0, count * d).CopyTo(features.Slice(first * d, count * d));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(work);
            ArrayPool<float>.Shared.Return(matrix);
        }
    }

    /// <summary>Retrieval and blend for one frame.</summary>
    public static void BlendFrame(FeatureBank bank, Span<float> frame, int k, float rate, Span<float> distances, bool scalar)
    {
        if (scalar) SquaredDistancesScalar(frame, bank.Rows, bank.Dimensions, distances);
        else SquaredDistances(frame, bank.Rows, bank.Dimensions, distances);
        BlendWithDistances(bank, frame, k, rate, distances, scalar);
    }

    /// <summary>Selection and blend for one frame whose squared distances to every row are known.</summary>
    public static void BlendWithDistances(FeatureBank bank, Span<float> frame, int k, float rate, ReadOnlySpan<float> distances, bool scalar)
    {
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
