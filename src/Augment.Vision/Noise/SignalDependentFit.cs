namespace Augment.Vision;

/// <summary>
/// Fits <c>σ²(I) = a·I + b</c> (the Poisson–Gaussian model of raw sensor noise, Foi et al., "Practical
/// Poissonian-Gaussian noise modeling and fitting for single-image raw-data", IEEE TIP 2008) to block
/// estimates: blocks are binned by mean intensity, each bin speaks with the median of its variances (robust
/// to the textured blocks the edge gate missed), and a least-squares line weighted by block count goes
/// through the bin medians. Bins at the clipping ends (below 2% or above 98%) are left out, because clipping
/// shrinks the variance there.
/// </summary>
internal static class SignalDependentFit
{
    public const int MinBlocksPerBin = 3;

    /// <summary>Returns (a, b, bins used); with fewer than two usable bins, (0, 0, count).</summary>
    public static (double Gain, double Offset, int Bins) Fit(ReadOnlySpan<float> means, ReadOnlySpan<float> variances, int binCount)
    {
        var perBin = new List<float>[binCount];
        for (var i = 0; i < means.Length; i++)
        {
            var mean = means[i];
            var variance = variances[i];
            if (float.IsNaN(variance) || mean < 0.02f || mean > 0.98f)
                continue;
            var bin = Math.Clamp((int)(mean * binCount), 0, binCount - 1);
            (perBin[bin] ??= []).Add(variance);
        }
        Span<double> xs = stackalloc double[binCount];
        Span<double> ys = stackalloc double[binCount];
        Span<double> ws = stackalloc double[binCount];
        var used = 0;
        for (var bin = 0; bin < binCount; bin++)
        {
            var list = perBin[bin];
            if (list is null || list.Count < MinBlocksPerBin)
                continue;
            list.Sort();
            var values = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list);
            ys[used] = values.Length % 2 == 1 ? values[values.Length / 2] : 0.5 * (values[values.Length / 2 - 1] + values[values.Length / 2]);
            xs[used] = BinCentre(means, variances, bin, binCount);
            ws[used] = values.Length;
            used++;
        }
        if (used < 2)
            return (0, used == 1 ? ys[0] : 0, used);
        double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (var i = 0; i < used; i++)
        {
            sw += ws[i];
            sx += ws[i] * xs[i];
            sy += ws[i] * ys[i];
            sxx += ws[i] * xs[i] * xs[i];
            sxy += ws[i] * xs[i] * ys[i];
        }
        var denominator = sw * sxx - sx * sx;
        if (denominator <= 1e-12 * sw * sw)
            return (0, sy / sw, used);
        var gain = (sw * sxy - sx * sy) / denominator;
        var offset = (sy - gain * sx) / sw;
        if (gain < 0)
            return (0, sy / sw, used);
        return (gain, offset, used);
    }

    // The mean intensity of the usable blocks in the bin (not the bin's middle: blocks cluster unevenly).
    private static double BinCentre(ReadOnlySpan<float> means, ReadOnlySpan<float> variances, int bin, int binCount)
    {
        double sum = 0;
        var count = 0;
        for (var i = 0; i < means.Length; i++)
        {
            var mean = means[i];
            if (float.IsNaN(variances[i]) || mean < 0.02f || mean > 0.98f)
                continue;
            if (Math.Clamp((int)(mean * binCount), 0, binCount - 1) != bin)
                continue;
            sum += mean;
            count++;
        }
        return sum / count;
    }
}
