using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Augment.Splat.Training;

/// <summary>
/// Tile-based EWA splatting of a <see cref="SplatParameters"/> scene with analytic gradients, on the CPU: the structure of
/// the 3DGS CUDA rasteriser (Kerbl et al. 2023): preprocess every Gaussian (cull, 2D conic, radius, SH colour), duplicate
/// it into the 16x16 tiles its box touches with (depth, index) keys, sort each tile's list, composite front to back; the
/// backward walks each pixel back to front and then chains each Gaussian's screen-space gradient to its parameters. The
/// forward gives the same pixels as <see cref="SplatRenderer.Render"/> with the same background and low-pass variance.
/// </summary>
public sealed class DifferentiableRasterizer
{
    /// <summary>Fewest Gaussians a projection range holds, so that small scenes are not split into tiny work items.</summary>
    private const int MinRange = 4096;

    /// <summary>Most (range, tile) count cells (16M ints, 64 MB) a view may use.</summary>
    private const int MaxCountCells = 1 << 24;

    private readonly RasterizerOptions _options;

    /// <summary>Creates a rasteriser.</summary>
    /// <param name="options">Background, low-pass variance, threads and memory; defaults when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The low-pass variance is negative or not finite, or the background is not finite.</exception>
    public DifferentiableRasterizer(RasterizerOptions? options = null)
    {
        options ??= new RasterizerOptions();
        if (!(options.LowPassVariance >= 0) || !float.IsFinite(options.LowPassVariance))
            throw new ArgumentOutOfRangeException(nameof(options), options.LowPassVariance, "LowPassVariance must be a finite number >= 0 (pixels²).");
        var b = options.Background;
        if (!float.IsFinite(b.X) || !float.IsFinite(b.Y) || !float.IsFinite(b.Z))
            throw new ArgumentOutOfRangeException(nameof(options), b, "Background must be finite.");
        ArgumentNullException.ThrowIfNull(options.Budget, nameof(options));
        _options = options;
    }

    /// <summary>The options this rasteriser uses.</summary>
    public RasterizerOptions Options => _options;

    /// <summary>
    /// Renders <paramref name="scene"/> into a planar RGB image (R plane, G plane, B plane, row-major), keeping what
    /// <see cref="Backward"/> needs. Gaussians with a non-finite parameter are culled.
    /// </summary>
    /// <param name="scene">The parameters; must not change until the backward pass of this pass.</param>
    /// <param name="camera">The view; the image has its size.</param>
    /// <param name="shDegree">Highest SH degree evaluated (0..3; the scene's degree caps it).</param>
    /// <param name="cancellationToken">Checked per range of Gaussians and per tile.</param>
    /// <returns>The pass; dispose it after the backward pass.</returns>
    /// <exception cref="ResourceLimitException">The tile lists would exceed the budget's memory.</exception>
    public RasterPass Forward(SplatParameters scene, PinholeCamera camera, int shDegree, CancellationToken cancellationToken = default) =>
        ForwardWith(scene, camera, shDegree, Vector256.IsHardwareAccelerated, cancellationToken);

    /// <summary>
    /// Accumulates (+=) dLoss/dParameter into every plane of <paramref name="gradients"/> given dLoss/dImage, adds each
    /// visible Gaussian's screen-space mean gradient norm |dL/d(u, v)| (pixels) to <paramref name="meanGradient2D"/> and
    /// counts (+1) in <paramref name="visibleCount"/> the Gaussians visible in this view (radius &gt; 0).
    /// </summary>
    /// <param name="pass">A pass from <see cref="Forward"/> of this scene, not disposed.</param>
    /// <param name="imageGradient">dLoss/dImage, planar like <see cref="RasterPass.Image"/>.</param>
    /// <param name="gradients">Same shape as the scene (see <see cref="SplatParameters.CreateZeroed"/>).</param>
    /// <param name="meanGradient2D">At least one float per Gaussian.</param>
    /// <param name="visibleCount">At least one count per Gaussian.</param>
    /// <exception cref="ArgumentException">A length or shape does not match the pass.</exception>
    public void Backward(RasterPass pass, ReadOnlySpan<float> imageGradient, SplatParameters gradients, Span<float> meanGradient2D, Span<int> visibleCount) =>
        BackwardWith(pass, imageGradient, gradients, meanGradient2D, visibleCount, Vector256.IsHardwareAccelerated);

    /// <summary>The backward with a chosen compositing kernel (tests compare the SIMD one with the scalar reference).</summary>
    internal void BackwardWith(RasterPass pass, ReadOnlySpan<float> imageGradient, SplatParameters gradients, Span<float> meanGradient2D, Span<int> visibleCount, bool vector)
    {
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(gradients);
        var count = pass.Count;
        var pixels = pass.Width * pass.Height;
        if (imageGradient.Length != 3 * pixels)
            throw new ArgumentException($"the image gradient has {imageGradient.Length} floats; a {pass.Width}x{pass.Height} RGB pass needs {3 * pixels}.", nameof(imageGradient));
        if (pass.Scene.Count != count)
            throw new ArgumentException($"the scene now has {pass.Scene.Count} Gaussians but was rendered with {count}; run the backward pass before changing it.", nameof(pass));
        if (gradients.Count != count || gradients.PlaneCount != pass.Scene.PlaneCount)
            throw new ArgumentException($"the gradients hold {gradients.Count} Gaussians x {gradients.PlaneCount} planes; the scene has {count} x {pass.Scene.PlaneCount}.", nameof(gradients));
        if (meanGradient2D.Length < count)
            throw new ArgumentException($"meanGradient2D has {meanGradient2D.Length} entries for {count} Gaussians.", nameof(meanGradient2D));
        if (visibleCount.Length < count)
            throw new ArgumentException($"visibleCount has {visibleCount.Length} entries for {count} Gaussians.", nameof(visibleCount));
        var budget = _options.Budget;
        var pairs = pass.PairCount;
        budget.EnsureAllocation(((long)pairs + count) * GaussianProjection.ScreenGradientSize * sizeof(float),
            $"the backward pass's per tile-Gaussian gradients ({pairs:N0} pairs, {count:N0} Gaussians)");

        var parallel = budget.ToParallelOptions();
        var dImage = ArrayPool<float>.Shared.Rent(3 * pixels);
        var pairGradient = ArrayPool<float>.Shared.Rent(Math.Max(1, pairs * GaussianProjection.ScreenGradientSize));
        var screen = ArrayPool<float>.Shared.Rent(Math.Max(1, count * GaussianProjection.ScreenGradientSize));
        var norms = ArrayPool<float>.Shared.Rent(Math.Max(1, count));
        try
        {
            imageGradient.CopyTo(dImage);
            var width = pass.Width;
            var height = pass.Height;
            var tilesX = pass.TilesX;
            var keys = pass.Keys;
            var tileStart = pass.TileStart;
            var projected = pass.Projected;
            var finalT = pass.FinalT;
            var last = pass.Last;
            var background = _options.Background;
            // Each tile writes the gradients of its own (tile, Gaussian) pairs; they are summed per Gaussian below in key
            // order. Unlike atomics or per-thread partial sums this makes the gradients independent of the thread count
            // bit for bit, at the cost of 36 bytes per pair.
            Parallel.For(0, pass.TilesX * pass.TilesY, parallel, t =>
            {
                var tileX = t % tilesX * TileRasterKernel.TileSize;
                var tileY = t / tilesX * TileRasterKernel.TileSize;
                var tileWidth = Math.Min(TileRasterKernel.TileSize, width - tileX);
                var tileHeight = Math.Min(TileRasterKernel.TileSize, height - tileY);
                Span<float> pixelGradient = stackalloc float[3 * TileRasterKernel.TilePixels];
                Span<float> tileT = stackalloc float[TileRasterKernel.TilePixels];
                Span<int> tileLast = stackalloc int[TileRasterKernel.TilePixels];
                tileLast.Fill(-1);
                for (var y = 0; y < tileHeight; y++)
                {
                    var source = ((tileY + y) * width) + tileX;
                    var target = y * TileRasterKernel.TileSize;
                    for (var c = 0; c < 3; c++)
                        dImage.AsSpan((c * pixels) + source, tileWidth).CopyTo(pixelGradient.Slice((c * TileRasterKernel.TilePixels) + target, tileWidth));
                    finalT.AsSpan(source, tileWidth).CopyTo(tileT.Slice(target, tileWidth));
                    last.AsSpan(source, tileWidth).CopyTo(tileLast.Slice(target, tileWidth));
                }
                var start = tileStart[t];
                var n = tileStart[t + 1] - start;
                var slots = pairGradient.AsSpan(start * GaussianProjection.ScreenGradientSize, n * GaussianProjection.ScreenGradientSize);
                if (vector)
                    TileRasterKernel.BackwardVector(keys.AsSpan(start, n), projected, tileX, tileY, tileWidth, tileHeight, pixelGradient, tileT, tileLast, background, slots);
                else
                    TileRasterKernel.BackwardScalar(keys.AsSpan(start, n), projected, tileX, tileY, tileWidth, tileHeight, pixelGradient, tileT, tileLast, background, slots);
            });

            const int size = GaussianProjection.ScreenGradientSize;
            Array.Clear(screen, 0, count * size);
            for (var p = 0; p < pairs; p++)
            {
                var target = screen.AsSpan((int)(uint)keys[p] * size, size);
                var source = pairGradient.AsSpan(p * size, size);
                for (var j = 0; j < size; j++)
                    target[j] += source[j];
            }

            var view = pass.View;
            var scene = pass.Scene;
            var radii = pass.RadiiBuffer;
            var clamped = pass.Clamped;
            var ranges = RangeCount(count, budget, int.MaxValue);
            var rangeSize = ranges == 0 ? 0 : (count + ranges - 1) / ranges;
            Parallel.For(0, ranges, parallel, r =>
            {
                var start = r * rangeSize;
                var end = Math.Min(count, start + rangeSize);
                ProjectionBackward.Run(scene, view, clamped, radii, screen, start, end, gradients, norms);
            });
            for (var i = 0; i < count; i++)
            {
                if (radii[i] == 0)
                    continue;
                visibleCount[i]++;
                meanGradient2D[i] += norms[i];
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(dImage);
            ArrayPool<float>.Shared.Return(pairGradient);
            ArrayPool<float>.Shared.Return(screen);
            ArrayPool<float>.Shared.Return(norms);
        }
    }

    /// <summary>The forward with a chosen compositor (tests compare the SIMD one with the scalar reference).</summary>
    internal RasterPass ForwardWith(SplatParameters scene, PinholeCamera camera, int shDegree, bool vector, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentOutOfRangeException.ThrowIfNegative(shDegree);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shDegree, GaussianCloud.MaxShDegree);
        var budget = _options.Budget;
        var count = scene.Count;
        var tileCount = ((camera.Width + TileRasterKernel.TileSize - 1) / TileRasterKernel.TileSize) * ((camera.Height + TileRasterKernel.TileSize - 1) / TileRasterKernel.TileSize);
        var ranges = RangeCount(count, budget, Math.Max(1, MaxCountCells / tileCount));
        budget.EnsureAllocation(((long)count * (Unsafe.SizeOf<ProjectedSplat>() + sizeof(int) + sizeof(byte))) + ((long)ranges * tileCount * sizeof(int))
            + ((long)camera.Width * camera.Height * 5 * sizeof(float)), $"the projected Gaussians of a {count:N0}-Gaussian scene at {camera.Width}x{camera.Height}");
        var pass = new RasterPass(scene, camera, _options, Math.Min(shDegree, scene.ShDegree));
        try
        {
            pass.Allocate();
            Run(pass, ranges, vector, cancellationToken);
            return pass;
        }
        catch
        {
            pass.Dispose();
            throw;
        }
    }

    private static int RangeCount(int count, ComputeBudget budget, int maxRanges) =>
        count == 0 ? 0 : (int)Math.Min(Math.Min((long)budget.MaxThreads * 4, ((long)count + MinRange - 1) / MinRange), maxRanges);

    /// <summary>
    /// Project (parallel over ranges of Gaussians), count (tile, Gaussian) pairs per tile and range, one prefix sum, fill
    /// the (depth, index) keys, then per tile (in parallel) sort front to back and composite. Every range writes its own
    /// slots, so the tile lists, and so the image, do not depend on the thread count.
    /// </summary>
    private void Run(RasterPass pass, int ranges, bool vector, CancellationToken cancellationToken)
    {
        var budget = _options.Budget;
        var parallel = budget.ToParallelOptions(cancellationToken);
        var scene = pass.Scene;
        var count = pass.Count;
        int width = pass.Width, height = pass.Height, tilesX = pass.TilesX;
        var tileCount = tilesX * pass.TilesY;
        var view = pass.View;
        var rangeSize = ranges == 0 ? 0 : (count + ranges - 1) / ranges;
        var projected = pass.Projected;
        var radii = pass.RadiiBuffer;
        var clamped = pass.Clamped;
        var tileStart = pass.TileStart;
        const int tile = TileRasterKernel.TileSize;
        var offsets = ArrayPool<int>.Shared.Rent(Math.Max(1, ranges * tileCount));
        try
        {
            Array.Clear(offsets, 0, ranges * tileCount);
            Parallel.For(0, ranges, parallel, r =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                var start = r * rangeSize;
                var end = Math.Min(count, start + rangeSize);
                GaussianProjection.Project(scene, view, start, end, projected, radii, clamped);
                var counts = offsets.AsSpan(r * tileCount, tileCount);
                for (var i = start; i < end; i++)
                {
                    ref readonly var s = ref projected[i];
                    if (!s.Visible)
                        continue;
                    for (var ty = s.Y0 / tile; ty <= s.Y1 / tile; ty++)
                    {
                        var rowTiles = counts.Slice(ty * tilesX, tilesX);
                        for (var tx = s.X0 / tile; tx <= s.X1 / tile; tx++)
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
                if (pairs * GaussianProjection.ScreenGradientSize > Array.MaxLength)
                    throw new ResourceLimitException($"the tile lists of {count:N0} Gaussians at {width}x{height} hold more than {Array.MaxLength / GaussianProjection.ScreenGradientSize:N0} tile-Gaussian pairs; render a smaller image or fewer Gaussians.");
            }
            tileStart[tileCount] = (int)pairs;
            budget.EnsureAllocation(pairs * sizeof(ulong),
                $"the tile lists of {count:N0} Gaussians at {width}x{height} ({pairs:N0} tile-Gaussian pairs; large Gaussians near the camera cover many tiles)");
            pass.AllocateKeys((int)pairs);
            var keys = pass.Keys;

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
                    for (var ty = s.Y0 / tile; ty <= s.Y1 / tile; ty++)
                    {
                        for (var tx = s.X0 / tile; tx <= s.X1 / tile; tx++)
                            keys[cursor[(ty * tilesX) + tx]++] = key;
                    }
                }
            });

            var image = pass.ImageBuffer;
            var finalT = pass.FinalT;
            var last = pass.Last;
            var background = _options.Background;
            var pixels = width * height;
            Parallel.For(0, tileCount, parallel, t =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                var tileKeys = keys.AsSpan(tileStart[t], tileStart[t + 1] - tileStart[t]);
                tileKeys.Sort();
                var tileX = t % tilesX * tile;
                var tileY = t / tilesX * tile;
                var tileWidth = Math.Min(tile, width - tileX);
                var tileHeight = Math.Min(tile, height - tileY);
                Span<float> colour = stackalloc float[3 * TileRasterKernel.TilePixels];
                Span<float> transmittance = stackalloc float[TileRasterKernel.TilePixels];
                Span<int> tileLast = stackalloc int[TileRasterKernel.TilePixels];
                if (vector)
                    TileRasterKernel.ForwardVector(tileKeys, projected, tileX, tileY, tileWidth, tileHeight, colour, transmittance, tileLast);
                else
                    TileRasterKernel.ForwardScalar(tileKeys, projected, tileX, tileY, tileWidth, tileHeight, colour, transmittance, tileLast);
                for (var y = 0; y < tileHeight; y++)
                {
                    var row = ((tileY + y) * width) + tileX;
                    var local = y * tile;
                    transmittance.Slice(local, tileWidth).CopyTo(finalT.AsSpan(row, tileWidth));
                    tileLast.Slice(local, tileWidth).CopyTo(last.AsSpan(row, tileWidth));
                    for (var c = 0; c < 3; c++)
                    {
                        var back = c == 0 ? background.X : c == 1 ? background.Y : background.Z;
                        var target = image.AsSpan((c * pixels) + row, tileWidth);
                        var source = colour.Slice((c * TileRasterKernel.TilePixels) + local, tileWidth);
                        var left = transmittance.Slice(local, tileWidth);
                        for (var x = 0; x < tileWidth; x++)
                            target[x] = source[x] + (left[x] * back);
                    }
                }
            });
            cancellationToken.ThrowIfCancellationRequested();
        }
        finally
        {
            ArrayPool<int>.Shared.Return(offsets);
        }
    }
}
