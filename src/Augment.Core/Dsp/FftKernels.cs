using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Augment;

/// <summary>
/// Stockham autosort butterflies on split real/imaginary arrays (forward sign, W = e^(-2πi/L)).
/// A pass reads x[q + s·(p + j·m)] and writes y[q + s·(r·p + k)] = (Σ_j x_j·W_r^(jk))·W_L^(pk);
/// the innermost loop runs over q, the stride, which is contiguous in both arrays, so one
/// Vector&lt;float&gt; (eight lanes with AVX2, four with NEON or SSE) handles that many butterflies at
/// once whenever the stride allows and a scalar tail finishes the rest. The first two radix-4
/// passes (strides 1 and 4) have Vector256 kernels of their own.
/// The transform needs no bit reversal. Scalar reference: <see cref="DirectDft"/> (double precision).
/// </summary>
internal static class FftKernels
{
    private const float Sin60 = 0.866025403784438646763723170752936183f;
    private static readonly float Cos72 = (float)Math.Cos(2 * Math.PI / 5);
    private static readonly float Cos144 = (float)Math.Cos(4 * Math.PI / 5);
    private static readonly float Sin72 = (float)Math.Sin(2 * Math.PI / 5);
    private static readonly float Sin144 = (float)Math.Sin(4 * Math.PI / 5);

    /// <summary>Runs one pass from (xr, xi) into (yr, yi).</summary>
    public static void Pass(FftStage stage, ReadOnlySpan<float> xr, ReadOnlySpan<float> xi, Span<float> yr, Span<float> yi)
    {
        switch (stage.Radix)
        {
            case 2: Radix2(stage, xr, xi, yr, yi); break;
            case 3: Radix3(stage, xr, xi, yr, yi); break;
            case 4 when stage.Stride == 1 && Avx.IsSupported && stage.Span >= 8: Radix4Stride1(stage, xr, xi, yr, yi); break;
            case 4 when stage.Stride == 4 && Vector256.IsHardwareAccelerated && stage.Span >= 2: Radix4Stride4(stage, xr, xi, yr, yi); break;
            case 4: Radix4(stage, xr, xi, yr, yi, 0); break;
            case 5: Radix5(stage, xr, xi, yr, yi); break;
            default: RadixOdd(stage, xr, xi, yr, yi); break;
        }
    }

    private static void Radix2(FftStage stage, ReadOnlySpan<float> xRe, ReadOnlySpan<float> xIm, Span<float> yRe, Span<float> yIm)
    {
        int s = stage.Stride, m = stage.Span;
        ref var xr = ref MemoryMarshal.GetReference(xRe);
        ref var xi = ref MemoryMarshal.GetReference(xIm);
        ref var yr = ref MemoryMarshal.GetReference(yRe);
        ref var yi = ref MemoryMarshal.GetReference(yIm);
        var tr = stage.TwiddleReal;
        var ti = stage.TwiddleImag;
        var vector = Vector.IsHardwareAccelerated && s >= Vector<float>.Count;
        for (var p = 0; p < m; p++)
        {
            float w1r = tr[p], w1i = ti[p];
            nuint i0 = (nuint)(s * p), i1 = (nuint)(s * (p + m));
            nuint o0 = (nuint)(s * 2 * p), o1 = o0 + (nuint)s;
            var q = 0;
            if (vector)
            {
                var vw1r = new Vector<float>(w1r);
                var vw1i = new Vector<float>(w1i);
                for (; q <= s - Vector<float>.Count; q += Vector<float>.Count)
                {
                    var nq = (nuint)q;
                    var a0r = Vector.LoadUnsafe(ref xr, i0 + nq);
                    var a0i = Vector.LoadUnsafe(ref xi, i0 + nq);
                    var a1r = Vector.LoadUnsafe(ref xr, i1 + nq);
                    var a1i = Vector.LoadUnsafe(ref xi, i1 + nq);
                    (a0r + a1r).StoreUnsafe(ref yr, o0 + nq);
                    (a0i + a1i).StoreUnsafe(ref yi, o0 + nq);
                    var dr = a0r - a1r;
                    var di = a0i - a1i;
                    ((dr * vw1r) - (di * vw1i)).StoreUnsafe(ref yr, o1 + nq);
                    ((dr * vw1i) + (di * vw1r)).StoreUnsafe(ref yi, o1 + nq);
                }
            }
            for (; q < s; q++)
            {
                var nq = (nuint)q;
                float a0r = Unsafe.Add(ref xr, i0 + nq), a0i = Unsafe.Add(ref xi, i0 + nq);
                float a1r = Unsafe.Add(ref xr, i1 + nq), a1i = Unsafe.Add(ref xi, i1 + nq);
                Unsafe.Add(ref yr, o0 + nq) = a0r + a1r;
                Unsafe.Add(ref yi, o0 + nq) = a0i + a1i;
                float dr = a0r - a1r, di = a0i - a1i;
                Unsafe.Add(ref yr, o1 + nq) = (dr * w1r) - (di * w1i);
                Unsafe.Add(ref yi, o1 + nq) = (dr * w1i) + (di * w1r);
            }
        }
    }

    /// <summary>
    /// The first radix-4 pass (stride 1) vectorised over p instead of q: inputs x[p + j·m] and the
    /// k-major twiddles are contiguous in p; the four outputs per p (y[4p + k]) are interleaved with
    /// a 4×8 AVX transpose. The scalar loop finishes the last m mod 8 butterflies.
    /// </summary>
    private static void Radix4Stride1(FftStage stage, ReadOnlySpan<float> xRe, ReadOnlySpan<float> xIm, Span<float> yRe, Span<float> yIm)
    {
        var m = stage.Span;
        ref var xr = ref MemoryMarshal.GetReference(xRe);
        ref var xi = ref MemoryMarshal.GetReference(xIm);
        ref var yr = ref MemoryMarshal.GetReference(yRe);
        ref var yi = ref MemoryMarshal.GetReference(yIm);
        ref var tr = ref MemoryMarshal.GetArrayDataReference(stage.TwiddleReal);
        ref var ti = ref MemoryMarshal.GetArrayDataReference(stage.TwiddleImag);
        var um = (nuint)m;
        var p = 0;
        for (; p <= m - 8; p += 8)
        {
            var np = (nuint)p;
            var a0r = Vector256.LoadUnsafe(ref xr, np);
            var a0i = Vector256.LoadUnsafe(ref xi, np);
            var a1r = Vector256.LoadUnsafe(ref xr, np + um);
            var a1i = Vector256.LoadUnsafe(ref xi, np + um);
            var a2r = Vector256.LoadUnsafe(ref xr, np + (2 * um));
            var a2i = Vector256.LoadUnsafe(ref xi, np + (2 * um));
            var a3r = Vector256.LoadUnsafe(ref xr, np + (3 * um));
            var a3i = Vector256.LoadUnsafe(ref xi, np + (3 * um));
            Vector256<float> t0r = a0r + a2r, t0i = a0i + a2i, t1r = a0r - a2r, t1i = a0i - a2i;
            Vector256<float> t2r = a1r + a3r, t2i = a1i + a3i;
            Vector256<float> t3r = a1i - a3i, t3i = a3r - a1r;
            Vector256<float> y0r = t0r + t2r, y0i = t0i + t2i;
            Vector256<float> br = t1r + t3r, bi = t1i + t3i;
            Vector256<float> wr = Vector256.LoadUnsafe(ref tr, np), wi = Vector256.LoadUnsafe(ref ti, np);
            Vector256<float> y1r = (br * wr) - (bi * wi), y1i = (br * wi) + (bi * wr);
            br = t0r - t2r;
            bi = t0i - t2i;
            wr = Vector256.LoadUnsafe(ref tr, np + um);
            wi = Vector256.LoadUnsafe(ref ti, np + um);
            Vector256<float> y2r = (br * wr) - (bi * wi), y2i = (br * wi) + (bi * wr);
            br = t1r - t3r;
            bi = t1i - t3i;
            wr = Vector256.LoadUnsafe(ref tr, np + (2 * um));
            wi = Vector256.LoadUnsafe(ref ti, np + (2 * um));
            Vector256<float> y3r = (br * wr) - (bi * wi), y3i = (br * wi) + (bi * wr);
            Interleave4(y0r, y1r, y2r, y3r, ref yr, 4 * np);
            Interleave4(y0i, y1i, y2i, y3i, ref yi, 4 * np);
        }
        if (p < m)
            Radix4(stage, xRe, xIm, yRe, yIm, p);
    }

    /// <summary>Stores a[0] b[0] c[0] d[0] a[1] b[1] ... d[7]: a 4×8 transpose (unpack, shuffle, lane permute).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Interleave4(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d, ref float destination, nuint offset)
    {
        var t0 = Avx.UnpackLow(a, b);    // a0 b0 a1 b1 | a4 b4 a5 b5
        var t1 = Avx.UnpackHigh(a, b);   // a2 b2 a3 b3 | a6 b6 a7 b7
        var t2 = Avx.UnpackLow(c, d);
        var t3 = Avx.UnpackHigh(c, d);
        var u0 = Avx.Shuffle(t0, t2, 0x44); // a0 b0 c0 d0 | a4 b4 c4 d4
        var u1 = Avx.Shuffle(t0, t2, 0xEE); // a1 b1 c1 d1 | a5 b5 c5 d5
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        Avx.Permute2x128(u0, u1, 0x20).StoreUnsafe(ref destination, offset);
        Avx.Permute2x128(u2, u3, 0x20).StoreUnsafe(ref destination, offset + 8);
        Avx.Permute2x128(u0, u1, 0x31).StoreUnsafe(ref destination, offset + 16);
        Avx.Permute2x128(u2, u3, 0x31).StoreUnsafe(ref destination, offset + 24);
    }

    /// <summary>
    /// The radix-4 pass at stride 4: eight consecutive inputs hold q = 0..3 of two neighbouring p,
    /// so one vector runs two butterfly groups; twiddles are broadcast per half and the outputs
    /// (four consecutive floats per p and k) are stored as 128-bit halves.
    /// </summary>
    private static void Radix4Stride4(FftStage stage, ReadOnlySpan<float> xRe, ReadOnlySpan<float> xIm, Span<float> yRe, Span<float> yIm)
    {
        var m = stage.Span;
        ref var xr = ref MemoryMarshal.GetReference(xRe);
        ref var xi = ref MemoryMarshal.GetReference(xIm);
        ref var yr = ref MemoryMarshal.GetReference(yRe);
        ref var yi = ref MemoryMarshal.GetReference(yIm);
        var tr = stage.TwiddleReal;
        var ti = stage.TwiddleImag;
        var s4m = (nuint)(4 * m);
        var p = 0;
        for (; p <= m - 2; p += 2)
        {
            var i0 = (nuint)(4 * p);
            var a0r = Vector256.LoadUnsafe(ref xr, i0);
            var a0i = Vector256.LoadUnsafe(ref xi, i0);
            var a1r = Vector256.LoadUnsafe(ref xr, i0 + s4m);
            var a1i = Vector256.LoadUnsafe(ref xi, i0 + s4m);
            var a2r = Vector256.LoadUnsafe(ref xr, i0 + (2 * s4m));
            var a2i = Vector256.LoadUnsafe(ref xi, i0 + (2 * s4m));
            var a3r = Vector256.LoadUnsafe(ref xr, i0 + (3 * s4m));
            var a3i = Vector256.LoadUnsafe(ref xi, i0 + (3 * s4m));
            Vector256<float> t0r = a0r + a2r, t0i = a0i + a2i, t1r = a0r - a2r, t1i = a0i - a2i;
            Vector256<float> t2r = a1r + a3r, t2i = a1i + a3i;
            Vector256<float> t3r = a1i - a3i, t3i = a3r - a1r;
            var o0 = (nuint)(16 * p);
            Store2(t0r + t2r, ref yr, o0);
            Store2(t0i + t2i, ref yi, o0);
            Vector256<float> br = t1r + t3r, bi = t1i + t3i;
            var wr = Pair(tr[p], tr[p + 1]);
            var wi = Pair(ti[p], ti[p + 1]);
            Store2((br * wr) - (bi * wi), ref yr, o0 + 4);
            Store2((br * wi) + (bi * wr), ref yi, o0 + 4);
            br = t0r - t2r;
            bi = t0i - t2i;
            wr = Pair(tr[m + p], tr[m + p + 1]);
            wi = Pair(ti[m + p], ti[m + p + 1]);
            Store2((br * wr) - (bi * wi), ref yr, o0 + 8);
            Store2((br * wi) + (bi * wr), ref yi, o0 + 8);
            br = t1r - t3r;
            bi = t1i - t3i;
            wr = Pair(tr[(2 * m) + p], tr[(2 * m) + p + 1]);
            wi = Pair(ti[(2 * m) + p], ti[(2 * m) + p + 1]);
            Store2((br * wr) - (bi * wi), ref yr, o0 + 12);
            Store2((br * wi) + (bi * wr), ref yi, o0 + 12);
        }
        if (p < m)
            Radix4(stage, xRe, xIm, yRe, yIm, p);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Pair(float low, float high) => Vector256.Create(Vector128.Create(low), Vector128.Create(high));

    /// <summary>Lower half to offset (group p), upper half 16 floats on (group p + 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store2(Vector256<float> value, ref float destination, nuint offset)
    {
        value.GetLower().StoreUnsafe(ref destination, offset);
        value.GetUpper().StoreUnsafe(ref destination, offset + 16);
    }

    private static void Radix4(FftStage stage, ReadOnlySpan<float> xRe, ReadOnlySpan<float> xIm, Span<float> yRe, Span<float> yIm, int pFrom)
    {
        int s = stage.Stride, m = stage.Span;
        ref var xr = ref MemoryMarshal.GetReference(xRe);
        ref var xi = ref MemoryMarshal.GetReference(xIm);
        ref var yr = ref MemoryMarshal.GetReference(yRe);
        ref var yi = ref MemoryMarshal.GetReference(yIm);
        var tr = stage.TwiddleReal;
        var ti = stage.TwiddleImag;
        var vector = Vector.IsHardwareAccelerated && s >= Vector<float>.Count;
        for (var p = pFrom; p < m; p++)
        {
            float w1r = tr[p], w1i = ti[p], w2r = tr[m + p], w2i = ti[m + p], w3r = tr[(2 * m) + p], w3i = ti[(2 * m) + p];
            nuint i0 = (nuint)(s * p), i1 = (nuint)(s * (p + m)), i2 = (nuint)(s * (p + (2 * m))), i3 = (nuint)(s * (p + (3 * m)));
            nuint o0 = (nuint)(s * 4 * p), o1 = o0 + (nuint)s, o2 = o1 + (nuint)s, o3 = o2 + (nuint)s;
            var q = 0;
            if (vector)
            {
                Vector<float> vw1r = new Vector<float>(w1r), vw1i = new Vector<float>(w1i);
                Vector<float> vw2r = new Vector<float>(w2r), vw2i = new Vector<float>(w2i);
                Vector<float> vw3r = new Vector<float>(w3r), vw3i = new Vector<float>(w3i);
                for (; q <= s - Vector<float>.Count; q += Vector<float>.Count)
                {
                    var nq = (nuint)q;
                    var a0r = Vector.LoadUnsafe(ref xr, i0 + nq);
                    var a0i = Vector.LoadUnsafe(ref xi, i0 + nq);
                    var a1r = Vector.LoadUnsafe(ref xr, i1 + nq);
                    var a1i = Vector.LoadUnsafe(ref xi, i1 + nq);
                    var a2r = Vector.LoadUnsafe(ref xr, i2 + nq);
                    var a2i = Vector.LoadUnsafe(ref xi, i2 + nq);
                    var a3r = Vector.LoadUnsafe(ref xr, i3 + nq);
                    var a3i = Vector.LoadUnsafe(ref xi, i3 + nq);
                    Vector<float> t0r = a0r + a2r, t0i = a0i + a2i, t1r = a0r - a2r, t1i = a0i - a2i;
                    Vector<float> t2r = a1r + a3r, t2i = a1i + a3i;
                    // (a1 - a3)·(-i)
                    Vector<float> t3r = a1i - a3i, t3i = a3r - a1r;
                    (t0r + t2r).StoreUnsafe(ref yr, o0 + nq);
                    (t0i + t2i).StoreUnsafe(ref yi, o0 + nq);
                    Vector<float> br = t1r + t3r, bi = t1i + t3i;
                    ((br * vw1r) - (bi * vw1i)).StoreUnsafe(ref yr, o1 + nq);
                    ((br * vw1i) + (bi * vw1r)).StoreUnsafe(ref yi, o1 + nq);
                    br = t0r - t2r;
                    bi = t0i - t2i;
                    ((br * vw2r) - (bi * vw2i)).StoreUnsafe(ref yr, o2 + nq);
                    ((br * vw2i) + (bi * vw2r)).StoreUnsafe(ref yi, o2 + nq);
                    br = t1r - t3r;
                    bi = t1i - t3i;
                    ((br * vw3r) - (bi * vw3i)).StoreUnsafe(ref yr, o3 + nq);
                    ((br * vw3i) + (bi * vw3r)).StoreUnsafe(ref yi, o3 + nq);
                }
            }
            for (; q < s; q++)
            {
                var nq = (nuint)q;
                float a0r = Unsafe.Add(ref xr, i0 + nq), a0i = Unsafe.Add(ref xi, i0 + nq);
                float a1r = Unsafe.Add(ref xr, i1 + nq), a1i = Unsafe.Add(ref xi, i1 + nq);
                float a2r = Unsafe.Add(ref xr, i2 + nq), a2i = Unsafe.Add(ref xi, i2 + nq);
                float a3r = Unsafe.Add(ref xr, i3 + nq), a3i = Unsafe.Add(ref xi, i3 + nq);
                float t0r = a0r + a2r, t0i = a0i + a2i, t1r = a0r - a2r, t1i = a0i - a2i;
                float t2r = a1r + a3r, t2i = a1i + a3i, t3r = a1i - a3i, t3i = a3r - a1r;
                Unsafe.Add(ref yr, o0 + nq) = t0r + t2r;
                Unsafe.Add(ref yi, o0 + nq) = t0i + t2i;
                float br = t1r + t3r, bi = t1i + t3i;
                Unsafe.Add(ref yr, o1 + nq) = (br * w1r) - (bi * w1i);
                Unsafe.Add(ref yi, o1 + nq) = (br * w1i) + (bi * w1r);
                br = t0r - t2r;
                bi = t0i - t2i;
                Unsafe.Add(ref yr, o2 + nq) = (br * w2r) - (bi * w2i);
                Unsafe.Add(ref yi, o2 + nq) = (br * w2i) + (bi * w2r);
                br = t1r - t3r;
                bi = t1i - t3i;
                Unsafe.Add(ref yr, o3 + nq) = (br * w3r) - (bi * w3i);
                Unsafe.Add(ref yi, o3 + nq) = (br * w3i) + (bi * w3r);
            }
        }
    }

    private static void Radix3(FftStage stage, ReadOnlySpan<float> xRe, ReadOnlySpan<float> xIm, Span<float> yRe, Span<float> yIm)
    {
        int s = stage.Stride, m = stage.Span;
        ref var xr = ref MemoryMarshal.GetReference(xRe);
        ref var xi = ref MemoryMarshal.GetReference(xIm);
        ref var yr = ref MemoryMarshal.GetReference(yRe);
        ref var yi = ref MemoryMarshal.GetReference(yIm);
        var tr = stage.TwiddleReal;
        var ti = stage.TwiddleImag;
        var vector = Vector.IsHardwareAccelerated && s >= Vector<float>.Count;
        var vHalf = new Vector<float>(0.5f);
        var vSin = new Vector<float>(Sin60);
        for (var p = 0; p < m; p++)
        {
            float w1r = tr[p], w1i = ti[p], w2r = tr[m + p], w2i = ti[m + p];
            nuint i0 = (nuint)(s * p), i1 = (nuint)(s * (p + m)), i2 = (nuint)(s * (p + (2 * m)));
            nuint o0 = (nuint)(s * 3 * p), o1 = o0 + (nuint)s, o2 = o1 + (nuint)s;
            var q = 0;
            if (vector)
            {
                Vector<float> vw1r = new Vector<float>(w1r), vw1i = new Vector<float>(w1i);
                Vector<float> vw2r = new Vector<float>(w2r), vw2i = new Vector<float>(w2i);
                for (; q <= s - Vector<float>.Count; q += Vector<float>.Count)
                {
                    var nq = (nuint)q;
                    var a0r = Vector.LoadUnsafe(ref xr, i0 + nq);
                    var a0i = Vector.LoadUnsafe(ref xi, i0 + nq);
                    var a1r = Vector.LoadUnsafe(ref xr, i1 + nq);
                    var a1i = Vector.LoadUnsafe(ref xi, i1 + nq);
                    var a2r = Vector.LoadUnsafe(ref xr, i2 + nq);
                    var a2i = Vector.LoadUnsafe(ref xi, i2 + nq);
                    Vector<float> t1r = a1r + a2r, t1i = a1i + a2i;
                    Vector<float> t2r = a0r - (vHalf * t1r), t2i = a0i - (vHalf * t1i);
                    // -i·sin60·(a1 - a2)
                    Vector<float> t3r = vSin * (a1i - a2i), t3i = vSin * (a2r - a1r);
                    (a0r + t1r).StoreUnsafe(ref yr, o0 + nq);
                    (a0i + t1i).StoreUnsafe(ref yi, o0 + nq);
                    Vector<float> br = t2r + t3r, bi = t2i + t3i;
                    ((br * vw1r) - (bi * vw1i)).StoreUnsafe(ref yr, o1 + nq);
                    ((br * vw1i) + (bi * vw1r)).StoreUnsafe(ref yi, o1 + nq);
                    br = t2r - t3r;
                    bi = t2i - t3i;
                    ((br * vw2r) - (bi * vw2i)).StoreUnsafe(ref yr, o2 + nq);
                    ((br * vw2i) + (bi * vw2r)).StoreUnsafe(ref yi, o2 + nq);
                }
            }
            for (; q < s; q++)
            {
                var nq = (nuint)q;
                float a0r = Unsafe.Add(ref xr, i0 + nq), a0i = Unsafe.Add(ref xi, i0 + nq);
                float a1r = Unsafe.Add(ref xr, i1 + nq), a1i = Unsafe.Add(ref xi, i1 + nq);
                float a2r = Unsafe.Add(ref xr, i2 + nq), a2i = Unsafe.Add(ref xi, i2 + nq);
                float t1r = a1r + a2r, t1i = a1i + a2i;
                float t2r = a0r - (0.5f * t1r), t2i = a0i - (0.5f * t1i);
                float t3r = Sin60 * (a1i - a2i), t3i = Sin60 * (a2r - a1r);
                Unsafe.Add(ref yr, o0 + nq) = a0r + t1r;
                Unsafe.Add(ref yi, o0 + nq) = a0i + t1i;
                float br = t2r + t3r, bi = t2i + t3i;
                Unsafe.Add(ref yr, o1 + nq) = (br * w1r) - (bi * w1i);
                Unsafe.Add(ref yi, o1 + nq) = (br * w1i) + (bi * w1r);
                br = t2r - t3r;
                bi = t2i - t3i;
                Unsafe.Add(ref yr, o2 + nq) = (br * w2r) - (bi * w2i);
                Unsafe.Add(ref yi, o2 + nq) = (br * w2i) + (bi * w2r);
            }
        }
    }

    private static void Radix5(FftStage stage, ReadOnlySpan<float> xRe, ReadOnlySpan<float> xIm, Span<float> yRe, Span<float> yIm)
    {
        int s = stage.Stride, m = stage.Span;
        ref var xr = ref MemoryMarshal.GetReference(xRe);
        ref var xi = ref MemoryMarshal.GetReference(xIm);
        ref var yr = ref MemoryMarshal.GetReference(yRe);
        ref var yi = ref MemoryMarshal.GetReference(yIm);
        var tr = stage.TwiddleReal;
        var ti = stage.TwiddleImag;
        float c1 = Cos72, c2 = Cos144, s1 = Sin72, s2 = Sin144;
        var vector = Vector.IsHardwareAccelerated && s >= Vector<float>.Count;
        Vector<float> vc1 = new Vector<float>(c1), vc2 = new Vector<float>(c2), vs1 = new Vector<float>(s1), vs2 = new Vector<float>(s2);
        for (var p = 0; p < m; p++)
        {
            nuint i0 = (nuint)(s * p), i1 = (nuint)(s * (p + m)), i2 = (nuint)(s * (p + (2 * m))), i3 = (nuint)(s * (p + (3 * m))), i4 = (nuint)(s * (p + (4 * m)));
            var o0 = (nuint)(s * 5 * p);
            var us = (nuint)s;
            float w1r = tr[p], w1i = ti[p], w2r = tr[m + p], w2i = ti[m + p];
            float w3r = tr[(2 * m) + p], w3i = ti[(2 * m) + p], w4r = tr[(3 * m) + p], w4i = ti[(3 * m) + p];
            var q = 0;
            if (vector)
            {
                Vector<float> vw1r = new Vector<float>(w1r), vw1i = new Vector<float>(w1i), vw2r = new Vector<float>(w2r), vw2i = new Vector<float>(w2i);
                Vector<float> vw3r = new Vector<float>(w3r), vw3i = new Vector<float>(w3i), vw4r = new Vector<float>(w4r), vw4i = new Vector<float>(w4i);
                for (; q <= s - Vector<float>.Count; q += Vector<float>.Count)
                {
                    var nq = (nuint)q;
                    var a0r = Vector.LoadUnsafe(ref xr, i0 + nq);
                    var a0i = Vector.LoadUnsafe(ref xi, i0 + nq);
                    var a1r = Vector.LoadUnsafe(ref xr, i1 + nq);
                    var a1i = Vector.LoadUnsafe(ref xi, i1 + nq);
                    var a2r = Vector.LoadUnsafe(ref xr, i2 + nq);
                    var a2i = Vector.LoadUnsafe(ref xi, i2 + nq);
                    var a3r = Vector.LoadUnsafe(ref xr, i3 + nq);
                    var a3i = Vector.LoadUnsafe(ref xi, i3 + nq);
                    var a4r = Vector.LoadUnsafe(ref xr, i4 + nq);
                    var a4i = Vector.LoadUnsafe(ref xi, i4 + nq);
                    Vector<float> b1r = a1r + a4r, b1i = a1i + a4i, b2r = a2r + a3r, b2i = a2i + a3i;
                    Vector<float> d1r = a1r - a4r, d1i = a1i - a4i, d2r = a2r - a3r, d2i = a2i - a3i;
                    (a0r + b1r + b2r).StoreUnsafe(ref yr, o0 + nq);
                    (a0i + b1i + b2i).StoreUnsafe(ref yi, o0 + nq);
                    Vector<float> e1r = a0r + (vc1 * b1r) + (vc2 * b2r), e1i = a0i + (vc1 * b1i) + (vc2 * b2i);
                    Vector<float> e2r = a0r + (vc2 * b1r) + (vc1 * b2r), e2i = a0i + (vc2 * b1i) + (vc1 * b2i);
                    // f = s1·d1 + s2·d2, g = s2·d1 - s1·d2; X1 = e1 - i·f, X4 = e1 + i·f, X2 = e2 - i·g, X3 = e2 + i·g
                    Vector<float> fr = (vs1 * d1r) + (vs2 * d2r), fi = (vs1 * d1i) + (vs2 * d2i);
                    Vector<float> gr = (vs2 * d1r) - (vs1 * d2r), gi = (vs2 * d1i) - (vs1 * d2i);
                    Vector<float> br = e1r + fi, bi = e1i - fr;
                    ((br * vw1r) - (bi * vw1i)).StoreUnsafe(ref yr, o0 + us + nq);
                    ((br * vw1i) + (bi * vw1r)).StoreUnsafe(ref yi, o0 + us + nq);
                    br = e2r + gi;
                    bi = e2i - gr;
                    ((br * vw2r) - (bi * vw2i)).StoreUnsafe(ref yr, o0 + (2 * us) + nq);
                    ((br * vw2i) + (bi * vw2r)).StoreUnsafe(ref yi, o0 + (2 * us) + nq);
                    br = e2r - gi;
                    bi = e2i + gr;
                    ((br * vw3r) - (bi * vw3i)).StoreUnsafe(ref yr, o0 + (3 * us) + nq);
                    ((br * vw3i) + (bi * vw3r)).StoreUnsafe(ref yi, o0 + (3 * us) + nq);
                    br = e1r - fi;
                    bi = e1i + fr;
                    ((br * vw4r) - (bi * vw4i)).StoreUnsafe(ref yr, o0 + (4 * us) + nq);
                    ((br * vw4i) + (bi * vw4r)).StoreUnsafe(ref yi, o0 + (4 * us) + nq);
                }
            }
            for (; q < s; q++)
            {
                var nq = (nuint)q;
                float a0r = Unsafe.Add(ref xr, i0 + nq), a0i = Unsafe.Add(ref xi, i0 + nq);
                float a1r = Unsafe.Add(ref xr, i1 + nq), a1i = Unsafe.Add(ref xi, i1 + nq);
                float a2r = Unsafe.Add(ref xr, i2 + nq), a2i = Unsafe.Add(ref xi, i2 + nq);
                float a3r = Unsafe.Add(ref xr, i3 + nq), a3i = Unsafe.Add(ref xi, i3 + nq);
                float a4r = Unsafe.Add(ref xr, i4 + nq), a4i = Unsafe.Add(ref xi, i4 + nq);
                float b1r = a1r + a4r, b1i = a1i + a4i, b2r = a2r + a3r, b2i = a2i + a3i;
                float d1r = a1r - a4r, d1i = a1i - a4i, d2r = a2r - a3r, d2i = a2i - a3i;
                Unsafe.Add(ref yr, o0 + nq) = a0r + b1r + b2r;
                Unsafe.Add(ref yi, o0 + nq) = a0i + b1i + b2i;
                float e1r = a0r + (c1 * b1r) + (c2 * b2r), e1i = a0i + (c1 * b1i) + (c2 * b2i);
                float e2r = a0r + (c2 * b1r) + (c1 * b2r), e2i = a0i + (c2 * b1i) + (c1 * b2i);
                float fr = (s1 * d1r) + (s2 * d2r), fi = (s1 * d1i) + (s2 * d2i);
                float gr = (s2 * d1r) - (s1 * d2r), gi = (s2 * d1i) - (s1 * d2i);
                float br = e1r + fi, bi = e1i - fr;
                Unsafe.Add(ref yr, o0 + us + nq) = (br * w1r) - (bi * w1i);
                Unsafe.Add(ref yi, o0 + us + nq) = (br * w1i) + (bi * w1r);
                br = e2r + gi;
                bi = e2i - gr;
                Unsafe.Add(ref yr, o0 + (2 * us) + nq) = (br * w2r) - (bi * w2i);
                Unsafe.Add(ref yi, o0 + (2 * us) + nq) = (br * w2i) + (bi * w2r);
                br = e2r - gi;
                bi = e2i + gr;
                Unsafe.Add(ref yr, o0 + (3 * us) + nq) = (br * w3r) - (bi * w3i);
                Unsafe.Add(ref yi, o0 + (3 * us) + nq) = (br * w3i) + (bi * w3r);
                br = e1r - fi;
                bi = e1i + fr;
                Unsafe.Add(ref yr, o0 + (4 * us) + nq) = (br * w4r) - (bi * w4i);
                Unsafe.Add(ref yi, o0 + (4 * us) + nq) = (br * w4i) + (bi * w4r);
            }
        }
    }

    /// <summary>
    /// Any odd prime radix r (7, 11, 13): pairs j and r − j give b_j = a_j + a_(r−j), d_j = a_j − a_(r−j);
    /// then X_k = e_k − i·f_k and X_(r−k) = e_k + i·f_k with e_k = a_0 + Σ cos(2πjk/r)·b_j and
    /// f_k = Σ sin(2πjk/r)·d_j, j, k = 1..(r−1)/2: (r−1)²/2 real multiply-adds per component instead of
    /// r². Vectorised over the stride like the fixed radices.
    /// </summary>
    private static void RadixOdd(FftStage stage, ReadOnlySpan<float> xRe, ReadOnlySpan<float> xIm, Span<float> yRe, Span<float> yIm)
    {
        int r = stage.Radix, s = stage.Stride, m = stage.Span, half = (r - 1) / 2;
        ref var xr = ref MemoryMarshal.GetReference(xRe);
        ref var xi = ref MemoryMarshal.GetReference(xIm);
        ref var yr = ref MemoryMarshal.GetReference(yRe);
        ref var yi = ref MemoryMarshal.GetReference(yIm);
        var tr = stage.TwiddleReal;
        var ti = stage.TwiddleImag;
        var cos = stage.RootCos;
        var sin = stage.RootSin;
        var vector = Vector.IsHardwareAccelerated && s >= Vector<float>.Count;
        Span<Vector<float>> vb = stackalloc Vector<float>[4 * half];
        Span<float> sb = stackalloc float[4 * half];
        for (var p = 0; p < m; p++)
        {
            var baseIn = (nuint)(s * p);
            var strideIn = (nuint)(s * m);
            var baseOut = (nuint)(s * r * p);
            var us = (nuint)s;
            var q = 0;
            if (vector)
            {
                for (; q <= s - Vector<float>.Count; q += Vector<float>.Count)
                {
                    var nq = (nuint)q;
                    var a0r = Vector.LoadUnsafe(ref xr, baseIn + nq);
                    var a0i = Vector.LoadUnsafe(ref xi, baseIn + nq);
                    Vector<float> sumR = a0r, sumI = a0i;
                    for (var j = 1; j <= half; j++)
                    {
                        var lo = baseIn + ((nuint)j * strideIn) + nq;
                        var hi = baseIn + ((nuint)(r - j) * strideIn) + nq;
                        Vector<float> ajr = Vector.LoadUnsafe(ref xr, lo), aji = Vector.LoadUnsafe(ref xi, lo);
                        Vector<float> bjr = Vector.LoadUnsafe(ref xr, hi), bji = Vector.LoadUnsafe(ref xi, hi);
                        vb[(4 * (j - 1)) + 0] = ajr + bjr;
                        vb[(4 * (j - 1)) + 1] = aji + bji;
                        vb[(4 * (j - 1)) + 2] = ajr - bjr;
                        vb[(4 * (j - 1)) + 3] = aji - bji;
                        sumR += ajr + bjr;
                        sumI += aji + bji;
                    }
                    sumR.StoreUnsafe(ref yr, baseOut + nq);
                    sumI.StoreUnsafe(ref yi, baseOut + nq);
                    for (var k = 1; k <= half; k++)
                    {
                        Vector<float> er = a0r, ei = a0i, fr = Vector<float>.Zero, fi = Vector<float>.Zero;
                        for (var j = 1; j <= half; j++)
                        {
                            var t = j * k % r;
                            var c = new Vector<float>(cos[t]);
                            var sn = new Vector<float>(sin[t]);
                            er += c * vb[(4 * (j - 1)) + 0];
                            ei += c * vb[(4 * (j - 1)) + 1];
                            fr += sn * vb[(4 * (j - 1)) + 2];
                            fi += sn * vb[(4 * (j - 1)) + 3];
                        }
                        var w1r = new Vector<float>(tr[((k - 1) * m) + p]);
                        var w1i = new Vector<float>(ti[((k - 1) * m) + p]);
                        var w2r = new Vector<float>(tr[((r - k - 1) * m) + p]);
                        var w2i = new Vector<float>(ti[((r - k - 1) * m) + p]);
                        Vector<float> br = er + fi, bi = ei - fr;
                        ((br * w1r) - (bi * w1i)).StoreUnsafe(ref yr, baseOut + ((nuint)k * us) + nq);
                        ((br * w1i) + (bi * w1r)).StoreUnsafe(ref yi, baseOut + ((nuint)k * us) + nq);
                        br = er - fi;
                        bi = ei + fr;
                        ((br * w2r) - (bi * w2i)).StoreUnsafe(ref yr, baseOut + ((nuint)(r - k) * us) + nq);
                        ((br * w2i) + (bi * w2r)).StoreUnsafe(ref yi, baseOut + ((nuint)(r - k) * us) + nq);
                    }
                }
            }
            for (; q < s; q++)
            {
                var nq = (nuint)q;
                float a0r = Unsafe.Add(ref xr, baseIn + nq), a0i = Unsafe.Add(ref xi, baseIn + nq);
                float sumR = a0r, sumI = a0i;
                for (var j = 1; j <= half; j++)
                {
                    var lo = baseIn + ((nuint)j * strideIn) + nq;
                    var hi = baseIn + ((nuint)(r - j) * strideIn) + nq;
                    float ajr = Unsafe.Add(ref xr, lo), aji = Unsafe.Add(ref xi, lo);
                    float bjr = Unsafe.Add(ref xr, hi), bji = Unsafe.Add(ref xi, hi);
                    sb[(4 * (j - 1)) + 0] = ajr + bjr;
                    sb[(4 * (j - 1)) + 1] = aji + bji;
                    sb[(4 * (j - 1)) + 2] = ajr - bjr;
                    sb[(4 * (j - 1)) + 3] = aji - bji;
                    sumR += ajr + bjr;
                    sumI += aji + bji;
                }
                Unsafe.Add(ref yr, baseOut + nq) = sumR;
                Unsafe.Add(ref yi, baseOut + nq) = sumI;
                for (var k = 1; k <= half; k++)
                {
                    float er = a0r, ei = a0i, fr = 0, fi = 0;
                    for (var j = 1; j <= half; j++)
                    {
                        var t = j * k % r;
                        er += cos[t] * sb[(4 * (j - 1)) + 0];
                        ei += cos[t] * sb[(4 * (j - 1)) + 1];
                        fr += sin[t] * sb[(4 * (j - 1)) + 2];
                        fi += sin[t] * sb[(4 * (j - 1)) + 3];
                    }
                    float w1r = tr[((k - 1) * m) + p], w1i = ti[((k - 1) * m) + p];
                    float w2r = tr[((r - k - 1) * m) + p], w2i = ti[((r - k - 1) * m) + p];
                    float br = er + fi, bi = ei - fr;
                    Unsafe.Add(ref yr, baseOut + ((nuint)k * us) + nq) = (br * w1r) - (bi * w1i);
                    Unsafe.Add(ref yi, baseOut + ((nuint)k * us) + nq) = (br * w1i) + (bi * w1r);
                    br = er - fi;
                    bi = ei + fr;
                    Unsafe.Add(ref yr, baseOut + ((nuint)(r - k) * us) + nq) = (br * w2r) - (bi * w2i);
                    Unsafe.Add(ref yi, baseOut + ((nuint)(r - k) * us) + nq) = (br * w2i) + (bi * w2r);
                }
            }
        }
    }

    /// <summary>
    /// The O(n²) reference: X_k = Σ x_j·e^(-2πi·jk/n) in double, angles reduced modulo n exactly.
    /// The test oracle for every plan, and the fallback nothing in production uses.
    /// </summary>
    public static void DirectDft(ReadOnlySpan<double> xr, ReadOnlySpan<double> xi, Span<double> yr, Span<double> yi)
    {
        var n = xr.Length;
        for (var k = 0; k < n; k++)
        {
            double sr = 0, si = 0;
            for (var j = 0; j < n; j++)
            {
                var angle = -2.0 * Math.PI * ((long)j * k % n) / n;
                double c = Math.Cos(angle), sn = Math.Sin(angle);
                sr += (xr[j] * c) - (xi[j] * sn);
                si += (xr[j] * sn) + (xi[j] * c);
            }
            yr[k] = sr;
            yi[k] = si;
        }
    }
}
