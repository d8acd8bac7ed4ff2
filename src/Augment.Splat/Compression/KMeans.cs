using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Augment.Splat.Compression;

/// <summary>How <see cref="KMeans"/> picks its first centroids.</summary>
internal enum KMeansSeeding
{
    /// <summary>k-means++ (Arthur and Vassilvitskii 2007): each next seed drawn with probability proportional to its squared distance to the nearest seed so far.</summary>
    PlusPlus,

    /// <summary>Seeds evenly spaced through the points' order (Morton order for splats, so spatially distinct regions start with their own entries).</summary>
    Spread,
}

/// <summary>
/// Lloyd's k-means over rows of floats (squared Euclidean distance), shared by SH vector quantisation and the SOG
/// writer's palette. Points are rows of <c>stride</c> floats (<see cref="StrideFor"/>: the dimension rounded up to a
/// whole number of <see cref="Vector{T}"/> lanes, padding zero) so the distance kernel never needs a scalar tail.
/// Deterministic for a seed at any thread count: assignments are per point, sums run in point order in double.
/// </summary>
internal static class KMeans
{
    private const int Block = 1024;

    /// <summary>Row length for <paramref name="dimension"/> floats: a multiple of <see cref="Vector{T}.Count"/>, at least one vector.</summary>
    public static int StrideFor(int dimension)
    {
        var lanes = Vector<float>.Count;
        return Math.Max(lanes, (dimension + lanes - 1) / lanes * lanes);
    }

    /// <summary>
    /// Clusters <paramref name="n"/> rows into at most <paramref name="k"/> groups. When the rows hold at most k
    /// distinct vectors they are the codebook, exactly (first-occurrence order), and no iteration runs.
    /// </summary>
    /// <param name="points">n rows of <paramref name="stride"/> floats, padding zero.</param>
    /// <param name="n">Rows.</param>
    /// <param name="stride">Floats per row (<see cref="StrideFor"/>).</param>
    /// <param name="k">Clusters wanted (clamped to 1..n).</param>
    /// <param name="iterations">Lloyd iterations (assignment + update) before the final assignment.</param>
    /// <param name="seeding">How the first centroids are picked.</param>
    /// <param name="seed">Random seed for k-means++.</param>
    /// <param name="reseedEmpty">Move an empty cluster's centroid onto the point farthest from its own centroid (else it keeps its centroid).</param>
    /// <param name="budget">Threads for the assignment passes.</param>
    /// <param name="cancellationToken">Checked between blocks.</param>
    public static KMeansResult Fit(float[] points, int n, int stride, int k, int iterations, KMeansSeeding seeding, int seed, bool reseedEmpty, ComputeBudget budget, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        if (n == 0)
            return new KMeansResult([], 0, stride, [], 0, [0]);
        k = Math.Clamp(k, 1, n);
        if (TryDistinct(points, n, stride, k, out var exact, out var exactLabels, out var distinct))
            return new KMeansResult(exact, distinct, stride, exactLabels, 0, [0]);
        var centroids = seeding == KMeansSeeding.Spread
            ? SeedSpread(points, n, stride, k)
            : SeedPlusPlus(points, n, stride, k, seed, budget, cancellationToken);
        var seeded = centroids.Length / stride;
        return Lloyd(points, n, stride, centroids, seeded, iterations, reseedEmpty, budget, cancellationToken);
    }

    /// <summary>Lloyd iterations from given centroids (the test oracle's entry point, and the second half of <see cref="Fit"/>).</summary>
    public static KMeansResult Lloyd(float[] points, int n, int stride, float[] centroids, int k, int iterations, bool reseedEmpty, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var labels = new int[n];
        var distances = new float[n];
        var sums = new double[(long)k * stride];
        var sizes = new int[k];
        var history = new List<double>(iterations + 1);
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            history.Add(Assign(points, n, stride, centroids, k, labels, distances, budget, cancellationToken));
            Update(points, n, stride, centroids, k, labels, distances, sums, sizes, reseedEmpty);
        }
        var inertia = Assign(points, n, stride, centroids, k, labels, distances, budget, cancellationToken);
        history.Add(inertia);
        return new KMeansResult(centroids, k, stride, labels, inertia, [.. history]);
    }

    /// <summary>
    /// Nearest centroid per point (first of equals wins), in parallel blocks with SIMD over the row; writes each
    /// point's squared distance and returns their sum (summed in point order, in double).
    /// </summary>
    public static double Assign(float[] points, int n, int stride, float[] centroids, int k, int[] labels, float[] distances, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var blocks = (n + Block - 1) / Block;
        Parallel.For(0, blocks, budget.ToParallelOptions(cancellationToken), b =>
        {
            var end = Math.Min(n, (b + 1) * Block);
            for (var i = b * Block; i < end; i++)
            {
                // The previous label (any valid index on the first pass) gives a distance bound for early exits.
                var (best, bestDistance) = Nearest(points.AsSpan((int)((long)i * stride), stride), centroids, k, stride, labels[i]);
                labels[i] = best;
                distances[i] = bestDistance;
            }
        });
        var inertia = 0.0;
        for (var i = 0; i < n; i++)
            inertia += distances[i];
        return inertia;
    }

    /// <summary>
    /// The nearest of <paramref name="k"/> centroids to <paramref name="row"/> (first of equals wins). Four centroids at
    /// a time share each load of the row and keep four independent accumulators in flight; each distance is computed
    /// exactly as <see cref="Distance"/> computes it (same operations in the same order), so results are bit-identical
    /// to it. Partial-distance exit: after the first third of the row, a group of four is dropped when every partial sum
    /// already reaches the best so far or exceeds the distance to <paramref name="hint"/> — float addition of
    /// non-negative terms is monotone, so a dropped centroid could not have won and the answer does not change.
    /// </summary>
    internal static (int Index, float Distance) Nearest(ReadOnlySpan<float> row, float[] centroids, int k, int stride, int hint = -1)
    {
        if ((long)k * stride > centroids.Length || row.Length < stride)
            throw new ArgumentException("centroid or row storage is too short.", nameof(centroids));
        ref var x = ref MemoryMarshal.GetReference(row);
        ref var cs = ref MemoryMarshal.GetArrayDataReference(centroids);
        var lanes = Vector<float>.Count;
        var vectors = stride / lanes;
        var split = vectors >= 3 ? vectors / 3 * lanes : 0;
        var bound = (uint)hint < (uint)k ? Distance(row, centroids.AsSpan((int)((long)hint * stride), stride)) : float.PositiveInfinity;
        var best = 0;
        var bestDistance = float.PositiveInfinity;
        var c = 0;
        for (; c + 4 <= k; c += 4)
        {
            ref var c0 = ref Unsafe.Add(ref cs, (nint)c * stride);
            ref var c1 = ref Unsafe.Add(ref c0, stride);
            ref var c2 = ref Unsafe.Add(ref c1, stride);
            ref var c3 = ref Unsafe.Add(ref c2, stride);
            Vector<float> a0 = Vector<float>.Zero, a1 = Vector<float>.Zero, a2 = Vector<float>.Zero, a3 = Vector<float>.Zero;
            var d = 0;
            if (split > 0)
            {
                for (; d < split; d += lanes)
                {
                    var v = Vector.LoadUnsafe(ref x, (nuint)d);
                    var d0 = v - Vector.LoadUnsafe(ref c0, (nuint)d);
                    var d1 = v - Vector.LoadUnsafe(ref c1, (nuint)d);
                    var d2 = v - Vector.LoadUnsafe(ref c2, (nuint)d);
                    var d3 = v - Vector.LoadUnsafe(ref c3, (nuint)d);
                    a0 += d0 * d0;
                    a1 += d1 * d1;
                    a2 += d2 * d2;
                    a3 += d3 * d3;
                }
                if (Dropped(Vector.Sum(a0), bestDistance, bound) && Dropped(Vector.Sum(a1), bestDistance, bound)
                    && Dropped(Vector.Sum(a2), bestDistance, bound) && Dropped(Vector.Sum(a3), bestDistance, bound))
                    continue;
            }
            for (; d < stride; d += lanes)
            {
                var v = Vector.LoadUnsafe(ref x, (nuint)d);
                var d0 = v - Vector.LoadUnsafe(ref c0, (nuint)d);
                var d1 = v - Vector.LoadUnsafe(ref c1, (nuint)d);
                var d2 = v - Vector.LoadUnsafe(ref c2, (nuint)d);
                var d3 = v - Vector.LoadUnsafe(ref c3, (nuint)d);
                a0 += d0 * d0;
                a1 += d1 * d1;
                a2 += d2 * d2;
                a3 += d3 * d3;
            }
            var s0 = Vector.Sum(a0);
            var s1 = Vector.Sum(a1);
            var s2 = Vector.Sum(a2);
            var s3 = Vector.Sum(a3);
            if (s0 < bestDistance)
                (best, bestDistance) = (c, s0);
            if (s1 < bestDistance)
                (best, bestDistance) = (c + 1, s1);
            if (s2 < bestDistance)
                (best, bestDistance) = (c + 2, s2);
            if (s3 < bestDistance)
                (best, bestDistance) = (c + 3, s3);
        }
        for (; c < k; c++)
        {
            var distance = Distance(row, centroids.AsSpan((int)((long)c * stride), stride));
            if (distance < bestDistance)
                (best, bestDistance) = (c, distance);
        }
        return (best, bestDistance);

        // A partial sum at or above the best so far cannot win (ties go to the earlier index); one above the hint's
        // full distance cannot be the minimum.
        static bool Dropped(float partial, float bestDistance, float bound) => partial >= bestDistance || partial > bound;
    }

    /// <summary>Squared Euclidean distance of two rows whose length is a multiple of <see cref="Vector{T}.Count"/>.</summary>
    public static float Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var acc = Vector<float>.Zero;
        for (var d = 0; d < a.Length; d += Vector<float>.Count)
        {
            var diff = new Vector<float>(a[d..]) - new Vector<float>(b[d..]);
            acc += diff * diff;
        }
        return Vector.Sum(acc);
    }

    /// <summary>Scalar reference for <see cref="Distance"/>, in double.</summary>
    public static double DistanceScalar(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0.0;
        for (var d = 0; d < a.Length; d++)
        {
            var diff = (double)a[d] - b[d];
            sum += diff * diff;
        }
        return sum;
    }

    /// <summary>Centroids become their members' means (summed in double, in point order); empty clusters are reseeded or kept.</summary>
    private static void Update(float[] points, int n, int stride, float[] centroids, int k, int[] labels, float[] distances, double[] sums, int[] sizes, bool reseedEmpty)
    {
        Array.Clear(sums);
        Array.Clear(sizes);
        for (var i = 0; i < n; i++)
        {
            var c = labels[i];
            sizes[c]++;
            var row = points.AsSpan((int)((long)i * stride), stride);
            var sum = sums.AsSpan((int)((long)c * stride), stride);
            for (var d = 0; d < stride; d++)
                sum[d] += row[d];
        }
        if (reseedEmpty)
            ReseedEmpty(points, n, stride, centroids, k, labels, distances, sums, sizes);
        for (var c = 0; c < k; c++)
        {
            if (sizes[c] == 0)
                continue; // nothing to average: the centroid stays
            for (var d = 0; d < stride; d++)
                centroids[((long)c * stride) + d] = (float)(sums[((long)c * stride) + d] / sizes[c]);
        }
    }

    /// <summary>
    /// Each empty cluster takes the point farthest from its centroid (from a cluster of two or more, so none
    /// empties): that point's distance drops to 0, so the inertia still cannot rise.
    /// </summary>
    private static void ReseedEmpty(float[] points, int n, int stride, float[] centroids, int k, int[] labels, float[] distances, double[] sums, int[] sizes)
    {
        var empty = 0;
        for (var c = 0; c < k; c++)
        {
            if (sizes[c] == 0)
                empty++;
        }
        if (empty == 0)
            return;
        // Farthest first; ties by index, so the choice is deterministic.
        var order = new int[n];
        var keys = new float[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
            keys[i] = -distances[i];
        }
        Array.Sort(keys, order);
        SortTiesByIndex(keys, order);
        var next = 0;
        for (var c = 0; c < k; c++)
        {
            if (sizes[c] != 0)
                continue;
            while (next < n && (distances[order[next]] <= 0 || sizes[labels[order[next]]] < 2))
                next++;
            if (next == n)
                return;
            var p = order[next++];
            var old = labels[p];
            var row = points.AsSpan((int)((long)p * stride), stride);
            var oldSum = sums.AsSpan((int)((long)old * stride), stride);
            var newSum = sums.AsSpan((int)((long)c * stride), stride);
            for (var d = 0; d < stride; d++)
            {
                oldSum[d] -= row[d];
                newSum[d] = row[d];
            }
            sizes[old]--;
            sizes[c] = 1;
            labels[p] = c;
            distances[p] = 0;
        }
    }

    /// <summary>Array.Sort is not stable: within runs of equal keys, put indices in ascending order.</summary>
    private static void SortTiesByIndex(float[] keys, int[] order)
    {
        var start = 0;
        for (var i = 1; i <= keys.Length; i++)
        {
            if (i == keys.Length || keys[i] != keys[start])
            {
                if (i - start > 1)
                    Array.Sort(order, start, i - start);
                start = i;
            }
        }
    }

    private static float[] SeedSpread(float[] points, int n, int stride, int k)
    {
        var centroids = new float[(long)k * stride];
        for (var c = 0; c < k; c++)
            Array.Copy(points, (long)c * n / k * stride, centroids, (long)c * stride, stride);
        return centroids;
    }

    /// <summary>k-means++ seeding; stops early (fewer centroids) only if every point already sits on a seed.</summary>
    private static float[] SeedPlusPlus(float[] points, int n, int stride, int k, int seed, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var centroids = new float[(long)k * stride];
        var nearest = new float[n];
        Array.Fill(nearest, float.PositiveInfinity);
        var chosen = random.Next(n);
        var count = 0;
        var blocks = (n + Block - 1) / Block;
        var blockSums = new double[blocks];
        var options = budget.ToParallelOptions(cancellationToken);
        while (true)
        {
            Array.Copy(points, (long)chosen * stride, centroids, (long)count * stride, stride);
            var centre = count;
            count++;
            if (count == k)
                break;
            Parallel.For(0, blocks, options, b =>
            {
                var c = centroids.AsSpan((int)((long)centre * stride), stride);
                var end = Math.Min(n, (b + 1) * Block);
                var sum = 0.0;
                for (var i = b * Block; i < end; i++)
                {
                    var distance = Distance(points.AsSpan((int)((long)i * stride), stride), c);
                    if (distance < nearest[i])
                        nearest[i] = distance;
                    sum += nearest[i];
                }
                blockSums[b] = sum;
            });
            var total = 0.0;
            for (var b = 0; b < blocks; b++)
                total += blockSums[b];
            if (!(total > 0))
                break;
            // Draw in two levels (block, then point) so a draw costs blocks + Block additions, not n.
            var target = random.NextDouble() * total;
            chosen = -1;
            var running = 0.0;
            for (var b = 0; b < blocks && chosen < 0; b++)
            {
                if (running + blockSums[b] <= target && b < blocks - 1)
                {
                    running += blockSums[b];
                    continue;
                }
                var end = Math.Min(n, (b + 1) * Block);
                for (var i = b * Block; i < end; i++)
                {
                    running += nearest[i];
                    if (running > target && nearest[i] > 0)
                    {
                        chosen = i;
                        break;
                    }
                }
            }
            if (chosen < 0)
            {
                // Rounding left the target past the end: take the last point with a positive distance.
                for (var i = n - 1; i >= 0 && chosen < 0; i--)
                {
                    if (nearest[i] > 0)
                        chosen = i;
                }
            }
        }
        return count == k ? centroids : centroids.AsSpan(0, count * stride).ToArray();
    }

    /// <summary>The distinct rows, if there are at most <paramref name="k"/> (bitwise comparison; open addressing over row hashes).</summary>
    public static bool TryDistinct(float[] points, int n, int stride, int k, out float[] centroids, out int[] labels, out int distinct)
    {
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, 2 * (k + 1)));
        var table = ArrayPool<int>.Shared.Rent(capacity);
        var representatives = new List<int>(Math.Min(k, 1024));
        labels = new int[n];
        try
        {
            table.AsSpan(0, capacity).Fill(-1);
            for (var i = 0; i < n; i++)
            {
                var row = points.AsSpan((int)((long)i * stride), stride);
                var slot = (int)(Hash(row) & (uint)(capacity - 1));
                while (true)
                {
                    var entry = table[slot];
                    if (entry < 0)
                    {
                        if (representatives.Count == k)
                        {
                            centroids = [];
                            distinct = 0;
                            return false;
                        }
                        table[slot] = representatives.Count;
                        labels[i] = representatives.Count;
                        representatives.Add(i);
                        break;
                    }
                    var other = points.AsSpan((int)((long)representatives[entry] * stride), stride);
                    if (row.SequenceEqual(other))
                    {
                        labels[i] = entry;
                        break;
                    }
                    slot = (slot + 1) & (capacity - 1);
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(table);
        }
        distinct = representatives.Count;
        centroids = new float[(long)distinct * stride];
        for (var c = 0; c < distinct; c++)
            Array.Copy(points, (long)representatives[c] * stride, centroids, (long)c * stride, stride);
        return true;
    }

    private static uint Hash(ReadOnlySpan<float> row)
    {
        // FNV-1a over the bit patterns: deterministic and cheap; collisions are resolved by comparing rows.
        var hash = 2166136261u;
        foreach (var value in row)
            hash = (hash ^ BitConverter.SingleToUInt32Bits(value)) * 16777619u;
        return hash ^ (hash >> 15);
    }
}
