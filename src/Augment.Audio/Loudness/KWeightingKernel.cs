using System.Runtime.CompilerServices;

namespace Augment.Audio;

/// <summary>
/// K-weights samples and returns the sum of squares of the filtered signal (the "z" of BS.1770-4, before
/// dividing by the block length). The filtered samples themselves are never stored.
/// </summary>
/// <remarks>
/// A biquad is a recursion, so one channel cannot be vectorised along time. Two channels are filtered in
/// one loop instead: their recursions are independent, so the CPU overlaps the two dependency chains
/// (the latency of the chain, not arithmetic, bounds a single channel). All arithmetic is double: the
/// state of a 38 Hz high-pass at 48 kHz has poles 0.005 from the unit circle, where float loses digits.
/// </remarks>
internal static class KWeightingKernel
{
    /// <summary>One channel; the scalar reference.</summary>
    public static double FilterSumSquares(ReadOnlySpan<float> input, ref KWeightingState state, in KWeighting k)
    {
        double s1 = state.S1, s2 = state.S2, h1 = state.H1, h2 = state.H2;
        double b0 = k.ShelfB0, b1 = k.ShelfB1, b2 = k.ShelfB2, a1 = k.ShelfA1, a2 = k.ShelfA2;
        double ha1 = k.HighPassA1, ha2 = k.HighPassA2;
        var sum = 0.0;
        for (var i = 0; i < input.Length; i++)
        {
            double x = input[i];
            var y = b0 * x + s1;
            s1 = b1 * x - a1 * y + s2;
            s2 = b2 * x - a2 * y;
            var z = y + h1;
            h1 = -2.0 * y - ha1 * z + h2;
            h2 = y - ha2 * z;
            sum += z * z;
        }
        state.S1 = s1; state.S2 = s2; state.H1 = h1; state.H2 = h2;
        return sum;
    }

    /// <summary>Two channels of equal length in one loop; same results as two calls of the one-channel kernel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double First, double Second) FilterSumSquares(
        ReadOnlySpan<float> first, ReadOnlySpan<float> second, ref KWeightingState firstState, ref KWeightingState secondState, in KWeighting k)
    {
        if (first.Length != second.Length) throw new ArgumentException("The two channels must have the same length.", nameof(second));
        double s1 = firstState.S1, s2 = firstState.S2, h1 = firstState.H1, h2 = firstState.H2;
        double t1 = secondState.S1, t2 = secondState.S2, g1 = secondState.H1, g2 = secondState.H2;
        double b0 = k.ShelfB0, b1 = k.ShelfB1, b2 = k.ShelfB2, a1 = k.ShelfA1, a2 = k.ShelfA2;
        double ha1 = k.HighPassA1, ha2 = k.HighPassA2;
        double sumA = 0.0, sumB = 0.0;
        ref var pa = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(first);
        ref var pb = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(second);
        for (var i = 0; i < first.Length; i++)
        {
            double xa = Unsafe.Add(ref pa, i);
            double xb = Unsafe.Add(ref pb, i);
            var ya = b0 * xa + s1;
            var yb = b0 * xb + t1;
            s1 = b1 * xa - a1 * ya + s2;
            t1 = b1 * xb - a1 * yb + t2;
            s2 = b2 * xa - a2 * ya;
            t2 = b2 * xb - a2 * yb;
            var za = ya + h1;
            var zb = yb + g1;
            h1 = -2.0 * ya - ha1 * za + h2;
            g1 = -2.0 * yb - ha1 * zb + g2;
            h2 = ya - ha2 * za;
            g2 = yb - ha2 * zb;
            sumA += za * za;
            sumB += zb * zb;
        }
        firstState.S1 = s1; firstState.S2 = s2; firstState.H1 = h1; firstState.H2 = h2;
        secondState.S1 = t1; secondState.S2 = t2; secondState.H1 = g1; secondState.H2 = g2;
        return (sumA, sumB);
    }
}
