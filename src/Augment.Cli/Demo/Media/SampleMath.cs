namespace Augment.Cli.Demo.Media;

/// <summary>The comparisons the demo's self-checks make.</summary>
internal static class SampleMath
{
    /// <summary>Largest absolute difference between two equally long spans (NaN counts as infinitely different).</summary>
    public static float MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"Cannot compare {a.Length} samples with {b.Length}.", nameof(b));
        var max = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            var d = MathF.Abs(a[i] - b[i]);
            if (float.IsNaN(d)) return float.PositiveInfinity;
            if (d > max) max = d;
        }
        return max;
    }
}
