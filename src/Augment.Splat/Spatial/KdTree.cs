using System.Numerics;
using System.Runtime.Intrinsics;

namespace Augment.Splat.Spatial;

/// <summary>
/// A k-d tree over 3D points for exact k-nearest-neighbour queries. Built once (median splits on the axis of
/// largest extent, leaves of up to <see cref="LeafSize"/> points) and then queried from many threads at once:
/// the tree is read-only after construction. Points are copied in leaf order so that a leaf scan reads
/// contiguous memory. Squared distances are computed as <c>dx*dx + dy*dy + dz*dz</c> in float, the same
/// expression as <see cref="BruteForceKnn"/>, so both return bit-identical distances.
/// </summary>
internal sealed class KdTree
{
    internal const int LeafSize = 16;

    /// <summary>Most neighbours one query may ask for (the per-query heap lives on the stack).</summary>
    internal const int MaxNeighbours = 256;

    private readonly float[] _x;
    private readonly float[] _y;
    private readonly float[] _z;
    private readonly int[] _ids; // original index of the point stored at each slot
    private readonly Node[] _nodes;

    private struct Node
    {
        public int Start;
        public int Count;
        public int Left;   // -1 for a leaf
        public int Right;
        public int Axis;
        public float Split;
    }

    private KdTree(float[] x, float[] y, float[] z, int[] ids, Node[] nodes)
    {
        _x = x;
        _y = y;
        _z = z;
        _ids = ids;
        _nodes = nodes;
    }

    /// <summary>Number of points in the tree.</summary>
    public int Count => _ids.Length;

    /// <summary>Builds a tree over the points (<paramref name="x"/>[i], <paramref name="y"/>[i], <paramref name="z"/>[i]); coordinates must be finite.</summary>
    public static KdTree Build(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, ComputeBudget? budget = null)
    {
        if (y.Length != x.Length || z.Length != x.Length)
            throw new ArgumentException("The coordinate spans differ in length.", nameof(y));
        var n = x.Length;
        var nodeCapacity = Math.Max(1, (2 * ((n / (LeafSize / 2)) + 1)) + 1); // an upper bound, for the budget check
        (budget ?? ComputeBudget.Default).EnsureAllocation(((long)n * 32) + ((long)nodeCapacity * 24), $"a k-d tree over {n:N0} points");
        var perm = new int[n];
        for (var i = 0; i < n; i++)
            perm[i] = i;
        var xs = x.ToArray();
        var ys = y.ToArray();
        var zs = z.ToArray();
        // Node indices follow from subtree sizes alone (left child = parent + 1, right child = parent + 1 +
        // nodes of the left subtree), so subtrees can be built in parallel into one array, deterministically.
        var nodeCounts = NodeCounts(n);
        var nodes = new Node[nodeCounts[n]];
        var builder = new Builder(xs, ys, zs, perm, nodes, nodeCounts, (budget ?? ComputeBudget.Default).ToParallelOptions());
        builder.BuildNode(0, 0, n, 0);
        var px = new float[n];
        var py = new float[n];
        var pz = new float[n];
        for (var i = 0; i < n; i++)
        {
            var id = perm[i];
            px[i] = xs[id];
            py[i] = ys[id];
            pz[i] = zs[id];
        }
        return new KdTree(px, py, pz, perm, nodes);
    }

    /// <summary>
    /// The <paramref name="distancesSquared"/>.Length nearest points to (qx, qy, qz), nearest first, skipping the
    /// point whose original index is <paramref name="excludeId"/> (-1 skips none). Returns how many were found
    /// (fewer than asked when the tree is small). <paramref name="ids"/> receives original indices; it may be empty.
    /// </summary>
    public int Nearest(float qx, float qy, float qz, int excludeId, Span<float> distancesSquared, Span<int> ids)
    {
        var k = distancesSquared.Length;
        if (k == 0 || _ids.Length == 0)
            return 0;
        if (k > MaxNeighbours)
            throw new ArgumentOutOfRangeException(nameof(distancesSquared), k, $"At most {MaxNeighbours} neighbours per query.");
        Span<float> heapDistance = stackalloc float[k];
        Span<int> heapId = stackalloc int[k];
        var heap = new Heap(heapDistance, heapId);
        Span<float> offsets = [0f, 0f, 0f];
        Search(0, qx, qy, qz, excludeId, ref heap, 0, offsets);
        // Pop the max-heap from the back to leave the nearest first.
        var found = heap.Size;
        for (var i = found - 1; i >= 0; i--)
        {
            var (d, id) = heap.PopMax();
            distancesSquared[i] = d;
            if (!ids.IsEmpty)
                ids[i] = id;
        }
        return found;
    }

    /// <summary>
    /// For every point of the tree, the mean Euclidean distance to its <paramref name="k"/> nearest other points
    /// (itself excluded), written at the point's original index. Parallel over points within the budget.
    /// </summary>
    public void MeanNeighbourDistances(int k, Span<float> meanDistance, ComputeBudget budget, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, MaxNeighbours);
        if (meanDistance.Length != Count)
            throw new ArgumentException($"The output has {meanDistance.Length} slots for {Count} points.", nameof(meanDistance));
        var output = new float[Count];
        const int Chunk = 2048;
        var chunks = (Count + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, budget.ToParallelOptions(cancellationToken), chunk =>
        {
            Span<float> distances = stackalloc float[k];
            var end = Math.Min(Count, (chunk + 1) * Chunk);
            // Query in leaf order (slot order): neighbouring queries touch the same leaves.
            for (var slot = chunk * Chunk; slot < end; slot++)
            {
                var found = Nearest(_x[slot], _y[slot], _z[slot], _ids[slot], distances, []);
                output[_ids[slot]] = MeanOfRoots(distances[..found]);
            }
        });
        output.CopyTo(meanDistance);
    }

    /// <summary>Mean of the square roots, summed nearest first in double: the order both the tree and the brute-force reference use.</summary>
    internal static float MeanOfRoots(ReadOnlySpan<float> distancesSquared)
    {
        if (distancesSquared.IsEmpty)
            return 0;
        double sum = 0;
        foreach (var d in distancesSquared)
            sum += MathF.Sqrt(d);
        return (float)(sum / distancesSquared.Length);
    }

    /// <summary>
    /// Depth-first search with incremental distances (Arya and Mount, "Algorithms for fast vector quantization",
    /// 1993): <paramref name="cellDistance"/> is the squared distance from the query to the node's cell and
    /// <paramref name="offsets"/> its per-axis parts, so a far child is pruned by its true box distance rather than
    /// by the distance to the splitting plane alone.
    /// </summary>
    private void Search(int nodeIndex, float qx, float qy, float qz, int excludeId, ref Heap heap, float cellDistance, Span<float> offsets)
    {
        ref readonly var node = ref _nodes[nodeIndex];
        if (node.Left < 0)
        {
            var end = node.Start + node.Count;
            var i = node.Start;
            if (Vector256.IsHardwareAccelerated)
            {
                // Eight distances at once, the same float expression in the same order as the scalar loop (no
                // fused multiply-add), so the values are bit-identical; only those under the current k-th go on.
                var vx = Vector256.Create(qx);
                var vy = Vector256.Create(qy);
                var vz = Vector256.Create(qz);
                for (; i + Vector256<float>.Count <= end; i += Vector256<float>.Count)
                {
                    var dx = Vector256.Create(_x.AsSpan(i, Vector256<float>.Count)) - vx;
                    var dy = Vector256.Create(_y.AsSpan(i, Vector256<float>.Count)) - vy;
                    var dz = Vector256.Create(_z.AsSpan(i, Vector256<float>.Count)) - vz;
                    var d = (dx * dx) + (dy * dy) + (dz * dz);
                    var candidates = Vector256.LessThan(d, Vector256.Create(heap.Bound)).ExtractMostSignificantBits();
                    while (candidates != 0)
                    {
                        var lane = BitOperations.TrailingZeroCount(candidates);
                        candidates &= candidates - 1;
                        var distance = d.GetElement(lane);
                        if (heap.Accepts(distance) && _ids[i + lane] != excludeId)
                            heap.Push(distance, _ids[i + lane]);
                    }
                }
            }
            for (; i < end; i++)
            {
                var dx = _x[i] - qx;
                var dy = _y[i] - qy;
                var dz = _z[i] - qz;
                var d = (dx * dx) + (dy * dy) + (dz * dz);
                if (heap.Accepts(d) && _ids[i] != excludeId)
                    heap.Push(d, _ids[i]);
            }
            return;
        }
        var q = node.Axis switch { 0 => qx, 1 => qy, _ => qz };
        var diff = q - node.Split;
        // Left holds coordinates <= split, right >= split: the near side first, the far side only if its cell is
        // closer than the current k-th neighbour.
        int near = diff < 0 ? node.Left : node.Right, far = diff < 0 ? node.Right : node.Left;
        Search(near, qx, qy, qz, excludeId, ref heap, cellDistance, offsets);
        var old = offsets[node.Axis];
        var farDistance = cellDistance - (old * old) + (diff * diff);
        if (heap.Accepts(farDistance))
        {
            offsets[node.Axis] = diff;
            Search(far, qx, qy, qz, excludeId, ref heap, farDistance, offsets);
            offsets[node.Axis] = old;
        }
    }

    /// <summary>Nodes of a subtree over m points, for every m a build meets (at most two sizes per level).</summary>
    private static Dictionary<int, int> NodeCounts(int n)
    {
        var sizes = new List<int>();
        var level = new HashSet<int> { n };
        while (level.Count > 0)
        {
            var next = new HashSet<int>();
            foreach (var m in level)
            {
                sizes.Add(m);
                if (m > LeafSize)
                {
                    next.Add(m / 2);
                    next.Add(m - (m / 2));
                }
            }
            level = next;
        }
        sizes.Sort();
        var counts = new Dictionary<int, int>(sizes.Count);
        foreach (var m in sizes)
        {
            if (!counts.ContainsKey(m))
                counts[m] = m <= LeafSize ? 1 : 1 + counts[m / 2] + counts[m - (m / 2)];
        }
        return counts;
    }

    private sealed class Builder(float[] x, float[] y, float[] z, int[] perm, Node[] nodes, Dictionary<int, int> nodeCounts, ParallelOptions parallel)
    {
        /// <summary>Subtrees at least this big build their two children in parallel.</summary>
        private const int ParallelThreshold = 1 << 15;

        public void BuildNode(int index, int start, int count, int depth)
        {
            if (count <= LeafSize)
            {
                nodes[index] = new Node { Start = start, Count = count, Left = -1, Right = -1 };
                return;
            }
            var axis = WidestAxis(x, y, z, perm, start, count);
            var coordinate = axis switch { 0 => x, 1 => y, _ => z };
            var half = count / 2;
            Select(coordinate, perm, start, start + count - 1, start + half);
            var split = coordinate[perm[start + half]];
            var left = index + 1;
            var right = left + nodeCounts[half];
            nodes[index] = new Node { Start = start, Count = count, Left = left, Right = right, Axis = axis, Split = split };
            if (count >= ParallelThreshold && parallel.MaxDegreeOfParallelism > 1 && depth < 8)
            {
                Parallel.Invoke(parallel,
                    () => BuildNode(left, start, half, depth + 1),
                    () => BuildNode(right, start + half, count - half, depth + 1));
            }
            else
            {
                BuildNode(left, start, half, depth + 1);
                BuildNode(right, start + half, count - half, depth + 1);
            }
        }
    }

    private static int WidestAxis(float[] x, float[] y, float[] z, int[] perm, int start, int count)
    {
        float minX = float.PositiveInfinity, minY = float.PositiveInfinity, minZ = float.PositiveInfinity;
        float maxX = float.NegativeInfinity, maxY = float.NegativeInfinity, maxZ = float.NegativeInfinity;
        for (var i = start; i < start + count; i++)
        {
            var p = perm[i];
            minX = Math.Min(minX, x[p]);
            maxX = Math.Max(maxX, x[p]);
            minY = Math.Min(minY, y[p]);
            maxY = Math.Max(maxY, y[p]);
            minZ = Math.Min(minZ, z[p]);
            maxZ = Math.Max(maxZ, z[p]);
        }
        float ex = maxX - minX, ey = maxY - minY, ez = maxZ - minZ;
        return ex >= ey && ex >= ez ? 0 : ey >= ez ? 1 : 2;
    }

    /// <summary>Quickselect (Hoare partition, middle pivot): afterwards perm[nth] holds the nth smallest key of perm[lo..hi] and everything left of it is &lt;= it, right of it &gt;= it.</summary>
    private static void Select(float[] key, int[] perm, int lo, int hi, int nth)
    {
        while (hi > lo)
        {
            var pivot = key[perm[lo + ((hi - lo) / 2)]];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (key[perm[i]] < pivot)
                    i++;
                while (key[perm[j]] > pivot)
                    j--;
                if (i <= j)
                {
                    (perm[i], perm[j]) = (perm[j], perm[i]);
                    i++;
                    j--;
                }
            }
            if (nth <= j)
                hi = j;
            else if (nth >= i)
                lo = i;
            else
                return;
        }
    }

    /// <summary>A bounded max-heap of (squared distance, id): keeps the k smallest seen.</summary>
    private ref struct Heap(Span<float> distance, Span<int> id)
    {
        private readonly Span<float> _distance = distance;
        private readonly Span<int> _id = id;

        public int Size { get; private set; }

        public readonly bool Accepts(float d) => Size < _distance.Length || d < _distance[0];

        /// <summary>Distances below this may enter: +infinity until the heap is full, then the current k-th.</summary>
        public readonly float Bound => Size < _distance.Length ? float.PositiveInfinity : _distance[0];

        public void Push(float d, int id)
        {
            if (Size < _distance.Length)
            {
                var i = Size++;
                _distance[i] = d;
                _id[i] = id;
                SiftUp(i);
                return;
            }
            _distance[0] = d;
            _id[0] = id;
            SiftDown(0, Size);
        }

        public (float Distance, int Id) PopMax()
        {
            var top = (_distance[0], _id[0]);
            Size--;
            _distance[0] = _distance[Size];
            _id[0] = _id[Size];
            SiftDown(0, Size);
            return top;
        }

        private readonly void SiftUp(int i)
        {
            while (i > 0)
            {
                var parent = (i - 1) / 2;
                if (_distance[parent] >= _distance[i])
                    return;
                Swap(i, parent);
                i = parent;
            }
        }

        private readonly void SiftDown(int i, int size)
        {
            while (true)
            {
                var left = (2 * i) + 1;
                if (left >= size)
                    return;
                var largest = left + 1 < size && _distance[left + 1] > _distance[left] ? left + 1 : left;
                if (_distance[largest] <= _distance[i])
                    return;
                Swap(i, largest);
                i = largest;
            }
        }

        private readonly void Swap(int a, int b)
        {
            (_distance[a], _distance[b]) = (_distance[b], _distance[a]);
            (_id[a], _id[b]) = (_id[b], _id[a]);
        }
    }
}
