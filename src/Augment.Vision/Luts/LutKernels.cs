using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Augment.Vision;

/// <summary>
/// 3D LUT application on planar RGB spans (the cube stage; <see cref="ApplyFrame"/> runs a LUT's 1D
/// shaper first through <see cref="Lut1DKernels"/>). <see cref="ApplyReference"/> is the scalar oracle (the
/// textbook six-case tetrahedral split and eight-corner trilinear blend); <see cref="ApplyFast"/>
/// runs eight pixels at a time with AVX2 gathers and a branch-free tetrahedron choice, and falls
/// back to the reference for the tail and on machines without AVX2/FMA.
/// </summary>
/// <remarks>
/// Input x maps to the lattice coordinate p = (x - min) * (N - 1) / (max - min), clamped to
/// [0, N - 1] (NaN maps to 0); the cell is i = min(floor(p), N - 2) and the fraction f = p - i, so the
/// last lattice point is reached exactly with f = 1.
/// </remarks>
internal static class LutKernels
{
    /// <summary>
    /// Pixels per parallel work item: large enough to keep scheduling overhead small, and a multiple
    /// of the SIMD width so that a split run computes every pixel exactly as a single-threaded one.
    /// </summary>
    private const int PixelsPerBand = 1 << 15;

    public static bool FastPathSupported => Avx2.IsSupported && Fma.IsSupported;

    /// <summary>
    /// Applies <paramref name="lut"/> (its <see cref="Lut3D.Shaper"/> first when it has one, and only the
    /// shaper when <see cref="Lut3D.IsCurvesOnly"/>) from the colour planes of <paramref name="source"/> to
    /// those of <paramref name="destination"/> (may be the same frame).
    /// </summary>
    public static void ApplyFrame(ImageFrame source, ImageFrame destination, Lut3D lut, LutInterpolation interpolation, bool useReference, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var curvesOnly = lut.IsCurvesOnly;
        // Planes are contiguous, so bands are pixel ranges rather than whole rows.
        var pixels = source.PixelCount;
        var bands = (pixels + PixelsPerBand - 1) / PixelsPerBand;
        if (budget.MaxThreads == 1 || bands == 1)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ApplyBand(source, destination, lut, curvesOnly, interpolation, useReference, 0, pixels);
            return;
        }
        Parallel.For(0, bands, budget.ToParallelOptions(cancellationToken), band =>
        {
            var start = band * PixelsPerBand;
            ApplyBand(source, destination, lut, curvesOnly, interpolation, useReference, start, Math.Min(PixelsPerBand, pixels - start));
        });
    }

    private static void ApplyBand(ImageFrame source, ImageFrame destination, Lut3D lut, bool curvesOnly, LutInterpolation interpolation, bool useReference, int start, int length)
    {
        ReadOnlySpan<float> r = source.Plane(0).Slice(start, length);
        ReadOnlySpan<float> g = source.Plane(1).Slice(start, length);
        ReadOnlySpan<float> b = source.Plane(2).Slice(start, length);
        var ro = destination.Plane(0).Slice(start, length);
        var go = destination.Plane(1).Slice(start, length);
        var bo = destination.Plane(2).Slice(start, length);
        if (lut.Shaper is { } shaper)
        {
            // The shaper writes the destination, and the cube then runs in place on it (both kernels
            // read a pixel before writing it).
            if (useReference)
                Lut1DKernels.ApplyReference(shaper, r, g, b, ro, go, bo);
            else
                Lut1DKernels.ApplyFast(shaper, r, g, b, ro, go, bo);
            if (curvesOnly)
                return;
            r = ro;
            g = go;
            b = bo;
        }
        if (useReference)
            ApplyReference(lut, interpolation, r, g, b, ro, go, bo);
        else
            ApplyFast(lut, interpolation, r, g, b, ro, go, bo);
    }

    /// <summary>Scalar reference: one pixel at a time, no FMA, the classic formulations.</summary>
    public static void ApplyReference(Lut3D lut, LutInterpolation interpolation, ReadOnlySpan<float> r, ReadOnlySpan<float> g, ReadOnlySpan<float> b, Span<float> rOut, Span<float> gOut, Span<float> bOut)
    {
        CheckLengths(r, g, b, rOut, gOut, bOut);
        var n = lut.Size;
        var lattice = lut.LatticeArray;
        var min = lut.DomainMin;
        var max = lut.DomainMax;
        var scaleR = (n - 1) / (max[0] - min[0]);
        var scaleG = (n - 1) / (max[1] - min[1]);
        var scaleB = (n - 1) / (max[2] - min[2]);
        var strideG = n * 3;
        var strideB = n * n * 3;
        for (var i = 0; i < r.Length; i++)
        {
            Locate((r[i] - min[0]) * scaleR, n, out var ir, out var fr);
            Locate((g[i] - min[1]) * scaleG, n, out var ig, out var fg);
            Locate((b[i] - min[2]) * scaleB, n, out var ib, out var fb);
            var c000 = (ib * strideB) + (ig * strideG) + (ir * 3);
            var c100 = c000 + 3;
            var c010 = c000 + strideG;
            var c110 = c010 + 3;
            var c001 = c000 + strideB;
            var c101 = c001 + 3;
            var c011 = c001 + strideG;
            var c111 = c011 + 3;
            for (var ch = 0; ch < 3; ch++)
            {
                float v;
                if (interpolation == LutInterpolation.Trilinear)
                {
                    var c00 = Lerp(lattice[c000 + ch], lattice[c100 + ch], fr);
                    var c10 = Lerp(lattice[c010 + ch], lattice[c110 + ch], fr);
                    var c01 = Lerp(lattice[c001 + ch], lattice[c101 + ch], fr);
                    var c11 = Lerp(lattice[c011 + ch], lattice[c111 + ch], fr);
                    v = Lerp(Lerp(c00, c10, fg), Lerp(c01, c11, fg), fb);
                }
                else
                {
                    // Kasson, Nin & Plouffe (1995) six-tetrahedron split, the same cases as ffmpeg's lut3d.
                    var p000 = lattice[c000 + ch];
                    var p111 = lattice[c111 + ch];
                    if (fr > fg)
                    {
                        if (fg > fb)
                            v = ((1 - fr) * p000) + ((fr - fg) * lattice[c100 + ch]) + ((fg - fb) * lattice[c110 + ch]) + (fb * p111);
                        else if (fr > fb)
                            v = ((1 - fr) * p000) + ((fr - fb) * lattice[c100 + ch]) + ((fb - fg) * lattice[c101 + ch]) + (fg * p111);
                        else
                            v = ((1 - fb) * p000) + ((fb - fr) * lattice[c001 + ch]) + ((fr - fg) * lattice[c101 + ch]) + (fg * p111);
                    }
                    else
                    {
                        if (fb > fg)
                            v = ((1 - fb) * p000) + ((fb - fg) * lattice[c001 + ch]) + ((fg - fr) * lattice[c011 + ch]) + (fr * p111);
                        else if (fb > fr)
                            v = ((1 - fg) * p000) + ((fg - fb) * lattice[c010 + ch]) + ((fb - fr) * lattice[c011 + ch]) + (fr * p111);
                        else
                            v = ((1 - fg) * p000) + ((fg - fr) * lattice[c010 + ch]) + ((fr - fb) * lattice[c110 + ch]) + (fb * p111);
                    }
                }
                var output = ch == 0 ? rOut : ch == 1 ? gOut : bOut;
                output[i] = v;
            }
        }
    }

    /// <summary>Fast path: AVX2 gathers over eight pixels; the reference for the tail or without AVX2.</summary>
    public static unsafe void ApplyFast(Lut3D lut, LutInterpolation interpolation, ReadOnlySpan<float> r, ReadOnlySpan<float> g, ReadOnlySpan<float> b, Span<float> rOut, Span<float> gOut, Span<float> bOut)
    {
        CheckLengths(r, g, b, rOut, gOut, bOut);
        var done = 0;
        if (FastPathSupported && r.Length >= Vector256<float>.Count)
        {
            fixed (float* lattice = lut.LatticeArray)
            fixed (float* pr = r, pg = g, pb = b, por = rOut, pog = gOut, pob = bOut)
            {
                var geometry = new Geometry(lut);
                done = interpolation == LutInterpolation.Trilinear
                    ? TrilinearAvx2(lattice, in geometry, pr, pg, pb, por, pog, pob, r.Length)
                    : TetrahedralAvx2(lattice, in geometry, pr, pg, pb, por, pog, pob, r.Length);
            }
        }
        if (done < r.Length)
            ApplyReference(lut, interpolation, r[done..], g[done..], b[done..], rOut[done..], gOut[done..], bOut[done..]);
    }

    // Fully optimised on first call: a frame is one call, so tiered start-up code would cost the whole first frame.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int TetrahedralAvx2(float* lattice, in Geometry geo, float* pr, float* pg, float* pb, float* por, float* pog, float* pob, int count)
    {
        var strideR = Vector256.Create(3);
        var strideG = Vector256.Create(geo.StrideG);
        var strideB = Vector256.Create(geo.StrideB);
        var total = Vector256.Create(3 + geo.StrideG + geo.StrideB);
        var one = Vector256.Create(1f);
        var i = 0;
        for (; i <= count - 8; i += 8)
        {
            var fr = Coordinate(Avx.LoadVector256(pr + i), geo.ScaleR, geo.OffsetR, in geo, out var ir);
            var fg = Coordinate(Avx.LoadVector256(pg + i), geo.ScaleG, geo.OffsetG, in geo, out var ig);
            var fb = Coordinate(Avx.LoadVector256(pb + i), geo.ScaleB, geo.OffsetB, in geo, out var ib);
            var index000 = Avx2.Add(Avx2.Add(Avx2.MultiplyLow(ir, strideR), Avx2.MultiplyLow(ig, strideG)), Avx2.MultiplyLow(ib, strideB));

            // Sorting the fractions picks the tetrahedron: walk from corner 000 along the axis of the
            // largest fraction, then the middle one, to corner 111 (weights 1-x1, x1-x2, x2-x3, x3).
            var minRG = Avx.Min(fr, fg);
            var maxRG = Avx.Max(fr, fg);
            var x1 = Avx.Max(maxRG, fb);
            var x3 = Avx.Min(minRG, fb);
            var x2 = Avx.Max(minRG, Avx.Min(maxRG, fb));
            var rLargest = Avx.And(Avx.CompareGreaterThanOrEqual(fr, fg), Avx.CompareGreaterThanOrEqual(fr, fb));
            var gNotBelowB = Avx.CompareGreaterThanOrEqual(fg, fb);
            var rSmallest = Avx.And(Avx.CompareLessThanOrEqual(fr, fg), Avx.CompareLessThanOrEqual(fr, fb));
            var gNotAboveB = Avx.CompareLessThanOrEqual(fg, fb);
            var stepLarge = Select(rLargest, strideR, Select(gNotBelowB, strideG, strideB));
            var stepSmall = Select(rSmallest, strideR, Select(gNotAboveB, strideG, strideB));
            var indexA = Avx2.Add(index000, stepLarge);
            var index111 = Avx2.Add(index000, total);
            var indexAB = Avx2.Subtract(index111, stepSmall);
            var w0 = Avx.Subtract(one, x1);
            var w1 = Avx.Subtract(x1, x2);
            var w2 = Avx.Subtract(x2, x3);

            Avx.Store(por + i, Blend4(lattice, index000, indexA, indexAB, index111, w0, w1, w2, x3));
            Avx.Store(pog + i, Blend4(lattice + 1, index000, indexA, indexAB, index111, w0, w1, w2, x3));
            Avx.Store(pob + i, Blend4(lattice + 2, index000, indexA, indexAB, index111, w0, w1, w2, x3));
        }
        return i;
    }

    // Fully optimised on first call: a frame is one call, so tiered start-up code would cost the whole first frame.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int TrilinearAvx2(float* lattice, in Geometry geo, float* pr, float* pg, float* pb, float* por, float* pog, float* pob, int count)
    {
        var strideR = Vector256.Create(3);
        var strideG = Vector256.Create(geo.StrideG);
        var strideB = Vector256.Create(geo.StrideB);
        var i = 0;
        for (; i <= count - 8; i += 8)
        {
            var fr = Coordinate(Avx.LoadVector256(pr + i), geo.ScaleR, geo.OffsetR, in geo, out var ir);
            var fg = Coordinate(Avx.LoadVector256(pg + i), geo.ScaleG, geo.OffsetG, in geo, out var ig);
            var fb = Coordinate(Avx.LoadVector256(pb + i), geo.ScaleB, geo.OffsetB, in geo, out var ib);
            var i000 = Avx2.Add(Avx2.Add(Avx2.MultiplyLow(ir, strideR), Avx2.MultiplyLow(ig, strideG)), Avx2.MultiplyLow(ib, strideB));
            var i010 = Avx2.Add(i000, strideG);
            var i001 = Avx2.Add(i000, strideB);
            var i011 = Avx2.Add(i001, strideG);
            Avx.Store(por + i, Trilinear(lattice, i000, i010, i001, i011, fr, fg, fb));
            Avx.Store(pog + i, Trilinear(lattice + 1, i000, i010, i001, i011, fr, fg, fb));
            Avx.Store(pob + i, Trilinear(lattice + 2, i000, i010, i001, i011, fr, fg, fb));
        }
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Coordinate(Vector256<float> x, Vector256<float> scale, Vector256<float> offset, in Geometry geo, out Vector256<int> cell)
    {
        var p = Fma.MultiplyAdd(x, scale, offset);
        // MAXPS returns its second operand when either is NaN, so NaN inputs land on 0 as in the reference.
        p = Avx.Min(Avx.Max(p, Vector256<float>.Zero), geo.Last);
        cell = Avx2.Min(Avx.ConvertToVector256Int32WithTruncation(p), geo.LastCell);
        return Avx.Subtract(p, Avx.ConvertToVector256Single(cell));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Select(Vector256<float> mask, Vector256<int> whenTrue, Vector256<int> whenFalse) =>
        Avx.BlendVariable(whenFalse.AsSingle(), whenTrue.AsSingle(), mask).AsInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<float> Blend4(float* channel, Vector256<int> i0, Vector256<int> i1, Vector256<int> i2, Vector256<int> i3, Vector256<float> w0, Vector256<float> w1, Vector256<float> w2, Vector256<float> w3)
    {
        var v = Avx.Multiply(w0, Avx2.GatherVector256(channel, i0, 4));
        v = Fma.MultiplyAdd(w1, Avx2.GatherVector256(channel, i1, 4), v);
        v = Fma.MultiplyAdd(w2, Avx2.GatherVector256(channel, i2, 4), v);
        return Fma.MultiplyAdd(w3, Avx2.GatherVector256(channel, i3, 4), v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<float> Trilinear(float* channel, Vector256<int> i000, Vector256<int> i010, Vector256<int> i001, Vector256<int> i011, Vector256<float> fr, Vector256<float> fg, Vector256<float> fb)
    {
        // Gathering at index + 3 is the neighbour along red (three floats per lattice point).
        var c00 = LerpV(Avx2.GatherVector256(channel, i000, 4), Avx2.GatherVector256(channel + 3, i000, 4), fr);
        var c10 = LerpV(Avx2.GatherVector256(channel, i010, 4), Avx2.GatherVector256(channel + 3, i010, 4), fr);
        var c01 = LerpV(Avx2.GatherVector256(channel, i001, 4), Avx2.GatherVector256(channel + 3, i001, 4), fr);
        var c11 = LerpV(Avx2.GatherVector256(channel, i011, 4), Avx2.GatherVector256(channel + 3, i011, 4), fr);
        return LerpV(LerpV(c00, c10, fg), LerpV(c01, c11, fg), fb);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> LerpV(Vector256<float> a, Vector256<float> b, Vector256<float> t) =>
        Fma.MultiplyAdd(Avx.Subtract(b, a), t, a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Locate(float p, int n, out int cell, out float fraction)
    {
        // Written so that NaN fails the first test and lands on 0.
        if (!(p > 0f))
            p = 0f;
        else if (p > n - 1)
            p = n - 1;
        cell = Math.Min((int)p, n - 2);
        fraction = p - cell;
    }

    private static float Lerp(float a, float b, float t) => a + ((b - a) * t);

    private static void CheckLengths(ReadOnlySpan<float> r, ReadOnlySpan<float> g, ReadOnlySpan<float> b, Span<float> rOut, Span<float> gOut, Span<float> bOut)
    {
        if (g.Length != r.Length || b.Length != r.Length || rOut.Length != r.Length || gOut.Length != r.Length || bOut.Length != r.Length)
            throw new ArgumentException("All six planes must have the same length.");
    }

    /// <summary>Per-LUT constants broadcast once per call.</summary>
    private readonly struct Geometry
    {
        public Geometry(Lut3D lut)
        {
            var n = lut.Size;
            var min = lut.DomainMin;
            var max = lut.DomainMax;
            // p = (x - min) * scale is evaluated as x * scale + (-min * scale) with one FMA.
            var sr = (n - 1) / (max[0] - min[0]);
            var sg = (n - 1) / (max[1] - min[1]);
            var sb = (n - 1) / (max[2] - min[2]);
            ScaleR = Vector256.Create(sr);
            ScaleG = Vector256.Create(sg);
            ScaleB = Vector256.Create(sb);
            OffsetR = Vector256.Create(-min[0] * sr);
            OffsetG = Vector256.Create(-min[1] * sg);
            OffsetB = Vector256.Create(-min[2] * sb);
            Last = Vector256.Create((float)(n - 1));
            LastCell = Vector256.Create(n - 2);
            StrideG = n * 3;
            StrideB = n * n * 3;
        }

        public Vector256<float> ScaleR { get; }
        public Vector256<float> ScaleG { get; }
        public Vector256<float> ScaleB { get; }
        public Vector256<float> OffsetR { get; }
        public Vector256<float> OffsetG { get; }
        public Vector256<float> OffsetB { get; }
        public Vector256<float> Last { get; }
        public Vector256<int> LastCell { get; }
        public int StrideG { get; }
        public int StrideB { get; }
    }
}
