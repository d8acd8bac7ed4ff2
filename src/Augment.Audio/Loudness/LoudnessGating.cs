namespace Augment.Audio;

/// <summary>Gated integration (BS.1770-4 section 2.6) and loudness range (EBU Tech 3342) over block powers.</summary>
internal static class LoudnessGating
{
    /// <summary>-0.691 dB: makes a 1 kHz full-scale sine on one channel read -3.01 LKFS (BS.1770-4 eq. 2).</summary>
    public const double Offset = -0.691;

    /// <summary>Absolute gate, LUFS.</summary>
    public const double AbsoluteGateLufs = -70.0;

    /// <summary>Loudness of a weighted mean square; -∞ for silence.</summary>
    public static double ToLufs(double power) => power > 0 ? Offset + 10.0 * Math.Log10(power) : double.NegativeInfinity;

    private static double ToPower(double lufs) => Math.Pow(10.0, (lufs - Offset) / 10.0);

    /// <summary>Integrated loudness of 400 ms gating-block powers: absolute -70 LUFS gate, then relative -10 LU.</summary>
    public static (double IntegratedLufs, double RelativeGateLufs) Integrate(ReadOnlySpan<double> blockPowers)
    {
        var (mean, count) = MeanAbove(blockPowers, ToPower(AbsoluteGateLufs));
        if (count == 0) return (double.NegativeInfinity, double.NegativeInfinity);
        var relativeGate = ToLufs(mean) - 10.0;
        var gate = Math.Max(ToPower(relativeGate), ToPower(AbsoluteGateLufs));
        var (gated, gatedCount) = MeanAbove(blockPowers, gate);
        return (gatedCount == 0 ? double.NegativeInfinity : ToLufs(gated), relativeGate);
    }

    /// <summary>
    /// Loudness range (EBU Tech 3342): short-term (3 s) powers gated at -70 LUFS and at -20 LU below their
    /// power mean, then the spread between the 10th and 95th percentiles of their loudness.
    /// </summary>
    public static (double RangeLu, double LowLufs, double HighLufs) Range(ReadOnlySpan<double> shortTermPowers)
    {
        var (mean, count) = MeanAbove(shortTermPowers, ToPower(AbsoluteGateLufs));
        if (count == 0) return (0.0, double.NegativeInfinity, double.NegativeInfinity);
        var gate = Math.Max(ToPower(ToLufs(mean) - 20.0), ToPower(AbsoluteGateLufs));
        var kept = new double[count];
        var n = 0;
        foreach (var p in shortTermPowers)
            if (p > gate) kept[n++] = p;
        if (n == 0) return (0.0, double.NegativeInfinity, double.NegativeInfinity);
        var sorted = kept.AsSpan(0, n);
        sorted.Sort();
        // Nearest-rank percentiles over the sorted values, as in the Tech 3342 reference description.
        var low = ToLufs(sorted[PercentileIndex(n, 0.10)]);
        var high = ToLufs(sorted[PercentileIndex(n, 0.95)]);
        return (high - low, low, high);
    }

    private static int PercentileIndex(int count, double fraction) =>
        Math.Clamp((int)Math.Round((count - 1) * fraction, MidpointRounding.AwayFromZero), 0, count - 1);

    private static (double Mean, int Count) MeanAbove(ReadOnlySpan<double> powers, double threshold)
    {
        var sum = 0.0;
        var count = 0;
        foreach (var p in powers)
        {
            if (p > threshold)
            {
                sum += p;
                count++;
            }
        }
        return (count == 0 ? 0.0 : sum / count, count);
    }
}
