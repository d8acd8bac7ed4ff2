namespace Augment.Audio;

/// <summary>
/// The beat-tracking F-measure of the MIREX evaluation (Davies, Degara and Plumbley 2009, as in
/// mir_eval.beat.f_measure, without its trimming of the first 5 s): estimated and reference events
/// are matched one-to-one within ±<c>toleranceSeconds</c>; precision = matches / estimates,
/// recall = matches / references, F = 2PR / (P + R).
/// </summary>
public static class BeatEvaluation
{
    /// <summary>The F-measure of <paramref name="estimatedSeconds"/> against <paramref name="referenceSeconds"/>.</summary>
    /// <param name="referenceSeconds">Reference event times in seconds, ascending.</param>
    /// <param name="estimatedSeconds">Estimated event times in seconds, ascending.</param>
    /// <param name="toleranceSeconds">Half-width of the matching window (0.07 s in MIREX).</param>
    /// <returns>F in 0..1; 0 when either list is empty.</returns>
    public static double FMeasure(IReadOnlyList<double> referenceSeconds, IReadOnlyList<double> estimatedSeconds, double toleranceSeconds = 0.07)
    {
        var matches = CountMatches(referenceSeconds, estimatedSeconds, toleranceSeconds);
        if (matches == 0) return 0;
        var precision = (double)matches / estimatedSeconds.Count;
        var recall = (double)matches / referenceSeconds.Count;
        return 2 * precision * recall / (precision + recall);
    }

    /// <summary>
    /// The size of the largest one-to-one matching of events closer than the tolerance. On a line,
    /// pairing each reference with the earliest unused estimate inside its window is maximal.
    /// </summary>
    /// <param name="referenceSeconds">Reference event times in seconds, ascending.</param>
    /// <param name="estimatedSeconds">Estimated event times in seconds, ascending.</param>
    /// <param name="toleranceSeconds">Half-width of the matching window.</param>
    public static int CountMatches(IReadOnlyList<double> referenceSeconds, IReadOnlyList<double> estimatedSeconds, double toleranceSeconds = 0.07)
    {
        ArgumentNullException.ThrowIfNull(referenceSeconds);
        ArgumentNullException.ThrowIfNull(estimatedSeconds);
        if (!(toleranceSeconds >= 0))
            throw new ArgumentOutOfRangeException(nameof(toleranceSeconds), toleranceSeconds, "The tolerance must not be negative.");
        CheckAscending(referenceSeconds, nameof(referenceSeconds));
        CheckAscending(estimatedSeconds, nameof(estimatedSeconds));
        int matches = 0, j = 0;
        for (var i = 0; i < referenceSeconds.Count; i++)
        {
            var r = referenceSeconds[i];
            while (j < estimatedSeconds.Count && estimatedSeconds[j] < r - toleranceSeconds) j++;
            if (j < estimatedSeconds.Count && estimatedSeconds[j] <= r + toleranceSeconds)
            {
                matches++;
                j++;
            }
        }
        return matches;
    }

    private static void CheckAscending(IReadOnlyList<double> times, string name)
    {
        for (var i = 1; i < times.Count; i++)
            if (!(times[i] >= times[i - 1]))
                throw new ArgumentException($"Event times must be ascending: item {i} ({times[i]} s) comes before item {i - 1} ({times[i - 1]} s).", name);
    }
}
