using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Augment;

/// <summary>
/// Element-wise kernels on split complex arrays and the (de)interleaving of real FFTs, each with
/// a scalar reference beside the Vector256 path (the tests compare them).
/// </summary>
internal static class SplitComplexKernels
{
    /// <summary>(outRe + i·outIm)[k] = (aRe + i·aIm)[k] · (bRe + i·bIm)[k]; output may alias input a.</summary>
    public static void Multiply(ReadOnlySpan<float> aRe, ReadOnlySpan<float> aIm, ReadOnlySpan<float> bRe, ReadOnlySpan<float> bIm, Span<float> outRe, Span<float> outIm, int length)
    {
        var k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var ar = ref MemoryMarshal.GetReference(aRe);
            ref var ai = ref MemoryMarshal.GetReference(aIm);
            ref var br = ref MemoryMarshal.GetReference(bRe);
            ref var bi = ref MemoryMarshal.GetReference(bIm);
            ref var or = ref MemoryMarshal.GetReference(outRe);
            ref var oi = ref MemoryMarshal.GetReference(outIm);
            for (; k <= length - 8; k += 8)
            {
                var nk = (nuint)k;
                var xr = Vector256.LoadUnsafe(ref ar, nk);
                var xi = Vector256.LoadUnsafe(ref ai, nk);
                var yr = Vector256.LoadUnsafe(ref br, nk);
                var yi = Vector256.LoadUnsafe(ref bi, nk);
                ((xr * yr) - (xi * yi)).StoreUnsafe(ref or, nk);
                ((xr * yi) + (xi * yr)).StoreUnsafe(ref oi, nk);
            }
        }
        MultiplyScalar(aRe, aIm, bRe, bIm, outRe, outIm, k, length);
    }

    /// <summary>Scalar reference of <see cref="Multiply"/> over [from, length).</summary>
    public static void MultiplyScalar(ReadOnlySpan<float> aRe, ReadOnlySpan<float> aIm, ReadOnlySpan<float> bRe, ReadOnlySpan<float> bIm, Span<float> outRe, Span<float> outIm, int from, int length)
    {
        for (var k = from; k < length; k++)
        {
            float xr = aRe[k], xi = aIm[k], yr = bRe[k], yi = bIm[k];
            outRe[k] = (xr * yr) - (xi * yi);
            outIm[k] = (xr * yi) + (xi * yr);
        }
    }

    /// <summary>even[k] = x[2k], odd[k] = x[2k + 1] for k &lt; even.Length.</summary>
    public static void Deinterleave(ReadOnlySpan<float> x, Span<float> even, Span<float> odd)
    {
        var h = even.Length;
        var k = 0;
        if (Avx2.IsSupported)
        {
            ref var src = ref MemoryMarshal.GetReference(x);
            ref var e = ref MemoryMarshal.GetReference(even);
            ref var o = ref MemoryMarshal.GetReference(odd);
            for (; k <= h - 8; k += 8)
            {
                var a = Vector256.LoadUnsafe(ref src, (nuint)(2 * k));
                var b = Vector256.LoadUnsafe(ref src, (nuint)((2 * k) + 8));
                // a0 a2 b0 b2 | a4 a6 b4 b6, then restore order across lanes: a0 a2 a4 a6 b0 b2 b4 b6.
                var ev = Avx.Shuffle(a, b, 0x88);
                var od = Avx.Shuffle(a, b, 0xDD);
                Avx2.Permute4x64(ev.AsDouble(), 0xD8).AsSingle().StoreUnsafe(ref e, (nuint)k);
                Avx2.Permute4x64(od.AsDouble(), 0xD8).AsSingle().StoreUnsafe(ref o, (nuint)k);
            }
        }
        for (; k < h; k++)
        {
            even[k] = x[2 * k];
            odd[k] = x[(2 * k) + 1];
        }
    }

    /// <summary>x[2k] = even[k]·scale, x[2k + 1] = odd[k]·scale for k &lt; even.Length.</summary>
    public static void Interleave(ReadOnlySpan<float> even, ReadOnlySpan<float> odd, Span<float> x, float scale)
    {
        var h = even.Length;
        var k = 0;
        if (Avx.IsSupported)
        {
            ref var dst = ref MemoryMarshal.GetReference(x);
            ref var e = ref MemoryMarshal.GetReference(even);
            ref var o = ref MemoryMarshal.GetReference(odd);
            var vs = Vector256.Create(scale);
            for (; k <= h - 8; k += 8)
            {
                var ev = Vector256.LoadUnsafe(ref e, (nuint)k) * vs;
                var od = Vector256.LoadUnsafe(ref o, (nuint)k) * vs;
                var lo = Avx.UnpackLow(ev, od);   // e0 o0 e1 o1 | e4 o4 e5 o5
                var hi = Avx.UnpackHigh(ev, od);  // e2 o2 e3 o3 | e6 o6 e7 o7
                Avx.Permute2x128(lo, hi, 0x20).StoreUnsafe(ref dst, (nuint)(2 * k));
                Avx.Permute2x128(lo, hi, 0x31).StoreUnsafe(ref dst, (nuint)((2 * k) + 8));
            }
        }
        for (; k < h; k++)
        {
            x[2 * k] = even[k] * scale;
            x[(2 * k) + 1] = odd[k] * scale;
        }
    }

    /// <summary>Loads eight values ending at <paramref name="last"/> in reverse order: v[j] = src[last − j].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LoadReversed(ref float source, int last) =>
        Vector256.Shuffle(Vector256.LoadUnsafe(ref source, (nuint)(last - 7)), Vector256.Create(7, 6, 5, 4, 3, 2, 1, 0));
}
