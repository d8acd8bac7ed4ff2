using Augment.Splat.Spatial;

namespace Augment.Splat.Cleaning;

/// <summary>
/// Connected components of the occupied cells of a voxel grid: two occupied voxels are connected when they touch
/// by a face, edge or corner (26-neighbourhood). Splats inherit their voxel's component. Union-find over voxels
/// with the smaller root kept, so labels do not depend on thread count or hash order.
/// </summary>
internal static class VoxelComponents
{
    private const int AxisBits = 21;
    private const long AxisMask = (1L << AxisBits) - 1;

    /// <summary>Component of every point (0-based, numbered in order of first point) and the number of components.</summary>
    public static int[] Label(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, float voxelSize, ComputeBudget budget, CancellationToken cancellationToken, out int components)
    {
        var n = x.Length;
        components = 0;
        if (n == 0)
            return [];
        budget.EnsureAllocation((long)n * 28, $"the voxel grid of {n:N0} splats");
        float minX = float.PositiveInfinity, minY = float.PositiveInfinity, minZ = float.PositiveInfinity;
        float maxX = float.NegativeInfinity, maxY = float.NegativeInfinity, maxZ = float.NegativeInfinity;
        for (var i = 0; i < n; i++)
        {
            minX = Math.Min(minX, x[i]);
            maxX = Math.Max(maxX, x[i]);
            minY = Math.Min(minY, y[i]);
            maxY = Math.Max(maxY, y[i]);
            minZ = Math.Min(minZ, z[i]);
            maxZ = Math.Max(maxZ, z[i]);
        }
        // Keys pack 21 bits per axis: a grid too fine for the scene's extent is coarsened to fit.
        var extent = Math.Max(maxX - minX, Math.Max(maxY - minY, maxZ - minZ));
        var size = Math.Max(voxelSize, extent / (AxisMask - 2));
        if (!(size > 0))
            size = 1;
        var inverse = 1 / (double)size;

        var keys = new long[n];
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            var ix = Math.Min(AxisMask - 1, (long)((x[i] - (double)minX) * inverse));
            var iy = Math.Min(AxisMask - 1, (long)((y[i] - (double)minY) * inverse));
            var iz = Math.Min(AxisMask - 1, (long)((z[i] - (double)minZ) * inverse));
            keys[i] = (ix << (2 * AxisBits)) | (iy << AxisBits) | iz;
            order[i] = i;
        }
        cancellationToken.ThrowIfCancellationRequested();
        Array.Sort(keys, order);

        var voxelOfPoint = new int[n];
        var voxelKeys = new List<long>();
        for (var j = 0; j < n; j++)
        {
            if (j == 0 || keys[j] != keys[j - 1])
                voxelKeys.Add(keys[j]);
            voxelOfPoint[order[j]] = voxelKeys.Count - 1;
        }
        var voxels = voxelKeys.Count;
        var lookup = new Dictionary<long, int>(voxels);
        for (var v = 0; v < voxels; v++)
            lookup[voxelKeys[v]] = v;
        var parent = new int[voxels];
        for (var v = 0; v < voxels; v++)
            parent[v] = v;

        for (var v = 0; v < voxels; v++)
        {
            if ((v & 0xFFFF) == 0)
                cancellationToken.ThrowIfCancellationRequested();
            var key = voxelKeys[v];
            long ix = key >> (2 * AxisBits), iy = (key >> AxisBits) & AxisMask, iz = key & AxisMask;
            // The 13 neighbours after this voxel in (dx, dy, dz) order; the other 13 link back to it.
            for (var dx = 0; dx <= 1; dx++)
            {
                for (var dy = dx == 0 ? 0 : -1; dy <= 1; dy++)
                {
                    for (var dz = dx == 0 && dy == 0 ? 1 : -1; dz <= 1; dz++)
                    {
                        long nx = ix + dx, ny = iy + dy, nz = iz + dz;
                        if (nx > AxisMask || ny < 0 || ny > AxisMask || nz < 0 || nz > AxisMask)
                            continue;
                        if (lookup.TryGetValue((nx << (2 * AxisBits)) | (ny << AxisBits) | nz, out var other))
                            Union(parent, v, other);
                    }
                }
            }
        }

        var labelOfRoot = new int[voxels];
        labelOfRoot.AsSpan().Fill(-1);
        var labels = new int[n];
        for (var i = 0; i < n; i++)
        {
            var root = Find(parent, voxelOfPoint[i]);
            if (labelOfRoot[root] < 0)
                labelOfRoot[root] = components++;
            labels[i] = labelOfRoot[root];
        }
        return labels;
    }

    /// <summary>
    /// An automatic voxel size: <paramref name="factor"/> times the median, over up to 16,384 evenly strided
    /// points, of the mean distance to the 8 nearest neighbours — the scene's typical splat spacing.
    /// </summary>
    public static float AutoVoxelSize(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, float factor, ComputeBudget budget)
    {
        var n = x.Length;
        if (n < 2)
            return 1;
        var tree = KdTree.Build(x, y, z, budget);
        var k = Math.Min(8, n - 1);
        var stride = Math.Max(1, n / 16384);
        var samples = new float[((n - 1) / stride) + 1];
        Span<float> distances = stackalloc float[k];
        var s = 0;
        for (var i = 0; i < n && s < samples.Length; i += stride)
        {
            var found = tree.Nearest(x[i], y[i], z[i], i, distances, []);
            samples[s++] = KdTree.MeanOfRoots(distances[..found]);
        }
        Array.Sort(samples, 0, s);
        var median = samples[s / 2];
        if (!(median > 0))
        {
            // Every sampled splat sits on top of others: fall back to a thousandth of the scene's extent.
            float min = float.PositiveInfinity, max = float.NegativeInfinity;
            foreach (var v in x)
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
            median = Math.Max((max - min) / 1000, 1e-6f);
        }
        return factor * median;
    }

    private static int Find(int[] parent, int v)
    {
        while (parent[v] != v)
        {
            parent[v] = parent[parent[v]];
            v = parent[v];
        }
        return v;
    }

    private static void Union(int[] parent, int a, int b)
    {
        var ra = Find(parent, a);
        var rb = Find(parent, b);
        if (ra == rb)
            return;
        if (ra < rb)
            parent[rb] = ra;
        else
            parent[ra] = rb;
    }
}
