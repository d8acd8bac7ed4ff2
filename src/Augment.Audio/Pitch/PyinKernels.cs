using System.Numerics;

namespace Augment.Audio;

/// <summary>
/// The Viterbi step's hot loop: for every pitch bin j, the best predecessor i within ±half bins,
/// max_i (shifted[i] + logWeight[|i − j|]) — a max-plus convolution with the triangular transition kernel.
/// Looping over the offset outermost lets each pass run over j in SIMD lanes (compare, select value and index).
/// </summary>
internal static class PyinKernels
{
    private static readonly Vector<int> Lanes = BuildLanes();

    private static Vector<int> BuildLanes()
    {
        Span<int> lanes = stackalloc int[Vector<int>.Count];
        for (var i = 0; i < lanes.Length; i++) lanes[i] = i;
        return new Vector<int>(lanes);
    }

    /// <summary>SIMD version; ties go to the smallest source index, exactly as <see cref="MaxPlusReference"/>.</summary>
    internal static void MaxPlus(ReadOnlySpan<float> shifted, ReadOnlySpan<float> logWeight, int half, Span<float> best, Span<int> source)
    {
        var n = shifted.Length;
        best[..n].Fill(float.NegativeInfinity);
        for (var j = 0; j < n; j++) source[j] = j;
        var width = Vector<float>.Count;
        for (var k = -half; k <= half; k++)
        {
            var w = logWeight[Math.Abs(k)];
            var lo = Math.Max(0, -k);
            var hi = Math.Min(n, n - k);
            var j = lo;
            if (Vector.IsHardwareAccelerated)
            {
                var weight = new Vector<float>(w);
                for (; j <= hi - width; j += width)
                {
                    var candidate = new Vector<float>(shifted.Slice(j + k, width)) + weight;
                    var current = new Vector<float>(best.Slice(j, width));
                    var better = Vector.GreaterThan(candidate, current);
                    Vector.ConditionalSelect(better, candidate, current).CopyTo(best.Slice(j, width));
                    var index = new Vector<int>(j + k) + Lanes;
                    Vector.ConditionalSelect(better, index, new Vector<int>(source.Slice(j, width))).CopyTo(source.Slice(j, width));
                }
            }
            for (; j < hi; j++)
            {
                var candidate = shifted[j + k] + w;
                if (candidate > best[j])
                {
                    best[j] = candidate;
                    source[j] = j + k;
                }
            }
        }
    }

    /// <summary>The scalar reference: for each j, sources in increasing order, the first strict maximum.</summary>
    internal static void MaxPlusReference(ReadOnlySpan<float> shifted, ReadOnlySpan<float> logWeight, int half, Span<float> best, Span<int> source)
    {
        var n = shifted.Length;
        for (var j = 0; j < n; j++)
        {
            var value = float.NegativeInfinity;
            var from = j;
            for (var i = Math.Max(0, j - half); i <= Math.Min(n - 1, j + half); i++)
            {
                var candidate = shifted[i] + logWeight[Math.Abs(i - j)];
                if (candidate > value)
                {
                    value = candidate;
                    from = i;
                }
            }
            best[j] = value;
            source[j] = from;
        }
    }
}
