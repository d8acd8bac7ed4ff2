namespace Augment.Vision;

/// <summary>
/// A per-channel tone curve from CDF matching: the source channel's cumulative distribution is
/// composed with the inverse of the reference's, F_r⁻¹(F_s(v)) (Gonzalez and Woods, Digital Image
/// Processing, section 3.3.2, "histogram specification"). Both CDFs are piecewise linear over their
/// bins (values spread evenly within a bin), so the curve is continuous and monotone; it is sampled
/// at the source bin edges and interpolated linearly.
/// </summary>
internal sealed class HistogramCurve
{
    private readonly float _low;
    private readonly float _scale;
    private readonly float[] _map;

    private HistogramCurve(float low, float scale, float[] map)
    {
        _low = low;
        _scale = scale;
        _map = map;
    }

    /// <summary>Builds the curve from weighted histograms over [<paramref name="sourceLow"/>, <paramref name="sourceHigh"/>] and [<paramref name="referenceLow"/>, <paramref name="referenceHigh"/>].</summary>
    public static HistogramCurve Build(ReadOnlySpan<double> sourceHistogram, double sourceLow, double sourceHigh, ReadOnlySpan<double> referenceHistogram, double referenceLow, double referenceHigh)
    {
        var bins = sourceHistogram.Length;
        var map = new float[bins + 1];
        double sourceTotal = 0, referenceTotal = 0;
        foreach (var count in sourceHistogram)
            sourceTotal += count;
        foreach (var count in referenceHistogram)
            referenceTotal += count;
        var referenceWidth = (referenceHigh - referenceLow) / referenceHistogram.Length;

        // Walk source edges in order; the target probability only grows, so the reference bin index
        // only moves forward (a merge of the two CDFs).
        double sourceCumulative = 0, referenceCumulative = 0;
        var j = 0;
        for (var k = 0; k <= bins; k++)
        {
            if (k > 0)
                sourceCumulative += sourceHistogram[k - 1];
            var p = sourceTotal > 0 ? sourceCumulative / sourceTotal * referenceTotal : 0.0;
            while (j < referenceHistogram.Length && referenceCumulative + referenceHistogram[j] < p)
            {
                referenceCumulative += referenceHistogram[j];
                j++;
            }
            double value;
            if (j >= referenceHistogram.Length)
                value = referenceHigh;
            else
            {
                var inBin = referenceHistogram[j];
                var fraction = inBin > 0 ? Math.Clamp((p - referenceCumulative) / inBin, 0.0, 1.0) : 0.0;
                value = referenceLow + (j + fraction) * referenceWidth;
            }
            map[k] = (float)value;
        }
        var width = sourceHigh - sourceLow;
        return new HistogramCurve((float)sourceLow, (float)(bins / width), map);
    }

    /// <summary>Maps <paramref name="values"/> in place, moving each by <paramref name="strength"/> of the way to its matched value.</summary>
    public void Apply(Span<float> values, float strength)
    {
        var bins = _map.Length - 1;
        var map = _map.AsSpan();
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            var t = (v - _low) * _scale;
            float matched;
            if (!(t > 0f))
                matched = map[0]; // also NaN
            else if (t >= bins)
                matched = map[bins];
            else
            {
                var k = (int)t;
                var f = t - k;
                matched = map[k] + f * (map[k + 1] - map[k]);
            }
            values[i] = v + strength * (matched - v);
        }
    }
}
