using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Augment.Audio;

/// <summary>
/// Dot products of a coefficient row with a window of input, on Vector&lt;float&gt; (eight lanes
/// with AVX2, four with NEON). The summation order is fixed (lanes from the start of the row, then
/// a horizontal sum), independent of memory alignment, so a streaming resampler gives bit-identical
/// output however its input is chunked. Rows are a multiple of 8 taps long, so no tail is needed.
/// </summary>
internal static class ResamplerKernels
{
    /// <summary>Σ c[k]·x[k] for k &lt; length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Dot(ReadOnlySpan<float> c, ReadOnlySpan<float> x, int length)
    {
        var lanes = Vector<float>.Count;
        if (!Vector.IsHardwareAccelerated || length % lanes != 0)
            return DotScalar(c, x, length);
        ref var cr = ref MemoryMarshal.GetReference(c);
        ref var xr = ref MemoryMarshal.GetReference(x);
        var acc0 = Vector<float>.Zero;
        var acc1 = Vector<float>.Zero;
        var k = 0;
        for (; k <= length - (2 * lanes); k += 2 * lanes)
        {
            acc0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref cr, (nuint)k), Vector.LoadUnsafe(ref xr, (nuint)k), acc0);
            acc1 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref cr, (nuint)(k + lanes)), Vector.LoadUnsafe(ref xr, (nuint)(k + lanes)), acc1);
        }
        if (k < length)
            acc0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref cr, (nuint)k), Vector.LoadUnsafe(ref xr, (nuint)k), acc0);
        return Vector.Sum(acc0 + acc1);
    }

    /// <summary>
    /// Two rows against one window at once, blended: (1 − a)·(c0·x) + a·(c1·x). Shares the input loads;
    /// used for arbitrary ratios, where the output time falls between two table rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float DotBlend(ReadOnlySpan<float> c0, ReadOnlySpan<float> c1, ReadOnlySpan<float> x, int length, float a)
    {
        var lanes = Vector<float>.Count;
        if (!Vector.IsHardwareAccelerated || length % lanes != 0)
            return DotBlendScalar(c0, c1, x, length, a);
        ref var r0 = ref MemoryMarshal.GetReference(c0);
        ref var r1 = ref MemoryMarshal.GetReference(c1);
        ref var xr = ref MemoryMarshal.GetReference(x);
        var acc0 = Vector<float>.Zero;
        var acc1 = Vector<float>.Zero;
        for (var k = 0; k < length; k += lanes)
        {
            var v = Vector.LoadUnsafe(ref xr, (nuint)k);
            acc0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref r0, (nuint)k), v, acc0);
            acc1 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref r1, (nuint)k), v, acc1);
        }
        float d0 = Vector.Sum(acc0), d1 = Vector.Sum(acc1);
        return d0 + (a * (d1 - d0));
    }

    /// <summary>Scalar reference of <see cref="Dot"/>, accumulated in double.</summary>
    public static float DotScalar(ReadOnlySpan<float> c, ReadOnlySpan<float> x, int length)
    {
        double sum = 0;
        for (var k = 0; k < length; k++)
            sum += c[k] * (double)x[k];
        return (float)sum;
    }

    /// <summary>Scalar reference of <see cref="DotBlend"/>, accumulated in double.</summary>
    public static float DotBlendScalar(ReadOnlySpan<float> c0, ReadOnlySpan<float> c1, ReadOnlySpan<float> x, int length, float a)
    {
        double d0 = 0, d1 = 0;
        for (var k = 0; k < length; k++)
        {
            d0 += c0[k] * (double)x[k];
            d1 += c1[k] * (double)x[k];
        }
        return (float)(d0 + (a * (d1 - d0)));
    }
}
