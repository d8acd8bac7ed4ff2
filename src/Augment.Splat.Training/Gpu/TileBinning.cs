namespace Augment.Splat.Training;

/// <summary>
/// Host-side tile binning and depth sort for the GPU rasteriser: every visible Gaussian is listed in each 16x16 tile its
/// pixel box touches, and each tile's list is sorted by (depth, index), the same keys as the preview renderer (depth is
/// &gt; 0, so its IEEE bits order like the value). Done on the host for now: a device radix sort (ILGPU.Algorithms) is
/// the next step; the projected Gaussians come back to the host once per view for it.
/// </summary>
internal static class TileBinning
{
    /// <summary>Returns the start of each tile's list (tile count + 1 entries) and the Gaussian indices, tile by tile, front to back.</summary>
    public static (int[] TileStart, int[] TileSplats) Bin(ReadOnlySpan<GpuSplat> splats, int tilesX, int tilesY, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var tileCount = tilesX * tilesY;
        var tileStart = new int[tileCount + 1];
        for (var i = 0; i < splats.Length; i++)
        {
            ref readonly var s = ref splats[i];
            if (s.Radius == 0)
                continue;
            for (var ty = s.Y0 / GpuKernels.TileSize; ty <= s.Y1 / GpuKernels.TileSize; ty++)
            {
                for (var tx = s.X0 / GpuKernels.TileSize; tx <= s.X1 / GpuKernels.TileSize; tx++)
                    tileStart[(ty * tilesX) + tx + 1]++;
            }
        }
        long pairs = 0;
        for (var t = 1; t <= tileCount; t++)
        {
            pairs += tileStart[t];
            if (pairs > Array.MaxLength)
                throw new ResourceLimitException($"the tile lists of {splats.Length:N0} Gaussians hold more than {Array.MaxLength:N0} tile-Gaussian pairs; render a smaller image or fewer Gaussians.");
            tileStart[t] = (int)pairs;
        }
        budget.EnsureAllocation(pairs * (sizeof(ulong) + sizeof(int)), $"the tile lists of {splats.Length:N0} Gaussians ({pairs:N0} tile-Gaussian pairs)");
        var keys = new ulong[pairs];
        var cursor = new int[tileCount];
        Array.Copy(tileStart, cursor, tileCount);
        for (var i = 0; i < splats.Length; i++)
        {
            ref readonly var s = ref splats[i];
            if (s.Radius == 0)
                continue;
            var key = ((ulong)BitConverter.SingleToUInt32Bits(s.Depth) << 32) | (uint)i;
            for (var ty = s.Y0 / GpuKernels.TileSize; ty <= s.Y1 / GpuKernels.TileSize; ty++)
            {
                for (var tx = s.X0 / GpuKernels.TileSize; tx <= s.X1 / GpuKernels.TileSize; tx++)
                    keys[cursor[(ty * tilesX) + tx]++] = key;
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        var tileSplats = new int[Math.Max(1, pairs)];
        Parallel.For(0, tileCount, budget.ToParallelOptions(cancellationToken), t =>
        {
            var tileKeys = keys.AsSpan(tileStart[t], tileStart[t + 1] - tileStart[t]);
            tileKeys.Sort();
            for (var k = 0; k < tileKeys.Length; k++)
                tileSplats[tileStart[t] + k] = (int)(uint)tileKeys[k];
        });
        return (tileStart, tileSplats);
    }
}
