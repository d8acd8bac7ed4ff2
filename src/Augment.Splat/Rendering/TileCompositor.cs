using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Augment.Splat;

/// <summary>
/// Front-to-back alpha compositing of one 16x16 tile (the 3DGS reference's <c>renderCUDA</c>): for each pixel and each splat
/// in depth order, alpha = min(0.99, opacity x exp(power)); splats with alpha &lt; 1/255 are skipped; a splat that would
/// push the transmittance below 1e-4 ends the pixel without being added; otherwise colour += T x alpha x colour and
/// T x= 1 - alpha. The loop runs splat-outer, pixel-inner (so that 8 pixels of a tile row share one SIMD register), and
/// only over the pixels inside each splat's 3-sigma box. <see cref="CompositeScalar"/> is the reference;
/// <see cref="CompositeVector"/> does the same arithmetic 8 pixels at a time.
/// </summary>
internal static class TileCompositor
{
    /// <summary>Tile side in pixels.</summary>
    public const int TileSize = 16;

    /// <summary>Pixels in a tile; the length of the transmittance buffer and of each colour plane of a tile.</summary>
    public const int TilePixels = TileSize * TileSize;

    /// <summary>Highest alpha one splat may have at a pixel (the reference's clamp, so one splat never makes a pixel opaque).</summary>
    public const float MaxAlpha = 0.99f;

    /// <summary>Smallest alpha that is composited.</summary>
    public const float MinAlpha = 1f / 255f;

    /// <summary>A pixel stops when its transmittance would fall below this.</summary>
    public const float MinTransmittance = 1e-4f;

    /// <summary>
    /// Composites the splats of one tile. <paramref name="colour"/> receives three planes of <see cref="TilePixels"/>
    /// (tile-local, row stride <see cref="TileSize"/>), <paramref name="transmittance"/> the final T per pixel;
    /// <paramref name="weights"/>, when not empty, receives per key the sum over the tile's pixels of T x alpha.
    /// </summary>
    /// <param name="keys">The tile's (depth, splat index) keys, sorted front to back; the low 32 bits are the index.</param>
    /// <param name="splats">Every projected splat, indexed like the cloud.</param>
    /// <param name="tileX">Tile's first pixel column.</param>
    /// <param name="tileY">Tile's first pixel row.</param>
    /// <param name="width">Pixels of the tile inside the image, horizontally (1..16).</param>
    /// <param name="height">Pixels of the tile inside the image, vertically (1..16).</param>
    /// <param name="colour">3 x <see cref="TilePixels"/> floats.</param>
    /// <param name="transmittance"><see cref="TilePixels"/> floats.</param>
    /// <param name="weights">Empty, or one float per key.</param>
    public static void CompositeScalar(ReadOnlySpan<ulong> keys, ReadOnlySpan<ProjectedSplat> splats, int tileX, int tileY, int width, int height,
        Span<float> colour, Span<float> transmittance, Span<float> weights)
    {
        Span<bool> active = stackalloc bool[TilePixels];
        var remaining = Start(width, height, colour, transmittance, active);
        Span<float> red = colour[..TilePixels], green = colour.Slice(TilePixels, TilePixels), blue = colour.Slice(2 * TilePixels, TilePixels);
        var k = 0;
        for (; k < keys.Length && remaining > 0; k++)
        {
            ref readonly var s = ref splats[(int)(uint)keys[k]];
            var x0 = Math.Max((int)s.X0, tileX);
            var x1 = Math.Min((int)s.X1, tileX + width - 1);
            var y0 = Math.Max((int)s.Y0, tileY);
            var y1 = Math.Min((int)s.Y1, tileY + height - 1);
            var weight = 0f;
            for (var y = y0; y <= y1; y++)
            {
                var dy = y + 0.5f - s.V;
                var row = (y - tileY) * TileSize;
                for (var x = x0; x <= x1; x++)
                {
                    var p = row + x - tileX;
                    if (!active[p])
                        continue;
                    var dx = x + 0.5f - s.U;
                    var power = (-0.5f * ((s.ConicA * dx * dx) + (s.ConicC * dy * dy))) - (s.ConicB * dx * dy);
                    if (power > 0)
                        continue;
                    var alpha = MathF.Min(MaxAlpha, s.Alpha * MathF.Exp(power));
                    if (alpha < MinAlpha)
                        continue;
                    var t = transmittance[p];
                    var next = t * (1 - alpha);
                    if (next < MinTransmittance)
                    {
                        active[p] = false;
                        remaining--;
                        continue;
                    }
                    var w = t * alpha;
                    red[p] += w * s.Red;
                    green[p] += w * s.Green;
                    blue[p] += w * s.Blue;
                    transmittance[p] = next;
                    weight += w;
                }
            }
            if (!weights.IsEmpty)
                weights[k] = weight;
        }
        if (!weights.IsEmpty)
            weights[k..].Clear();
    }

    /// <summary>
    /// The same as <see cref="CompositeScalar"/>, 8 pixels of a tile row at a time with <see cref="Vector256"/>. Work is
    /// skipped only where it provably contributes nothing: rows and row spans outside the ellipse on which
    /// alpha = 1/255 (widened by a pixel), and chunks where no lane can pass; the per-pixel tests are the reference's.
    /// </summary>
    /// <inheritdoc cref="CompositeScalar"/>
    public static void CompositeVector(ReadOnlySpan<ulong> keys, ReadOnlySpan<ProjectedSplat> splats, int tileX, int tileY, int width, int height,
        Span<float> colour, Span<float> transmittance, Span<float> weights)
    {
        Span<bool> activeFlags = stackalloc bool[TilePixels];
        var remaining = Start(width, height, colour, transmittance, activeFlags);
        // Active as a float mask (all bits set = active) so that it loads straight into the lane masks.
        Span<float> active = stackalloc float[TilePixels];
        for (var p = 0; p < TilePixels; p++)
            active[p] = activeFlags[p] ? BitConverter.Int32BitsToSingle(-1) : 0f;
        ref var tRef = ref MemoryMarshal.GetReference(transmittance);
        ref var aRef = ref MemoryMarshal.GetReference(active);
        ref var rRef = ref MemoryMarshal.GetReference(colour);
        ref var gRef = ref Unsafe.Add(ref rRef, TilePixels);
        ref var bRef = ref Unsafe.Add(ref rRef, 2 * TilePixels);
        var lane = Vector256.Create(0f, 1, 2, 3, 4, 5, 6, 7);
        var half = Vector256.Create(0.5f);
        var minusHalf = Vector256.Create(-0.5f);
        var maxAlpha = Vector256.Create(MaxAlpha);
        var minAlpha = Vector256.Create(MinAlpha);
        var minT = Vector256.Create(MinTransmittance);
        var one = Vector256<float>.One;
        // The splats of a tile are scattered through the projected array; copying them a batch at a time lets the CPU
        // overlap the cache misses (the reference loads batches into shared memory for the same reason).
        Span<ProjectedSplat> batch = stackalloc ProjectedSplat[GatherBatch];
        var k = 0;
        for (; k < keys.Length && remaining > 0; k++)
        {
            var slot = k % GatherBatch;
            if (slot == 0)
            {
                var end = Math.Min(keys.Length - k, GatherBatch);
                for (var j = 0; j < end; j++)
                    batch[j] = splats[(int)(uint)keys[k + j]];
            }
            ref readonly var s = ref batch[slot];
            var boxX0 = Math.Max((int)s.X0, tileX);
            var boxX1 = Math.Min((int)s.X1, tileX + width - 1);
            var y0 = Math.Max((int)s.Y0, tileY);
            var y1 = Math.Min((int)s.Y1, tileY + height - 1);
            // alpha >= 1/255 needs power >= ln(1 / (255 opacity)) = floor, i.e. d^T conic d <= q = -2 floor: an ellipse.
            var floor = MathF.Log(MinAlpha / s.Alpha) - 1e-3f;
            var q = -2 * floor;
            // Rows: |dy| <= sqrt(q A / (A C - B²)).
            var conicDet = (s.ConicA * s.ConicC) - (s.ConicB * s.ConicB);
            var reachY = MathF.Sqrt(q * s.ConicA / conicDet) + 1;
            y0 = Math.Max(y0, (int)MathF.Floor(s.V - 0.5f - reachY));
            y1 = Math.Min(y1, (int)MathF.Ceiling(s.V - 0.5f + reachY));
            var u = Vector256.Create(s.U);
            var conicA = Vector256.Create(s.ConicA);
            var conicB = Vector256.Create(s.ConicB);
            var powerFloor = Vector256.Create(floor);
            var peak = Vector256.Create(s.Alpha);
            var splatRed = Vector256.Create(s.Red);
            var splatGreen = Vector256.Create(s.Green);
            var splatBlue = Vector256.Create(s.Blue);
            var weight = Vector256<float>.Zero;
            for (var y = y0; y <= y1; y++)
            {
                var dyScalar = y + 0.5f - s.V;
                // Span of the row inside the ellipse: A dx² + 2 B dy dx + C dy² - q <= 0, widened by a pixel each side.
                var discriminant = (s.ConicB * s.ConicB * dyScalar * dyScalar) - (s.ConicA * ((s.ConicC * dyScalar * dyScalar) - q));
                if (!(discriminant >= 0))
                    continue;
                var root = MathF.Sqrt(discriminant);
                var x0 = Math.Max(boxX0, (int)MathF.Floor(s.U - 0.5f + ((-(s.ConicB * dyScalar) - root) / s.ConicA)) - 1) - tileX;
                var x1 = Math.Min(boxX1, (int)MathF.Ceiling(s.U - 0.5f + ((-(s.ConicB * dyScalar) + root) / s.ConicA)) + 1) - tileX;
                if (x0 > x1)
                    continue;
                var first = Vector256.Create((float)x0);
                var last = Vector256.Create((float)x1);
                var dy = Vector256.Create(dyScalar);
                var cdy2 = Vector256.Create(s.ConicC * dyScalar * dyScalar);
                var row = (y - tileY) * TileSize;
                for (var cx = x0 & ~7; cx <= x1; cx += 8)
                {
                    var offset = (nuint)(row + cx);
                    var live = Vector256.LoadUnsafe(ref aRef, offset);
                    var local = Vector256.Create((float)cx) + lane;
                    var dx = (Vector256.Create((float)(tileX + cx)) + lane + half) - u;
                    var power = (minusHalf * ((conicA * dx * dx) + cdy2)) - (conicB * dx * dy);
                    var candidate = live & Vector256.GreaterThanOrEqual(local, first) & Vector256.LessThanOrEqual(local, last)
                        & Vector256.LessThanOrEqual(power, Vector256<float>.Zero) & Vector256.GreaterThanOrEqual(power, powerFloor);
                    if (candidate == Vector256<float>.Zero)
                        continue;
                    var alpha = Vector256.Min(maxAlpha, peak * FastExp.Exp(power));
                    var valid = candidate & Vector256.GreaterThanOrEqual(alpha, minAlpha);
                    var t = Vector256.LoadUnsafe(ref tRef, offset);
                    var next = t * (one - alpha);
                    var done = valid & Vector256.LessThan(next, minT);
                    var add = Vector256.AndNot(valid, done);
                    var w = Vector256.ConditionalSelect(add, t * alpha, Vector256<float>.Zero);
                    (Vector256.LoadUnsafe(ref rRef, offset) + (w * splatRed)).StoreUnsafe(ref rRef, offset);
                    (Vector256.LoadUnsafe(ref gRef, offset) + (w * splatGreen)).StoreUnsafe(ref gRef, offset);
                    (Vector256.LoadUnsafe(ref bRef, offset) + (w * splatBlue)).StoreUnsafe(ref bRef, offset);
                    Vector256.ConditionalSelect(add, next, t).StoreUnsafe(ref tRef, offset);
                    if (done != Vector256<float>.Zero)
                    {
                        Vector256.AndNot(live, done).StoreUnsafe(ref aRef, offset);
                        remaining -= BitOperations.PopCount(done.ExtractMostSignificantBits());
                    }
                    weight += w;
                }
            }
            if (!weights.IsEmpty)
                weights[k] = Vector256.Sum(weight);
        }
        if (!weights.IsEmpty)
            weights[k..].Clear();
    }

    /// <summary>Splats copied to the stack at a time by <see cref="CompositeVector"/>.</summary>
    private const int GatherBatch = 32;

    /// <summary>Clears the colour, sets T = 1 and marks active the pixels inside the image; returns how many there are.</summary>
    private static int Start(int width, int height, Span<float> colour, Span<float> transmittance, Span<bool> active)
    {
        colour[..(3 * TilePixels)].Clear();
        transmittance[..TilePixels].Fill(1);
        active.Clear();
        for (var y = 0; y < height; y++)
            active.Slice(y * TileSize, width).Fill(true);
        return width * height;
    }
}
