using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Augment.Splat;

/// <summary>
/// One view through the tile pipeline of the 3DGS rasteriser, on the CPU: project every splat (parallel over ranges of
/// splats), count the (tile, splat) pairs per tile and range, turn the counts into offsets with one prefix sum, fill the
/// (depth, index) keys, then per tile (in parallel) sort the keys front to back and composite. Every range writes its
/// own slots, so the tile lists, and therefore the images, do not depend on the thread count.
/// </summary>
internal static class SplatRasterizer
{
    /// <summary>Fewest splats a projection range holds, so that small clouds are not split into tiny work items.</summary>
    private const int MinRange = 4096;

    /// <summary>Most (range, tile) count cells (16M ints, 64 MB) a view may use.</summary>
    private const int MaxCountCells = 1 << 24;

    /// <summary>The compositor the public renderer uses: SIMD where the CPU has 256-bit vectors.</summary>
    public static CompositeKernel DefaultKernel => Vector256.IsHardwareAccelerated ? CompositeKernel.Vector : CompositeKernel.Scalar;

    /// <summary>
    /// Draws <paramref name="cloud"/> for <paramref name="camera"/>: into <paramref name="frame"/> (3 planes, the camera's
    /// size) when given, and adds each splat's weight to <paramref name="contributions"/> when given.
    /// </summary>
    public static void Run(GaussianCloud cloud, PinholeCamera camera, SplatRenderOptions options, ImageFrame? frame, double[]? contributions,
        CompositeKernel kernel, CancellationToken cancellationToken)
    {
        var budget = options.Budget;
        var parallel = budget.ToParallelOptions(cancellationToken);
        var count = cloud.Count;
        int width = camera.Width, height = camera.Height;
        var tilesX = (width + TileCompositor.TileSize - 1) / TileCompositor.TileSize;
        var tilesY = (height + TileCompositor.TileSize - 1) / TileCompositor.TileSize;
        var tileCount = tilesX * tilesY;
        var degree = Math.Min(cloud.ShDegree, options.MaxShDegree ?? GaussianCloud.MaxShDegree);
        var view = new ViewConstants(camera, options, degree, withColour: frame is not null);
        // A few ranges per thread for load balance, but never so many that the per-range tile counts grow large.
        var ranges = count == 0 ? 0 : (int)Math.Min(Math.Min((long)budget.MaxThreads * 4, ((long)count + MinRange - 1) / MinRange),
            Math.Max(1, MaxCountCells / tileCount));
        var rangeSize = ranges == 0 ? 0 : (count + ranges - 1) / ranges;

        budget.EnsureAllocation(((long)count * Unsafe.SizeOf<ProjectedSplat>()) + ((long)ranges * tileCount * sizeof(int)),
            $"the projected splats of a {count:N0}-splat cloud");
        var projected = ArrayPool<ProjectedSplat>.Shared.Rent(Math.Max(1, count));
        var offsets = ArrayPool<int>.Shared.Rent(Math.Max(1, ranges * tileCount));
        var tileStart = ArrayPool<int>.Shared.Rent(tileCount + 1);
        ulong[]? keys = null;
        float[]? pairWeights = null;
        try
        {
            Array.Clear(offsets, 0, ranges * tileCount);
            Parallel.For(0, ranges, parallel, r =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                var start = r * rangeSize;
                var end = Math.Min(count, start + rangeSize);
                SplatProjection.Project(cloud, view, start, end, projected);
                var counts = offsets.AsSpan(r * tileCount, tileCount);
                for (var i = start; i < end; i++)
                {
                    ref readonly var s = ref projected[i];
                    if (!s.Visible)
                        continue;
                    for (var ty = s.Y0 / TileCompositor.TileSize; ty <= s.Y1 / TileCompositor.TileSize; ty++)
                    {
                        var rowTiles = counts.Slice(ty * tilesX, tilesX);
                        for (var tx = s.X0 / TileCompositor.TileSize; tx <= s.X1 / TileCompositor.TileSize; tx++)
                            rowTiles[tx]++;
                    }
                }
            });

            // Prefix sum: tile t's keys are [tileStart[t], tileStart[t + 1]); within a tile, range r writes after ranges < r.
            long pairs = 0;
            for (var t = 0; t < tileCount; t++)
            {
                tileStart[t] = (int)pairs;
                for (var r = 0; r < ranges; r++)
                {
                    var n = offsets[(r * tileCount) + t];
                    offsets[(r * tileCount) + t] = (int)pairs;
                    pairs += n;
                }
                if (pairs > Array.MaxLength)
                    throw new ResourceLimitException($"the tile lists of {count:N0} splats at {width}x{height} hold more than {Array.MaxLength:N0} tile-splat pairs; render a smaller image or fewer splats.");
            }
            tileStart[tileCount] = (int)pairs;
            budget.EnsureAllocation(pairs * (sizeof(ulong) + (contributions is null ? 0 : sizeof(float))),
                $"the tile lists of {count:N0} splats at {width}x{height} ({pairs:N0} tile-splat pairs; large splats near the camera cover many tiles)");
            keys = ArrayPool<ulong>.Shared.Rent((int)Math.Max(1, pairs));
            if (contributions is not null)
                pairWeights = ArrayPool<float>.Shared.Rent((int)Math.Max(1, pairs));

            Parallel.For(0, ranges, parallel, r =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                var start = r * rangeSize;
                var end = Math.Min(count, start + rangeSize);
                var cursor = offsets.AsSpan(r * tileCount, tileCount);
                for (var i = start; i < end; i++)
                {
                    ref readonly var s = ref projected[i];
                    if (!s.Visible)
                        continue;
                    // Depth is > 0, so its IEEE bits order like the value: one integer sort orders by depth, then index.
                    var key = ((ulong)BitConverter.SingleToUInt32Bits(s.Depth) << 32) | (uint)i;
                    for (var ty = s.Y0 / TileCompositor.TileSize; ty <= s.Y1 / TileCompositor.TileSize; ty++)
                    {
                        for (var tx = s.X0 / TileCompositor.TileSize; tx <= s.X1 / TileCompositor.TileSize; tx++)
                            keys[cursor[(ty * tilesX) + tx]++] = key;
                    }
                }
            });

            var background = options.Background;
            Parallel.For(0, tileCount, parallel, t =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                var tileKeys = keys.AsSpan(tileStart[t], tileStart[t + 1] - tileStart[t]);
                tileKeys.Sort();
                var tileX = t % tilesX * TileCompositor.TileSize;
                var tileY = t / tilesX * TileCompositor.TileSize;
                var tileWidth = Math.Min(TileCompositor.TileSize, width - tileX);
                var tileHeight = Math.Min(TileCompositor.TileSize, height - tileY);
                Span<float> colour = stackalloc float[3 * TileCompositor.TilePixels];
                Span<float> transmittance = stackalloc float[TileCompositor.TilePixels];
                var weights = pairWeights is null ? [] : pairWeights.AsSpan(tileStart[t], tileKeys.Length);
                if (kernel == CompositeKernel.Vector)
                    TileCompositor.CompositeVector(tileKeys, projected, tileX, tileY, tileWidth, tileHeight, colour, transmittance, weights);
                else
                    TileCompositor.CompositeScalar(tileKeys, projected, tileX, tileY, tileWidth, tileHeight, colour, transmittance, weights);
                if (frame is null)
                    return;
                for (var c = 0; c < 3; c++)
                {
                    var plane = colour.Slice(c * TileCompositor.TilePixels, TileCompositor.TilePixels);
                    var back = c == 0 ? background.X : c == 1 ? background.Y : background.Z;
                    for (var y = 0; y < tileHeight; y++)
                    {
                        var target = frame.Row(c, tileY + y).Slice(tileX, tileWidth);
                        var source = plane.Slice(y * TileCompositor.TileSize, tileWidth);
                        var left = transmittance.Slice(y * TileCompositor.TileSize, tileWidth);
                        for (var x = 0; x < tileWidth; x++)
                            target[x] = source[x] + (left[x] * back);
                    }
                }
            });
            cancellationToken.ThrowIfCancellationRequested();

            if (contributions is not null && pairWeights is not null)
            {
                // In key order, so the sums do not depend on the thread count.
                for (var p = 0; p < pairs; p++)
                    contributions[(int)(uint)keys[p]] += pairWeights[p];
            }
        }
        finally
        {
            ArrayPool<ProjectedSplat>.Shared.Return(projected);
            ArrayPool<int>.Shared.Return(offsets);
            ArrayPool<int>.Shared.Return(tileStart);
            if (keys is not null)
                ArrayPool<ulong>.Shared.Return(keys);
            if (pairWeights is not null)
                ArrayPool<float>.Shared.Return(pairWeights);
        }
    }
}
