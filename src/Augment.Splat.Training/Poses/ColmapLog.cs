using System.Globalization;
using System.Text.RegularExpressions;

namespace Augment.Splat.Training;

/// <summary>
/// Progress in colmap 3.x's log lines: feature_extractor prints "Processed file [i/n]", exhaustive_matcher
/// "Matching block [i/n, j/m]", sequential_matcher "Matching image [i/n]", mapper "Registering image #id (k)" with k the
/// number of images registered so far.
/// </summary>
internal static partial class ColmapLog
{
    /// <summary>Items done and total in a line, or null; for the mapper the total is unknown (0) and the caller supplies it.</summary>
    public static (long Done, long Total)? Parse(string step, string line)
    {
        Match m;
        switch (step)
        {
            case "feature_extractor":
                m = ProcessedFile().Match(line);
                return m.Success ? (Long(m.Groups[1]), Long(m.Groups[2])) : null;
            case "exhaustive_matcher":
                m = MatchingBlock().Match(line);
                if (!m.Success)
                    return null;
                // Blocks run row by row: block (i, j) of (n, n) is number (i - 1) * n + j.
                long i = Long(m.Groups[1]), n = Long(m.Groups[2]), j = Long(m.Groups[3]), nj = Long(m.Groups[4]);
                return (((i - 1) * nj) + j, n * nj);
            case "sequential_matcher":
                m = MatchingImage().Match(line);
                return m.Success ? (Long(m.Groups[1]), Long(m.Groups[2])) : null;
            case "mapper":
                m = Registering().Match(line);
                return m.Success ? (Long(m.Groups[1]), 0) : null;
            default:
                return null;
        }
    }

    private static long Long(Group g) => long.Parse(g.ValueSpan, NumberStyles.Integer, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Processed file \[(\d+)/(\d+)\]")]
    private static partial Regex ProcessedFile();

    [GeneratedRegex(@"Matching block \[(\d+)/(\d+),\s*(\d+)/(\d+)\]")]
    private static partial Regex MatchingBlock();

    [GeneratedRegex(@"Matching image \[(\d+)/(\d+)\]")]
    private static partial Regex MatchingImage();

    [GeneratedRegex(@"Registering image #\d+ \((\d+)\)")]
    private static partial Regex Registering();
}
