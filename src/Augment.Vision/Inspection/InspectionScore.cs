namespace Augment.Vision;

/// <summary>Maps a check's statistic onto the common 0..1 score: 0.5 at the check's threshold.</summary>
internal static class InspectionScore
{
    /// <summary>
    /// Logistic in log2(statistic / threshold): 0.5 at the threshold, about 0.88 at twice it (with
    /// <paramref name="steepness"/> 2 per doubling), toward 0 below. For ratio-like statistics.
    /// </summary>
    public static double FromRatio(double statistic, double threshold, double steepness = 2.0)
    {
        if (!(statistic > 0))
            return 0;
        var x = steepness * Math.Log2(statistic / threshold);
        return 1.0 / (1.0 + Math.Exp(-x));
    }

    /// <summary>Logistic in (value − threshold) / scale: 0.5 at the threshold.</summary>
    public static double FromExcess(double value, double threshold, double scale)
    {
        var x = (value - threshold) / scale;
        return 1.0 / (1.0 + Math.Exp(-x));
    }
}
