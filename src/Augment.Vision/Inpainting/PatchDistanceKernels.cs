using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Augment.Vision;

/// <summary>
/// Sum of squared differences between two square patches of an interleaved (height x width x channels)
/// image, stopping early once the sum reaches a limit (the current best match can no longer be beaten,
/// Barnes et al. 2009 section 3.2). A patch row is <c>side * channels</c> contiguous floats, so the
/// fast kernel runs 8 lanes along it; <see cref="Scalar"/> is the reference the tests compare with.
/// </summary>
internal static class PatchDistanceKernels
{
    /// <summary>The reference: one sample at a time.</summary>
    /// <param name="pixels">Interleaved image.</param>
    /// <param name="rowStride">Floats per image row (width x channels).</param>
    /// <param name="rowLength">Floats per patch row (side x channels).</param>
    /// <param name="side">Patch side.</param>
    /// <param name="first">Index of the first float of patch A's top-left pixel.</param>
    /// <param name="second">Index of the first float of patch B's top-left pixel.</param>
    /// <param name="limit">Stop once the running sum reaches this (checked after each patch row).</param>
    public static float Scalar(ReadOnlySpan<float> pixels, int rowStride, int rowLength, int side, int first, int second, float limit)
    {
        var sum = 0f;
        for (var row = 0; row < side; row++)
        {
            var a = pixels.Slice(first + row * rowStride, rowLength);
            var b = pixels.Slice(second + row * rowStride, rowLength);
            for (var i = 0; i < rowLength; i++)
            {
                var d = a[i] - b[i];
                sum += d * d;
            }
            if (sum >= limit)
                return sum;
        }
        return sum;
    }

    /// <summary>The fast kernel (Vector256 along patch rows); same contract as <see cref="Scalar"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Fast(ReadOnlySpan<float> pixels, int rowStride, int rowLength, int side, int first, int second, float limit)
    {
        if (!Vector256.IsHardwareAccelerated || rowLength < Vector256<float>.Count)
            return Scalar(pixels, rowStride, rowLength, side, first, second, limit);
        ref var origin = ref MemoryMarshal.GetReference(pixels);
        var vectorEnd = rowLength - Vector256<float>.Count;
        var sum = 0f;
        for (var row = 0; row < side; row++)
        {
            ref var a = ref Unsafe.Add(ref origin, first + row * rowStride);
            ref var b = ref Unsafe.Add(ref origin, second + row * rowStride);
            var acc = Vector256<float>.Zero;
            var i = 0;
            for (; i <= vectorEnd; i += Vector256<float>.Count)
            {
                var d = Vector256.LoadUnsafe(ref a, (nuint)i) - Vector256.LoadUnsafe(ref b, (nuint)i);
                acc += d * d;
            }
            if (i < rowLength)
            {
                // The last, overlapping vector: mask off the lanes already counted.
                var start = rowLength - Vector256<float>.Count;
                var d = Vector256.LoadUnsafe(ref a, (nuint)start) - Vector256.LoadUnsafe(ref b, (nuint)start);
                var keep = Vector256.GreaterThanOrEqual(Vector256.Create(0f, 1, 2, 3, 4, 5, 6, 7), Vector256.Create((float)(i - start)));
                acc += Vector256.ConditionalSelect(keep, d * d, Vector256<float>.Zero);
            }
            sum += Vector256.Sum(acc);
            if (sum >= limit)
                return sum;
        }
        return sum;
    }
}
