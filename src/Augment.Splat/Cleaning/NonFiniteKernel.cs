using System.Numerics;

namespace Augment.Splat.Cleaning;

/// <summary>
/// Marks splats with a NaN or infinite value in any attribute plane as dead. The SIMD form tests a whole vector
/// at once through v - v == 0 (false exactly for NaN and ±infinity) and falls back to the scalar test only in
/// the rare vector that holds a bad value; the scalar form is the reference.
/// </summary>
internal static class NonFiniteKernel
{
    /// <summary>Reference: clears alive[i] for each alive splat in [start, end) with a non-finite value; returns how many it cleared.</summary>
    public static int MarkScalar(float[][] planes, Span<bool> alive, int start, int end)
    {
        var removed = 0;
        for (var i = start; i < end; i++)
        {
            if (!alive[i])
                continue;
            foreach (var plane in planes)
            {
                if (!float.IsFinite(plane[i]))
                {
                    alive[i] = false;
                    removed++;
                    break;
                }
            }
        }
        return removed;
    }

    /// <summary>Same result as <see cref="MarkScalar"/>, vectorised over each plane.</summary>
    public static int MarkSimd(float[][] planes, Span<bool> alive, int start, int end)
    {
        var removed = 0;
        var width = Vector<float>.Count;
        foreach (var plane in planes)
        {
            var values = plane.AsSpan(start, end - start);
            var i = 0;
            for (; i <= values.Length - width; i += width)
            {
                var v = new Vector<float>(values[i..]);
                if (Vector.EqualsAll(v - v, Vector<float>.Zero))
                    continue;
                removed += MarkRange(values, alive, start, i, i + width);
            }
            removed += MarkRange(values, alive, start, i, values.Length);
        }
        return removed;
    }

    private static int MarkRange(ReadOnlySpan<float> values, Span<bool> alive, int offset, int from, int to)
    {
        var removed = 0;
        for (var j = from; j < to; j++)
        {
            if (!float.IsFinite(values[j]) && alive[offset + j])
            {
                alive[offset + j] = false;
                removed++;
            }
        }
        return removed;
    }
}
