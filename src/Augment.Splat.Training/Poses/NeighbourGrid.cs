using System.Numerics;

namespace Augment.Splat.Training;

/// <summary>
/// Mean distance from every point to its k nearest other points, through a uniform hash grid (about two points per
/// occupied cell) searched in growing shells of cells until the k-th distance found is within the shell's reach. Exact:
/// <see cref="MeanDistancesBruteForce"/> is the reference the tests compare it with. Augment.Splat's k-d tree is internal
/// to that package, hence this small grid.
/// </summary>
internal static class NeighbourGrid
{
    private const int MaxCellsPerAxis = 1024;

    public static void MeanDistances(ReadOnlySpan<Vector3> points, int k, Span<float> meanDistance, ComputeBudget budget, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (meanDistance.Length != points.Length)
            throw new ArgumentException($"{meanDistance.Length} outputs for {points.Length} points.", nameof(meanDistance));
        var n = points.Length;
        if (n == 0)
            return;
        var pts = points.ToArray();
        var min = pts[0];
        var max = pts[0];
        foreach (var p in pts)
        {
            min = Vector3.Min(min, p);
            max = Vector3.Max(max, p);
        }
        var extent = max - min;
        var longest = MathF.Max(extent.X, MathF.Max(extent.Y, extent.Z));
        // Cell side from the volume per point, but never so small that an axis needs more than MaxCellsPerAxis cells.
        var volume = MathF.Max(extent.X, longest * 1e-3f) * MathF.Max(extent.Y, longest * 1e-3f) * MathF.Max(extent.Z, longest * 1e-3f);
        var cell = longest > 0 ? MathF.Max(MathF.Cbrt(2 * volume / n), longest / MaxCellsPerAxis) : 1f;
        int nx = CellsAlong(extent.X, cell), ny = CellsAlong(extent.Y, cell), nz = CellsAlong(extent.Z, cell);

        var keys = new long[n];
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            var (cx, cy, cz) = CellOf(pts[i], min, cell, nx, ny, nz);
            keys[i] = Key(cx, cy, cz, ny, nz);
            order[i] = i;
        }
        Array.Sort(keys, order);
        var cells = new Dictionary<long, (int Start, int Count)>();
        for (var i = 0; i < n;)
        {
            var j = i;
            while (j < n && keys[j] == keys[i])
                j++;
            cells[keys[i]] = (i, j - i);
            i = j;
        }
        var sorted = new Vector3[n];
        for (var i = 0; i < n; i++)
            sorted[i] = pts[order[i]];

        var kk = Math.Min(k, n - 1);
        var output = new float[n];
        var maxShell = Math.Max(nx, Math.Max(ny, nz));
        const int Chunk = 1024;
        Parallel.For(0, (n + Chunk - 1) / Chunk, budget.ToParallelOptions(cancellationToken), chunk =>
        {
            var best = new float[Math.Max(kk, 1)];
            var end = Math.Min(n, (chunk + 1) * Chunk);
            for (var slot = chunk * Chunk; slot < end; slot++)
            {
                if (kk == 0)
                {
                    output[order[slot]] = 0;
                    continue;
                }
                var q = sorted[slot];
                var (cx, cy, cz) = CellOf(q, min, cell, nx, ny, nz);
                var found = 0;
                for (var r = 0; r <= maxShell; r++)
                {
                    for (var x = cx - r; x <= cx + r; x++)
                    {
                        if (x < 0 || x >= nx)
                            continue;
                        for (var y = cy - r; y <= cy + r; y++)
                        {
                            if (y < 0 || y >= ny)
                                continue;
                            var onShellXy = Math.Abs(x - cx) == r || Math.Abs(y - cy) == r;
                            for (var z = cz - r; z <= cz + r; z += onShellXy || r == 0 ? 1 : 2 * r)
                            {
                                if (z < 0 || z >= nz || !cells.TryGetValue(Key(x, y, z, ny, nz), out var c))
                                    continue;
                                for (var s = c.Start; s < c.Start + c.Count; s++)
                                {
                                    if (s != slot)
                                        found = Insert(best, found, kk, Vector3.DistanceSquared(sorted[s], q));
                                }
                            }
                        }
                    }
                    // Every cell beyond shell r is at least r cells away from the query's own cell.
                    var reach = r * cell;
                    if (found == kk && best[kk - 1] <= reach * reach)
                        break;
                }
                output[order[slot]] = MeanOfRoots(best.AsSpan(0, found));
            }
        });
        output.CopyTo(meanDistance);
    }

    /// <summary>The O(n²) reference.</summary>
    public static void MeanDistancesBruteForce(ReadOnlySpan<Vector3> points, int k, Span<float> meanDistance)
    {
        var n = points.Length;
        var kk = Math.Min(k, n - 1);
        var best = new float[Math.Max(kk, 1)];
        for (var i = 0; i < n; i++)
        {
            var found = 0;
            for (var j = 0; j < n; j++)
            {
                if (j != i && kk > 0)
                    found = Insert(best, found, kk, Vector3.DistanceSquared(points[j], points[i]));
            }
            meanDistance[i] = MeanOfRoots(best.AsSpan(0, found));
        }
    }

    // Keeps the kk smallest squared distances sorted ascending; returns how many are held.
    private static int Insert(float[] best, int found, int kk, float d)
    {
        if (found == kk && d >= best[kk - 1])
            return found;
        var i = found == kk ? kk - 1 : found;
        while (i > 0 && best[i - 1] > d)
        {
            best[i] = best[i - 1];
            i--;
        }
        best[i] = d;
        return found == kk ? kk : found + 1;
    }

    private static float MeanOfRoots(ReadOnlySpan<float> squared)
    {
        if (squared.IsEmpty)
            return 0;
        double sum = 0;
        foreach (var d in squared)
            sum += Math.Sqrt(d);
        return (float)(sum / squared.Length);
    }

    private static int CellsAlong(float extent, float cell) => Math.Clamp((int)(extent / cell) + 1, 1, MaxCellsPerAxis + 1);

    private static (int X, int Y, int Z) CellOf(Vector3 p, Vector3 min, float cell, int nx, int ny, int nz) =>
        (Math.Clamp((int)((p.X - min.X) / cell), 0, nx - 1), Math.Clamp((int)((p.Y - min.Y) / cell), 0, ny - 1), Math.Clamp((int)((p.Z - min.Z) / cell), 0, nz - 1));

    private static long Key(int x, int y, int z, int ny, int nz) => (((long)x * ny) + y) * nz + z;
}
