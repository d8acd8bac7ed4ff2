using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Augment.Splat.Training;

/// <summary>
/// Alpha compositing of one 16x16 tile and its gradient (the 3DGS reference's <c>renderCUDA</c> forward and backward,
/// Kerbl et al. 2023). Forward, front to back per pixel: alpha = min(0.99, opacity x exp(power)); alpha &lt; 1/255 is
/// skipped; a Gaussian that would push T below 1e-4 ends the pixel without being added; otherwise colour += T alpha c,
/// T *= 1 - alpha. It also keeps, per pixel, the final T and the tile-list index of the last Gaussian added, which is all
/// the backward needs: it walks each pixel's list back to front, recovering T_i = T_(i+1) / (1 - alpha_i), with
/// dC/dc_i = alpha_i T_i and dC/dalpha_i = T_i (c_i - S_i) - T_final bg / (1 - alpha_i), S_i the colour behind i
/// normalised by T_(i+1). Both directions run Gaussian-outer, pixel-inner over each Gaussian's pixel box, so a tile row
/// of 8 pixels shares a SIMD register in <see cref="ForwardVector"/> and each Gaussian's screen gradient is summed in
/// registers and written once; every pixel still sees its Gaussians in exactly the per-pixel order of the reference.
/// </summary>
internal static class TileRasterKernel
{
    /// <summary>Tile side in pixels (the preview compositor's).</summary>
    public const int TileSize = TileCompositor.TileSize;

    /// <summary>Pixels in a tile.</summary>
    public const int TilePixels = TileCompositor.TilePixels;

    /// <summary>Highest alpha one Gaussian may have at a pixel.</summary>
    public const float MaxAlpha = TileCompositor.MaxAlpha;

    /// <summary>Smallest alpha that is composited.</summary>
    public const float MinAlpha = TileCompositor.MinAlpha;

    /// <summary>A pixel stops when its transmittance would fall below this.</summary>
    public const float MinTransmittance = TileCompositor.MinTransmittance;

    /// <summary>
    /// Composites one tile (scalar reference). <paramref name="colour"/>: 3 planes of <see cref="TilePixels"/> (row stride
    /// <see cref="TileSize"/>); <paramref name="transmittance"/>: final T; <paramref name="last"/>: index into
    /// <paramref name="keys"/> of the last Gaussian added, -1 when none.
    /// </summary>
    public static void ForwardScalar(ReadOnlySpan<ulong> keys, ReadOnlySpan<ProjectedSplat> splats, int tileX, int tileY, int width, int height,
        Span<float> colour, Span<float> transmittance, Span<int> last)
    {
        Span<bool> active = stackalloc bool[TilePixels];
        var remaining = Start(width, height, colour, transmittance, last, active);
        Span<float> red = colour[..TilePixels], green = colour.Slice(TilePixels, TilePixels), blue = colour.Slice(2 * TilePixels, TilePixels);
        for (var k = 0; k < keys.Length && remaining > 0; k++)
        {
            ref readonly var s = ref splats[(int)(uint)keys[k]];
            var x0 = Math.Max((int)s.X0, tileX);
            var x1 = Math.Min((int)s.X1, tileX + width - 1);
            var y0 = Math.Max((int)s.Y0, tileY);
            var y1 = Math.Min((int)s.Y1, tileY + height - 1);
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
                    var alpha = MathF.Min(MaxAlpha, s.Alpha * FastExp.Exp(power));
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
                    last[p] = k;
                }
            }
        }
    }

    /// <summary>
    /// <see cref="ForwardScalar"/> 8 pixels of a tile row at a time with <see cref="Vector256"/>; work is skipped only where
    /// it provably adds nothing (rows and row spans outside the ellipse on which alpha = 1/255, widened by a pixel).
    /// </summary>
    /// <inheritdoc cref="ForwardScalar"/>
    public static void ForwardVector(ReadOnlySpan<ulong> keys, ReadOnlySpan<ProjectedSplat> splats, int tileX, int tileY, int width, int height,
        Span<float> colour, Span<float> transmittance, Span<int> last)
    {
        Span<bool> activeFlags = stackalloc bool[TilePixels];
        var remaining = Start(width, height, colour, transmittance, last, activeFlags);
        // Active as a float mask (all bits set = active) so that it loads straight into lane masks.
        Span<float> active = stackalloc float[TilePixels];
        for (var p = 0; p < TilePixels; p++)
            active[p] = activeFlags[p] ? BitConverter.Int32BitsToSingle(-1) : 0f;
        ref var tRef = ref MemoryMarshal.GetReference(transmittance);
        ref var aRef = ref MemoryMarshal.GetReference(active);
        ref var lRef = ref MemoryMarshal.GetReference(last);
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
        for (var k = 0; k < keys.Length && remaining > 0; k++)
        {
            ref readonly var s = ref splats[(int)(uint)keys[k]];
            var boxX0 = Math.Max((int)s.X0, tileX);
            var boxX1 = Math.Min((int)s.X1, tileX + width - 1);
            var y0 = Math.Max((int)s.Y0, tileY);
            var y1 = Math.Min((int)s.Y1, tileY + height - 1);
            // alpha >= 1/255 needs power >= ln(1 / (255 opacity)) = floor, i.e. d^T conic d <= q = -2 floor: an ellipse.
            var floor = MathF.Log(MinAlpha / s.Alpha) - 1e-3f;
            var q = -2 * floor;
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
            var index = Vector256.Create(k);
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
                var lastX = Vector256.Create((float)x1);
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
                    var candidate = live & Vector256.GreaterThanOrEqual(local, first) & Vector256.LessThanOrEqual(local, lastX)
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
                    Vector256.ConditionalSelect(add.AsInt32(), index, Vector256.LoadUnsafe(ref lRef, offset)).StoreUnsafe(ref lRef, offset);
                    if (done != Vector256<float>.Zero)
                    {
                        Vector256.AndNot(live, done).StoreUnsafe(ref aRef, offset);
                        remaining -= BitOperations.PopCount(done.ExtractMostSignificantBits());
                    }
                }
            }
        }
    }

    /// <summary>
    /// Gradient of one tile. <paramref name="pixelGradient"/> (3 planes of <see cref="TilePixels"/>) holds dL/dC per pixel,
    /// <paramref name="finalT"/> and <paramref name="last"/> what the forward left; <paramref name="background"/> the
    /// background colour. Writes per key k the Gaussian's summed screen gradient over the tile's pixels into
    /// <paramref name="screenGradient"/>[9k .. 9k + 8] (<see cref="GaussianProjection.ScreenGradientSize"/> layout:
    /// u, v, conic A, B, C, peak alpha, red, green, blue). The alpha clamp at 0.99 stops the geometric and opacity
    /// gradients of that pixel (as the reference's clamp).
    /// </summary>
    public static void BackwardScalar(ReadOnlySpan<ulong> keys, ReadOnlySpan<ProjectedSplat> splats, int tileX, int tileY, int width, int height,
        ReadOnlySpan<float> pixelGradient, ReadOnlySpan<float> finalT, ReadOnlySpan<int> last, Vector3 background, Span<float> screenGradient)
    {
        screenGradient[..(keys.Length * GaussianProjection.ScreenGradientSize)].Clear();
        // Per-pixel state of the back-to-front walk: T_i, the colour behind (S), and the previous (farther) Gaussian's alpha and colour.
        Span<float> t = stackalloc float[TilePixels];
        Span<float> behind = stackalloc float[3 * TilePixels];
        Span<float> lastAlpha = stackalloc float[TilePixels];
        Span<float> lastColour = stackalloc float[3 * TilePixels];
        Span<float> backgroundTerm = stackalloc float[TilePixels];
        var kMax = StartBackward(width, height, pixelGradient, finalT, last, background, t, behind, lastAlpha, lastColour, backgroundTerm);
        for (var k = kMax; k >= 0; k--)
        {
            ref readonly var s = ref splats[(int)(uint)keys[k]];
            var x0 = Math.Max((int)s.X0, tileX);
            var x1 = Math.Min((int)s.X1, tileX + width - 1);
            var y0 = Math.Max((int)s.Y0, tileY);
            var y1 = Math.Min((int)s.Y1, tileY + height - 1);
            float gU = 0, gV = 0, gA = 0, gB = 0, gC = 0, gPeak = 0, gRed = 0, gGreen = 0, gBlue = 0;
            for (var y = y0; y <= y1; y++)
            {
                var dy = y + 0.5f - s.V;
                var row = (y - tileY) * TileSize;
                for (var x = x0; x <= x1; x++)
                {
                    var p = row + x - tileX;
                    if (k > last[p])
                        continue;
                    var dx = x + 0.5f - s.U;
                    var power = (-0.5f * ((s.ConicA * dx * dx) + (s.ConicC * dy * dy))) - (s.ConicB * dx * dy);
                    if (power > 0)
                        continue;
                    var gauss = FastExp.Exp(power);
                    var raw = s.Alpha * gauss;
                    var alpha = MathF.Min(MaxAlpha, raw);
                    if (alpha < MinAlpha)
                        continue;
                    var oneMinus = 1 - alpha;
                    var ti = t[p] / oneMinus;
                    t[p] = ti;
                    float dR = pixelGradient[p], dG = pixelGradient[TilePixels + p], dB = pixelGradient[(2 * TilePixels) + p];
                    var weight = alpha * ti;
                    gRed += weight * dR;
                    gGreen += weight * dG;
                    gBlue += weight * dB;
                    var la = lastAlpha[p];
                    var sR = (la * lastColour[p]) + ((1 - la) * behind[p]);
                    var sG = (la * lastColour[TilePixels + p]) + ((1 - la) * behind[TilePixels + p]);
                    var sB = (la * lastColour[(2 * TilePixels) + p]) + ((1 - la) * behind[(2 * TilePixels) + p]);
                    behind[p] = sR;
                    behind[TilePixels + p] = sG;
                    behind[(2 * TilePixels) + p] = sB;
                    lastColour[p] = s.Red;
                    lastColour[TilePixels + p] = s.Green;
                    lastColour[(2 * TilePixels) + p] = s.Blue;
                    lastAlpha[p] = alpha;
                    if (raw > MaxAlpha)
                        continue;
                    var dAlpha = (ti * (((s.Red - sR) * dR) + ((s.Green - sG) * dG) + ((s.Blue - sB) * dB))) - (backgroundTerm[p] / oneMinus);
                    gPeak += gauss * dAlpha;
                    // alpha = peak exp(power), power = -0.5 (A dx² + C dy²) - B dx dy, dx = x + 0.5 - u.
                    var dPower = raw * dAlpha;
                    gU += dPower * ((s.ConicA * dx) + (s.ConicB * dy));
                    gV += dPower * ((s.ConicC * dy) + (s.ConicB * dx));
                    gA += -0.5f * dPower * dx * dx;
                    gB += -dPower * dx * dy;
                    gC += -0.5f * dPower * dy * dy;
                }
            }
            var slot = screenGradient.Slice(k * GaussianProjection.ScreenGradientSize, GaussianProjection.ScreenGradientSize);
            slot[0] = gU;
            slot[1] = gV;
            slot[2] = gA;
            slot[3] = gB;
            slot[4] = gC;
            slot[5] = gPeak;
            slot[6] = gRed;
            slot[7] = gGreen;
            slot[8] = gBlue;
        }
    }

    /// <summary>Sets up the back-to-front walk's per-pixel state; returns the largest last-contributor index of the tile (-1 when none).</summary>
    private static int StartBackward(int width, int height, ReadOnlySpan<float> pixelGradient, ReadOnlySpan<float> finalT, ReadOnlySpan<int> last,
        Vector3 background, Span<float> t, Span<float> behind, Span<float> lastAlpha, Span<float> lastColour, Span<float> backgroundTerm)
    {
        t.Clear();
        behind.Clear();
        lastAlpha.Clear();
        lastColour.Clear();
        backgroundTerm.Clear();
        var kMax = -1;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var p = (y * TileSize) + x;
                t[p] = finalT[p];
                backgroundTerm[p] = finalT[p] * ((background.X * pixelGradient[p]) + (background.Y * pixelGradient[TilePixels + p]) + (background.Z * pixelGradient[(2 * TilePixels) + p]));
                kMax = Math.Max(kMax, last[p]);
            }
        }
        return kMax;
    }

    /// <summary>
    /// <see cref="BackwardScalar"/> 8 pixels of a tile row at a time with <see cref="Vector256"/>: each lane does the scalar
    /// kernel's arithmetic for its pixel; only the per-Gaussian sums are added in a different order. Rows and row spans
    /// outside the ellipse on which alpha = 1/255 (widened by a pixel) are skipped, as in <see cref="ForwardVector"/>.
    /// <paramref name="last"/> must hold -1 for the tile's pixels outside the image.
    /// </summary>
    /// <inheritdoc cref="BackwardScalar"/>
    public static void BackwardVector(ReadOnlySpan<ulong> keys, ReadOnlySpan<ProjectedSplat> splats, int tileX, int tileY, int width, int height,
        ReadOnlySpan<float> pixelGradient, ReadOnlySpan<float> finalT, ReadOnlySpan<int> last, Vector3 background, Span<float> screenGradient)
    {
        screenGradient[..(keys.Length * GaussianProjection.ScreenGradientSize)].Clear();
        Span<float> t = stackalloc float[TilePixels];
        Span<float> behind = stackalloc float[3 * TilePixels];
        Span<float> lastAlpha = stackalloc float[TilePixels];
        Span<float> lastColour = stackalloc float[3 * TilePixels];
        Span<float> backgroundTerm = stackalloc float[TilePixels];
        var kMax = StartBackward(width, height, pixelGradient, finalT, last, background, t, behind, lastAlpha, lastColour, backgroundTerm);
        ref var tRef = ref MemoryMarshal.GetReference(t);
        ref var sRRef = ref MemoryMarshal.GetReference(behind);
        ref var sGRef = ref Unsafe.Add(ref sRRef, TilePixels);
        ref var sBRef = ref Unsafe.Add(ref sRRef, 2 * TilePixels);
        ref var laRef = ref MemoryMarshal.GetReference(lastAlpha);
        ref var lcRRef = ref MemoryMarshal.GetReference(lastColour);
        ref var lcGRef = ref Unsafe.Add(ref lcRRef, TilePixels);
        ref var lcBRef = ref Unsafe.Add(ref lcRRef, 2 * TilePixels);
        ref var bgRef = ref MemoryMarshal.GetReference(backgroundTerm);
        ref var dRRef = ref MemoryMarshal.GetReference(pixelGradient);
        ref var dGRef = ref Unsafe.Add(ref dRRef, TilePixels);
        ref var dBRef = ref Unsafe.Add(ref dRRef, 2 * TilePixels);
        ref var lastRef = ref MemoryMarshal.GetReference(last);
        var lane = Vector256.Create(0f, 1, 2, 3, 4, 5, 6, 7);
        var half = Vector256.Create(0.5f);
        var minusHalf = Vector256.Create(-0.5f);
        var maxAlpha = Vector256.Create(MaxAlpha);
        var minAlpha = Vector256.Create(MinAlpha);
        var one = Vector256<float>.One;
        var zero = Vector256<float>.Zero;
        for (var k = kMax; k >= 0; k--)
        {
            ref readonly var s = ref splats[(int)(uint)keys[k]];
            var boxX0 = Math.Max((int)s.X0, tileX);
            var boxX1 = Math.Min((int)s.X1, tileX + width - 1);
            var y0 = Math.Max((int)s.Y0, tileY);
            var y1 = Math.Min((int)s.Y1, tileY + height - 1);
            var floor = MathF.Log(MinAlpha / s.Alpha) - 1e-3f;
            var q = -2 * floor;
            var conicDet = (s.ConicA * s.ConicC) - (s.ConicB * s.ConicB);
            var reachY = MathF.Sqrt(q * s.ConicA / conicDet) + 1;
            y0 = Math.Max(y0, (int)MathF.Floor(s.V - 0.5f - reachY));
            y1 = Math.Min(y1, (int)MathF.Ceiling(s.V - 0.5f + reachY));
            var u = Vector256.Create(s.U);
            var conicA = Vector256.Create(s.ConicA);
            var conicB = Vector256.Create(s.ConicB);
            var conicC = Vector256.Create(s.ConicC);
            var peak = Vector256.Create(s.Alpha);
            var red = Vector256.Create(s.Red);
            var green = Vector256.Create(s.Green);
            var blue = Vector256.Create(s.Blue);
            var index = Vector256.Create(k);
            Vector256<float> gU = zero, gV = zero, gA = zero, gB = zero, gC = zero, gPeak = zero, gRed = zero, gGreen = zero, gBlue = zero;
            for (var y = y0; y <= y1; y++)
            {
                var dyScalar = y + 0.5f - s.V;
                var discriminant = (s.ConicB * s.ConicB * dyScalar * dyScalar) - (s.ConicA * ((s.ConicC * dyScalar * dyScalar) - q));
                if (!(discriminant >= 0))
                    continue;
                var root = MathF.Sqrt(discriminant);
                var x0 = Math.Max(boxX0, (int)MathF.Floor(s.U - 0.5f + ((-(s.ConicB * dyScalar) - root) / s.ConicA)) - 1) - tileX;
                var x1 = Math.Min(boxX1, (int)MathF.Ceiling(s.U - 0.5f + ((-(s.ConicB * dyScalar) + root) / s.ConicA)) + 1) - tileX;
                if (x0 > x1)
                    continue;
                var first = Vector256.Create((float)x0);
                var lastX = Vector256.Create((float)x1);
                var dy = Vector256.Create(dyScalar);
                var cdy2 = Vector256.Create(s.ConicC * dyScalar * dyScalar);
                var row = (y - tileY) * TileSize;
                for (var cx = x0 & ~7; cx <= x1; cx += 8)
                {
                    var offset = (nuint)(row + cx);
                    var local = Vector256.Create((float)cx) + lane;
                    var mask = Vector256.GreaterThanOrEqual(local, first) & Vector256.LessThanOrEqual(local, lastX)
                        & Vector256.LessThanOrEqual(index, Vector256.LoadUnsafe(ref lastRef, offset)).AsSingle();
                    if (mask == zero)
                        continue;
                    var dx = (Vector256.Create((float)(tileX + cx)) + lane + half) - u;
                    var power = (minusHalf * ((conicA * dx * dx) + cdy2)) - (conicB * dx * dy);
                    var gauss = FastExp.Exp(power);
                    var raw = peak * gauss;
                    var alpha = Vector256.Min(maxAlpha, raw);
                    var valid = mask & Vector256.LessThanOrEqual(power, zero) & Vector256.GreaterThanOrEqual(alpha, minAlpha);
                    if (valid == zero)
                        continue;
                    var oneMinus = one - alpha;
                    var tOld = Vector256.LoadUnsafe(ref tRef, offset);
                    var ti = tOld / oneMinus;
                    Vector256.ConditionalSelect(valid, ti, tOld).StoreUnsafe(ref tRef, offset);
                    var dR = Vector256.LoadUnsafe(ref dRRef, offset);
                    var dG = Vector256.LoadUnsafe(ref dGRef, offset);
                    var dB = Vector256.LoadUnsafe(ref dBRef, offset);
                    var weight = Vector256.ConditionalSelect(valid, alpha * ti, zero);
                    gRed += weight * dR;
                    gGreen += weight * dG;
                    gBlue += weight * dB;
                    var la = Vector256.LoadUnsafe(ref laRef, offset);
                    var keepBehind = one - la;
                    var sROld = Vector256.LoadUnsafe(ref sRRef, offset);
                    var sGOld = Vector256.LoadUnsafe(ref sGRef, offset);
                    var sBOld = Vector256.LoadUnsafe(ref sBRef, offset);
                    var lcR = Vector256.LoadUnsafe(ref lcRRef, offset);
                    var lcG = Vector256.LoadUnsafe(ref lcGRef, offset);
                    var lcB = Vector256.LoadUnsafe(ref lcBRef, offset);
                    var sR = (la * lcR) + (keepBehind * sROld);
                    var sG = (la * lcG) + (keepBehind * sGOld);
                    var sB = (la * lcB) + (keepBehind * sBOld);
                    Vector256.ConditionalSelect(valid, sR, sROld).StoreUnsafe(ref sRRef, offset);
                    Vector256.ConditionalSelect(valid, sG, sGOld).StoreUnsafe(ref sGRef, offset);
                    Vector256.ConditionalSelect(valid, sB, sBOld).StoreUnsafe(ref sBRef, offset);
                    Vector256.ConditionalSelect(valid, red, lcR).StoreUnsafe(ref lcRRef, offset);
                    Vector256.ConditionalSelect(valid, green, lcG).StoreUnsafe(ref lcGRef, offset);
                    Vector256.ConditionalSelect(valid, blue, lcB).StoreUnsafe(ref lcBRef, offset);
                    Vector256.ConditionalSelect(valid, alpha, la).StoreUnsafe(ref laRef, offset);
                    var geometric = valid & Vector256.LessThanOrEqual(raw, maxAlpha);
                    if (geometric == zero)
                        continue;
                    var dAlpha = (ti * (((red - sR) * dR) + ((green - sG) * dG) + ((blue - sB) * dB))) - (Vector256.LoadUnsafe(ref bgRef, offset) / oneMinus);
                    dAlpha = Vector256.ConditionalSelect(geometric, dAlpha, zero);
                    gPeak += gauss * dAlpha;
                    var dPower = raw * dAlpha;
                    gU += dPower * ((conicA * dx) + (conicB * dy));
                    gV += dPower * ((conicC * dy) + (conicB * dx));
                    var halfPower = minusHalf * dPower;
                    gA += halfPower * dx * dx;
                    gB -= dPower * dx * dy;
                    gC += halfPower * dy * dy;
                }
            }
            var slot = screenGradient.Slice(k * GaussianProjection.ScreenGradientSize, GaussianProjection.ScreenGradientSize);
            slot[0] = Vector256.Sum(gU);
            slot[1] = Vector256.Sum(gV);
            slot[2] = Vector256.Sum(gA);
            slot[3] = Vector256.Sum(gB);
            slot[4] = Vector256.Sum(gC);
            slot[5] = Vector256.Sum(gPeak);
            slot[6] = Vector256.Sum(gRed);
            slot[7] = Vector256.Sum(gGreen);
            slot[8] = Vector256.Sum(gBlue);
        }
    }

    /// <summary>Clears the colour, sets T = 1, last = -1 and marks active the pixels inside the image; returns how many there are.</summary>
    private static int Start(int width, int height, Span<float> colour, Span<float> transmittance, Span<int> last, Span<bool> active)
    {
        colour[..(3 * TilePixels)].Clear();
        transmittance[..TilePixels].Fill(1);
        last[..TilePixels].Fill(-1);
        active.Clear();
        for (var y = 0; y < height; y++)
            active.Slice(y * TileSize, width).Fill(true);
        return width * height;
    }
}
