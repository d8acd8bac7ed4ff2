using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Augment.Audio;

/// <summary>
/// Complex multiply-accumulate on split real/imaginary spans, acc += x·h, the inner loop of partitioned
/// convolution (one call per partition and block). The scalar reference sits beside the SIMD path.
/// </summary>
internal static class ComplexMacKernels
{
    /// <summary>accRe/accIm[k] += x[k]·h[k] for k in [0, length), with the widest accelerated vectors.</summary>
    /// <remarks>Optimised at first call: a one-shot CLI run would otherwise spend its first second in tier-0 code.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyAccumulate(ReadOnlySpan<float> xRe, ReadOnlySpan<float> xIm, ReadOnlySpan<float> hRe, ReadOnlySpan<float> hIm, Span<float> accRe, Span<float> accIm)
    {
        var length = accRe.Length;
        if (xRe.Length < length || xIm.Length < length || hRe.Length < length || hIm.Length < length || accIm.Length < length)
            throw new ArgumentException("All spans must hold at least as many values as the accumulator.");
        ref var xr = ref MemoryMarshal.GetReference(xRe);
        ref var xi = ref MemoryMarshal.GetReference(xIm);
        ref var hr = ref MemoryMarshal.GetReference(hRe);
        ref var hi = ref MemoryMarshal.GetReference(hIm);
        ref var ar = ref MemoryMarshal.GetReference(accRe);
        ref var ai = ref MemoryMarshal.GetReference(accIm);
        var k = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; k <= length - Vector512<float>.Count; k += Vector512<float>.Count)
            {
                var a = Vector512.LoadUnsafe(ref xr, (nuint)k);
                var b = Vector512.LoadUnsafe(ref xi, (nuint)k);
                var c = Vector512.LoadUnsafe(ref hr, (nuint)k);
                var d = Vector512.LoadUnsafe(ref hi, (nuint)k);
                // (a + ib)(c + id) = (ac − bd) + i(ad + bc)
                var re = Vector512.FusedMultiplyAdd(a, c, Vector512.LoadUnsafe(ref ar, (nuint)k));
                var im = Vector512.FusedMultiplyAdd(a, d, Vector512.LoadUnsafe(ref ai, (nuint)k));
                Vector512.FusedMultiplyAdd(-b, d, re).StoreUnsafe(ref ar, (nuint)k);
                Vector512.FusedMultiplyAdd(b, c, im).StoreUnsafe(ref ai, (nuint)k);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            for (; k <= length - Vector256<float>.Count; k += Vector256<float>.Count)
            {
                var a = Vector256.LoadUnsafe(ref xr, (nuint)k);
                var b = Vector256.LoadUnsafe(ref xi, (nuint)k);
                var c = Vector256.LoadUnsafe(ref hr, (nuint)k);
                var d = Vector256.LoadUnsafe(ref hi, (nuint)k);
                var re = Vector256.FusedMultiplyAdd(a, c, Vector256.LoadUnsafe(ref ar, (nuint)k));
                var im = Vector256.FusedMultiplyAdd(a, d, Vector256.LoadUnsafe(ref ai, (nuint)k));
                Vector256.FusedMultiplyAdd(-b, d, re).StoreUnsafe(ref ar, (nuint)k);
                Vector256.FusedMultiplyAdd(b, c, im).StoreUnsafe(ref ai, (nuint)k);
            }
        }
        MultiplyAccumulateScalar(xRe, xIm, hRe, hIm, accRe, accIm, k);
    }

    /// <summary>Scalar reference (and tail) of <see cref="MultiplyAccumulate"/> from index <paramref name="from"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void MultiplyAccumulateScalar(ReadOnlySpan<float> xRe, ReadOnlySpan<float> xIm, ReadOnlySpan<float> hRe, ReadOnlySpan<float> hIm, Span<float> accRe, Span<float> accIm, int from)
    {
        for (var k = from; k < accRe.Length; k++)
        {
            float a = xRe[k], b = xIm[k], c = hRe[k], d = hIm[k];
            accRe[k] += (a * c) - (b * d);
            accIm[k] += (a * d) + (b * c);
        }
    }
}
