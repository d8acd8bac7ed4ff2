using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Augment.Vision;

/// <summary>
/// SIMD forms of the <see cref="HdrKernels"/> row kernels (which stay as the scalar reference and the
/// test oracle). A row is processed in chunks of <see cref="ChunkPixels"/>: the colour matrices, the
/// BT.2390 Hermite knee and the BT.2446-1 method A curves run on <see cref="Vector256{T}"/> of doubles
/// (eight floats widened to two vectors, as in <see cref="TransferKernels"/>), and the PQ, BT.1886 and
/// sRGB curves run through the <see cref="TransferKernels"/> span kernels. Elements after the last
/// whole vector go through the scalar reference.
/// </summary>
/// <remarks>
/// Non-finite input follows the reference exactly: a NaN channel (or, for the BT.2390 EETF, any
/// infinite channel, whose one gain for all three channels becomes ∞·0) makes all three outputs NaN; for
/// BT.2446-1 method A and SDR→HDR, infinities clamp like large values. The SIMD code computes such
/// lanes with whatever garbage they hold and then adds a "poison" value (0, or NaN for those lanes), so
/// no branch is needed.
/// </remarks>
internal static class HdrSimdKernels
{
    /// <summary>Pixels per chunk: the scratch spans live on the stack.</summary>
    internal const int ChunkPixels = 256;

    private static readonly ColorMatrix3x3 Rec2020ToRec709 = ColorPrimaries.RgbToRgb(RgbPrimaries.Rec2020, RgbPrimaries.Rec709);
    private static readonly ColorMatrix3x3 Rec709ToRec2020 = ColorPrimaries.RgbToRgb(RgbPrimaries.Rec709, RgbPrimaries.Rec2020);

    /// <summary>Whether the vector path runs (otherwise every call falls through to the reference).</summary>
    internal static bool IsSupported => Vector256.IsHardwareAccelerated;

    /// <summary>The SIMD form of <see cref="HdrKernels.ToSdrRow"/>; same inputs, same outputs within float rounding.</summary>
    internal static void ToSdrRow(in Bt2390Eetf eetf, HdrToSdrOptions options, Span<float> red, Span<float> green, Span<float> blue)
    {
        var vectorLength = IsSupported ? red.Length - (red.Length % Vector256<float>.Count) : 0;
        Span<float> scratch = stackalloc float[ChunkPixels];
        Span<float> poison = stackalloc float[ChunkPixels];
        for (var start = 0; start < vectorLength; start += ChunkPixels)
        {
            var n = Math.Min(ChunkPixels, vectorLength - start);
            Span<float> r = red.Slice(start, n), g = green.Slice(start, n), b = blue.Slice(start, n);
            if (options.Method == HdrToSdrMethod.Bt2390Eetf)
                EetfChunk(in eetf, options.TargetMaxNits, r, g, b, scratch[..n], poison[..n]);
            else
                Bt2446ForwardChunk(options.SourceMaxNits, r, g, b, poison[..n], scratch[..n]);
            Encode(options.Output, r);
            Encode(options.Output, g);
            Encode(options.Output, b);
            AddPoison(r, poison[..n]);
            AddPoison(g, poison[..n]);
            AddPoison(b, poison[..n]);
        }
        if (vectorLength < red.Length)
            HdrKernels.ToSdrRow(eetf, options, red[vectorLength..], green[vectorLength..], blue[vectorLength..]);
    }

    /// <summary>The SIMD form of <see cref="HdrKernels.ToHdrRow"/>; same inputs, same outputs within float rounding.</summary>
    internal static void ToHdrRow(double peakNits, Span<float> red, Span<float> green, Span<float> blue)
    {
        var vectorLength = IsSupported ? red.Length - (red.Length % Vector256<float>.Count) : 0;
        Span<float> poison = stackalloc float[ChunkPixels];
        var scale = (float)(peakNits / HdrReference.SdrWhiteNits);
        for (var start = 0; start < vectorLength; start += ChunkPixels)
        {
            var n = Math.Min(ChunkPixels, vectorLength - start);
            Span<float> r = red.Slice(start, n), g = green.Slice(start, n), b = blue.Slice(start, n);
            // Rec.709 → Rec.2020, clipped to the SDR cube; method A takes R'G'B' with a 1/2.4 power.
            MatrixClampChunk(Rec709ToRec2020, 1.0, r, g, b, poison[..n]);
            TransferKernels.FromLinear(TransferFunction.Bt1886, r, r);
            TransferKernels.FromLinear(TransferFunction.Bt1886, g, g);
            TransferKernels.FromLinear(TransferFunction.Bt1886, b, b);
            Bt2446InverseChunk(r, g, b);
            TransferKernels.ToLinear(TransferFunction.Bt1886, r, r);
            TransferKernels.ToLinear(TransferFunction.Bt1886, g, g);
            TransferKernels.ToLinear(TransferFunction.Bt1886, b, b);
            ScaleAndPoison(r, scale, poison[..n]);
            ScaleAndPoison(g, scale, poison[..n]);
            ScaleAndPoison(b, scale, poison[..n]);
        }
        if (vectorLength < red.Length)
            HdrKernels.ToHdrRow(peakNits, red[vectorLength..], green[vectorLength..], blue[vectorLength..]);
    }

    /// <summary>
    /// BT.2390 EETF on max(R, G, B) in Rec.709 with one gain per pixel (see <see cref="HdrKernels.ToSdrRow"/>):
    /// the rows leave as linear Rec.709 relative to the target peak, clipped to 0..1.
    /// </summary>
    private static void EetfChunk(in Bt2390Eetf eetf, double targetMaxNits, Span<float> r, Span<float> g, Span<float> b, Span<float> peakPq, Span<float> poison)
    {
        // Rec.2020 → Rec.709 in nits; the peak goes to the PQ curve as luminance / 10000.
        var m = Rec2020ToRec709;
        var nits = HdrReference.SdrWhiteNits;
        ref var pr = ref MemoryMarshal.GetReference(r);
        ref var pg = ref MemoryMarshal.GetReference(g);
        ref var pb = ref MemoryMarshal.GetReference(b);
        ref var pp = ref MemoryMarshal.GetReference(peakPq);
        ref var px = ref MemoryMarshal.GetReference(poison);
        for (nuint i = 0; i < (nuint)r.Length; i += 8)
        {
            var (r0, r1) = Vector256.Widen(Vector256.LoadUnsafe(ref pr, i));
            var (g0, g1) = Vector256.Widen(Vector256.LoadUnsafe(ref pg, i));
            var (b0, b1) = Vector256.Widen(Vector256.LoadUnsafe(ref pb, i));
            Transform(m, nits, ref r0, ref g0, ref b0);
            Transform(m, nits, ref r1, ref g1, ref b1);
            Vector256.Narrow(r0, r1).StoreUnsafe(ref pr, i);
            Vector256.Narrow(g0, g1).StoreUnsafe(ref pg, i);
            Vector256.Narrow(b0, b1).StoreUnsafe(ref pb, i);
            var peak0 = Vector256.Max(Vector256.Max(r0, g0), b0);
            var peak1 = Vector256.Max(Vector256.Max(r1, g1), b1);
            Vector256.Narrow(peak0 / HdrReference.PqPeakNits, peak1 / HdrReference.PqPeakNits).StoreUnsafe(ref pp, i);
            // x·0 is 0 for finite x and NaN for NaN or ±∞: the reference's outputs are NaN exactly then.
            Vector256.Narrow((r0 + g0 + b0) * 0.0, (r1 + g1 + b1) * 0.0).StoreUnsafe(ref px, i);
        }

        TransferKernels.FromLinear(TransferFunction.Pq, peakPq, peakPq);
        MapPq(in eetf, peakPq);
        TransferKernels.ToLinear(TransferFunction.Pq, peakPq, peakPq);

        // gain = EETF(peak) / peak / target peak, 0 for a black or negative peak.
        var toTarget = Vector256.Create((float)(HdrReference.PqPeakNits / targetMaxNits));
        for (nuint i = 0; i < (nuint)r.Length; i += 8)
        {
            var vr = Vector256.LoadUnsafe(ref pr, i);
            var vg = Vector256.LoadUnsafe(ref pg, i);
            var vb = Vector256.LoadUnsafe(ref pb, i);
            var peak = Vector256.Max(Vector256.Max(vr, vg), vb);
            var gain = Vector256.ConditionalSelect(Vector256.GreaterThan(peak, Vector256<float>.Zero),
                Vector256.LoadUnsafe(ref pp, i) * toTarget / peak, Vector256<float>.Zero);
            Clamp01(vr * gain).StoreUnsafe(ref pr, i);
            Clamp01(vg * gain).StoreUnsafe(ref pg, i);
            Clamp01(vb * gain).StoreUnsafe(ref pb, i);
        }
    }

    /// <summary>The BT.2390 Hermite knee and black lift (<see cref="Bt2390Eetf.MapPq"/>) on a span of PQ signals, in place.</summary>
    private static void MapPq(in Bt2390Eetf eetf, Span<float> signal)
    {
        var black = Vector256.Create(eetf.SourceBlackPq);
        var range = Vector256.Create(eetf.SourceRangePq);
        var knee = Vector256.Create(eetf.KneeStart);
        var maxLum = Vector256.Create(eetf.MaxLum);
        var minLum = eetf.MinLum;
        var hasKnee = eetf.MaxLum < 1.0;
        var inverseSpan = Vector256.Create(1.0 / (1.0 - eetf.KneeStart));
        var oneMinusKnee = Vector256.Create(1.0 - eetf.KneeStart);
        ref var p = ref MemoryMarshal.GetReference(signal);
        for (nuint i = 0; i < (nuint)signal.Length; i += 8)
        {
            var (lower, upper) = Vector256.Widen(Vector256.LoadUnsafe(ref p, i));
            Vector256.Narrow(Map(lower), Map(upper)).StoreUnsafe(ref p, i);
        }

        Vector256<double> Map(Vector256<double> pq)
        {
            var e1 = Clamp01((pq - black) / range);
            var e2 = e1;
            if (hasKnee)
            {
                // Hermite spline between (KS, KS) with slope 1 and (1, maxLum) with slope 0.
                var t = (e1 - knee) * inverseSpan;
                var t2 = t * t;
                var t3 = t2 * t;
                var spline = (((2.0 * t3) - (3.0 * t2) + Vector256<double>.One) * knee)
                    + ((t3 - (2.0 * t2) + t) * oneMinusKnee)
                    + (((-2.0 * t3) + (3.0 * t2)) * maxLum);
                e2 = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(e1, knee), spline, e1);
            }
            if (minLum > 0.0)
            {
                var d = Vector256<double>.One - e2;
                var d2 = d * d;
                e2 += minLum * d2 * d2;
            }
            return (e2 * range) + black;
        }
    }

    /// <summary>
    /// BT.2446-1 method A forward mapping (<see cref="Bt2446MethodA.Forward"/> as <see cref="HdrKernels.ToSdrRow"/>
    /// calls it): the rows leave as linear Rec.709, clipped to 0..1.
    /// </summary>
    private static void Bt2446ForwardChunk(double sourceMaxNits, Span<float> r, Span<float> g, Span<float> b, Span<float> poison, Span<float> scratch)
    {
        // Relative to the source peak and clipped to 0..1 (infinities clamp as in the reference), then R'G'B'.
        ScaleClampChunk(sourceMaxNits, r, g, b, poison);
        TransferKernels.FromLinear(TransferFunction.Bt1886, r, r);
        TransferKernels.FromLinear(TransferFunction.Bt1886, g, g);
        TransferKernels.FromLinear(TransferFunction.Bt1886, b, b);

        var rhoHdr = Bt2446MethodA.Rho(sourceMaxNits);
        var rhoSdr = Bt2446MethodA.Rho(100.0);
        var logRhoHdr = Math.Log(rhoHdr);
        var logRhoSdr = Math.Log(rhoSdr);
        ref var pr = ref MemoryMarshal.GetReference(r);
        ref var pg = ref MemoryMarshal.GetReference(g);
        ref var pb = ref MemoryMarshal.GetReference(b);
        for (nuint i = 0; i < (nuint)r.Length; i += 8)
        {
            var (r0, r1) = Vector256.Widen(Vector256.LoadUnsafe(ref pr, i));
            var (g0, g1) = Vector256.Widen(Vector256.LoadUnsafe(ref pg, i));
            var (b0, b1) = Vector256.Widen(Vector256.LoadUnsafe(ref pb, i));
            Forward(ref r0, ref g0, ref b0, rhoHdr, logRhoHdr, rhoSdr, logRhoSdr);
            Forward(ref r1, ref g1, ref b1, rhoHdr, logRhoHdr, rhoSdr, logRhoSdr);
            Vector256.Narrow(r0, r1).StoreUnsafe(ref pr, i);
            Vector256.Narrow(g0, g1).StoreUnsafe(ref pg, i);
            Vector256.Narrow(b0, b1).StoreUnsafe(ref pb, i);
        }

        // Back to linear light (BT.1886), then Rec.2020 → Rec.709, clipped to the SDR cube.
        TransferKernels.ToLinear(TransferFunction.Bt1886, r, r);
        TransferKernels.ToLinear(TransferFunction.Bt1886, g, g);
        TransferKernels.ToLinear(TransferFunction.Bt1886, b, b);
        MatrixClampChunk(Rec2020ToRec709, 1.0, r, g, b, scratch);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Forward(ref Vector256<double> red, ref Vector256<double> green, ref Vector256<double> blue,
        double rhoHdr, double logRhoHdr, double rhoSdr, double logRhoSdr)
    {
        var luma = (Bt2446MethodA.LumaRed * red) + (Bt2446MethodA.LumaGreen * green) + (Bt2446MethodA.LumaBlue * blue);
        // Step 1: perceptually linear, Y'p = log(1 + (ρ_HDR − 1)·Y') / log(ρ_HDR).
        var yp = Vector256.Log(Vector256<double>.One + ((rhoHdr - 1.0) * Clamp01(luma))) / logRhoHdr;
        // Step 2: the knee in the perceptual domain.
        var yc = Vector256.ConditionalSelect(Vector256.LessThanOrEqual(yp, Vector256.Create(0.7399)), 1.0770 * yp,
            Vector256.ConditionalSelect(Vector256.LessThan(yp, Vector256.Create(0.9909)),
                ((-1.1510 * yp) + Vector256.Create(2.7811)) * yp - Vector256.Create(0.6302),
                (0.5 * yp) + Vector256.Create(0.5)));
        // Step 3: back to the gamma domain, Y'_SDR = (ρ_SDR^Y'c − 1) / (ρ_SDR − 1).
        var lumaSdr = (Vector256.Exp(yc * logRhoSdr) - Vector256<double>.One) / (rhoSdr - 1.0);
        // Colour correction: C'tmo = Y'_SDR / (1.1·Y') · C', Y'tmo = Y'_SDR − max(0.1·C'r,tmo, 0).
        var scale = lumaSdr / (1.1 * luma);
        var cb = scale * (blue - luma) / Bt2446MethodA.CbScale;
        var cr = scale * (red - luma) / Bt2446MethodA.CrScale;
        var y = lumaSdr - Vector256.Max(0.1 * cr, Vector256<double>.Zero);
        var positive = Vector256.GreaterThan(luma, Vector256<double>.Zero);
        // Black (Y' ≤ 0) maps to black; negative R'G'B' are cut before the display EOTF.
        red = Vector256.Max(Vector256.ConditionalSelect(positive, y + (Bt2446MethodA.CrScale * cr), Vector256<double>.Zero), Vector256<double>.Zero);
        green = Vector256.Max(Vector256.ConditionalSelect(positive,
            y - ((Bt2446MethodA.LumaBlue * Bt2446MethodA.CbScale / Bt2446MethodA.LumaGreen) * cb) - ((Bt2446MethodA.LumaRed * Bt2446MethodA.CrScale / Bt2446MethodA.LumaGreen) * cr),
            Vector256<double>.Zero), Vector256<double>.Zero);
        blue = Vector256.Max(Vector256.ConditionalSelect(positive, y + (Bt2446MethodA.CbScale * cb), Vector256<double>.Zero), Vector256<double>.Zero);
    }

    /// <summary>BT.2446-1 method A inverse (<see cref="Bt2446MethodA.Inverse"/>) on R'G'B' rows, in place, before the 2.4 power.</summary>
    private static void Bt2446InverseChunk(Span<float> r, Span<float> g, Span<float> b)
    {
        ref var pr = ref MemoryMarshal.GetReference(r);
        ref var pg = ref MemoryMarshal.GetReference(g);
        ref var pb = ref MemoryMarshal.GetReference(b);
        for (nuint i = 0; i < (nuint)r.Length; i += 8)
        {
            var (r0, r1) = Vector256.Widen(Vector256.LoadUnsafe(ref pr, i));
            var (g0, g1) = Vector256.Widen(Vector256.LoadUnsafe(ref pg, i));
            var (b0, b1) = Vector256.Widen(Vector256.LoadUnsafe(ref pb, i));
            Inverse(ref r0, ref g0, ref b0);
            Inverse(ref r1, ref g1, ref b1);
            Vector256.Narrow(r0, r1).StoreUnsafe(ref pr, i);
            Vector256.Narrow(g0, g1).StoreUnsafe(ref pg, i);
            Vector256.Narrow(b0, b1).StoreUnsafe(ref pb, i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Inverse(ref Vector256<double> red, ref Vector256<double> green, ref Vector256<double> blue)
    {
        var luma = (Bt2446MethodA.LumaRed * red) + (Bt2446MethodA.LumaGreen * green) + (Bt2446MethodA.LumaBlue * blue);
        var cb = (blue - luma) / Bt2446MethodA.CbScale;
        var cr = (red - luma) / Bt2446MethodA.CrScale;
        // Y'_HDR = Y''^E(Y''), Y'' = 255·Y', with the two-segment exponent; / 1000 for 0..1.
        var y = 255.0 * Clamp01(luma);
        var exponent = Vector256.ConditionalSelect(Vector256.LessThanOrEqual(y, Vector256.Create(Bt2446MethodA.SegmentSwitch)),
            (((Bt2446MethodA.A1 * y) + Vector256.Create(Bt2446MethodA.B1)) * y) + Vector256.Create(Bt2446MethodA.C1),
            (((Bt2446MethodA.A2 * y) + Vector256.Create(Bt2446MethodA.B2)) * y) + Vector256.Create(Bt2446MethodA.C2));
        var positiveY = Vector256.GreaterThan(y, Vector256<double>.Zero);
        var lumaHdr = Vector256.ConditionalSelect(positiveY, Vector256.Exp(exponent * Vector256.Log(y)), Vector256<double>.Zero) / Bt2446MethodA.InversePeak;
        var gain = Vector256.ConditionalSelect(Vector256.GreaterThan(luma, Vector256<double>.Zero),
            Bt2446MethodA.InverseChromaGain * lumaHdr / luma, Vector256.Create(1.0 / Bt2446MethodA.InversePeak));
        cb *= gain;
        cr *= gain;
        red = Clamp01(lumaHdr + (Bt2446MethodA.CrScale * cr));
        green = Clamp01(lumaHdr - ((Bt2446MethodA.LumaBlue * Bt2446MethodA.CbScale / Bt2446MethodA.LumaGreen) * cb) - ((Bt2446MethodA.LumaRed * Bt2446MethodA.CrScale / Bt2446MethodA.LumaGreen) * cr));
        blue = Clamp01(lumaHdr + (Bt2446MethodA.CbScale * cb));
    }

    /// <summary>
    /// (R, G, B) ← clamp((R, G, B) · SDR white / source peak, 0, 1) in double lanes, in the reference's
    /// order of operations; <paramref name="poison"/> gets NaN where any input is NaN, else 0.
    /// </summary>
    private static void ScaleClampChunk(double sourceMaxNits, Span<float> r, Span<float> g, Span<float> b, Span<float> poison)
    {
        var scale = 1.0 / sourceMaxNits;
        ref var pr = ref MemoryMarshal.GetReference(r);
        ref var pg = ref MemoryMarshal.GetReference(g);
        ref var pb = ref MemoryMarshal.GetReference(b);
        ref var px = ref MemoryMarshal.GetReference(poison);
        for (nuint i = 0; i < (nuint)r.Length; i += 8)
        {
            var (r0, r1) = Vector256.Widen(Vector256.LoadUnsafe(ref pr, i));
            var (g0, g1) = Vector256.Widen(Vector256.LoadUnsafe(ref pg, i));
            var (b0, b1) = Vector256.Widen(Vector256.LoadUnsafe(ref pb, i));
            Vector256.Narrow(NanPoison(r0, g0, b0), NanPoison(r1, g1, b1)).StoreUnsafe(ref px, i);
            Vector256.Narrow(Clamp01(r0 * HdrReference.SdrWhiteNits * scale), Clamp01(r1 * HdrReference.SdrWhiteNits * scale)).StoreUnsafe(ref pr, i);
            Vector256.Narrow(Clamp01(g0 * HdrReference.SdrWhiteNits * scale), Clamp01(g1 * HdrReference.SdrWhiteNits * scale)).StoreUnsafe(ref pg, i);
            Vector256.Narrow(Clamp01(b0 * HdrReference.SdrWhiteNits * scale), Clamp01(b1 * HdrReference.SdrWhiteNits * scale)).StoreUnsafe(ref pb, i);
        }
    }

    /// <summary>
    /// (R, G, B) ← clamp(scale · M·(R, G, B), 0, 1) in double lanes; <paramref name="poison"/> gets NaN where the
    /// product holds a NaN, else 0.
    /// </summary>
    private static void MatrixClampChunk(ColorMatrix3x3 m, double scale, Span<float> r, Span<float> g, Span<float> b, Span<float> poison)
    {
        ref var pr = ref MemoryMarshal.GetReference(r);
        ref var pg = ref MemoryMarshal.GetReference(g);
        ref var pb = ref MemoryMarshal.GetReference(b);
        ref var px = ref MemoryMarshal.GetReference(poison);
        for (nuint i = 0; i < (nuint)r.Length; i += 8)
        {
            var (r0, r1) = Vector256.Widen(Vector256.LoadUnsafe(ref pr, i));
            var (g0, g1) = Vector256.Widen(Vector256.LoadUnsafe(ref pg, i));
            var (b0, b1) = Vector256.Widen(Vector256.LoadUnsafe(ref pb, i));
            Transform(m, scale, ref r0, ref g0, ref b0);
            Transform(m, scale, ref r1, ref g1, ref b1);
            Vector256.Narrow(NanPoison(r0, g0, b0), NanPoison(r1, g1, b1)).StoreUnsafe(ref px, i);
            Vector256.Narrow(Clamp01(r0), Clamp01(r1)).StoreUnsafe(ref pr, i);
            Vector256.Narrow(Clamp01(g0), Clamp01(g1)).StoreUnsafe(ref pg, i);
            Vector256.Narrow(Clamp01(b0), Clamp01(b1)).StoreUnsafe(ref pb, i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transform(ColorMatrix3x3 m, double scale, ref Vector256<double> r, ref Vector256<double> g, ref Vector256<double> b)
    {
        // Scaled first and multiplied after, in the reference's order, so that the rounding matches.
        r *= scale;
        g *= scale;
        b *= scale;
        var x = (m.M11 * r) + (m.M12 * g) + (m.M13 * b);
        var y = (m.M21 * r) + (m.M22 * g) + (m.M23 * b);
        var z = (m.M31 * r) + (m.M32 * g) + (m.M33 * b);
        r = x;
        g = y;
        b = z;
    }

    /// <summary>0 in lanes where all three are numbers, NaN where any is NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> NanPoison(Vector256<double> r, Vector256<double> g, Vector256<double> b)
    {
        var numbers = Vector256.Equals(r, r) & Vector256.Equals(g, g) & Vector256.Equals(b, b);
        return Vector256.ConditionalSelect(numbers, Vector256<double>.Zero, Vector256.Create(double.NaN));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Clamp01(Vector256<double> x) => Vector256.Min(Vector256.Max(x, Vector256<double>.Zero), Vector256<double>.One);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Clamp01(Vector256<float> x) => Vector256.Min(Vector256.Max(x, Vector256<float>.Zero), Vector256<float>.One);

    private static void Encode(ColorSpace output, Span<float> row)
    {
        if (output == ColorSpace.Srgb)
            TransferKernels.FromLinear(TransferFunction.Srgb, row, row);
        else if (output == ColorSpace.Rec709)
            TransferKernels.FromLinear(TransferFunction.Bt1886, row, row);
    }

    private static void AddPoison(Span<float> row, ReadOnlySpan<float> poison)
    {
        ref var p = ref MemoryMarshal.GetReference(row);
        ref var x = ref MemoryMarshal.GetReference(poison);
        for (nuint i = 0; i < (nuint)row.Length; i += 8)
            (Vector256.LoadUnsafe(ref p, i) + Vector256.LoadUnsafe(ref x, i)).StoreUnsafe(ref p, i);
    }

    private static void ScaleAndPoison(Span<float> row, float scale, ReadOnlySpan<float> poison)
    {
        ref var p = ref MemoryMarshal.GetReference(row);
        ref var x = ref MemoryMarshal.GetReference(poison);
        for (nuint i = 0; i < (nuint)row.Length; i += 8)
            ((Vector256.LoadUnsafe(ref p, i) * scale) + Vector256.LoadUnsafe(ref x, i)).StoreUnsafe(ref p, i);
    }
}
