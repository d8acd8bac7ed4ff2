namespace Augment.Splat.Cleaning;

/// <summary>The cleaned cloud and the report of how it was cleaned; deconstructs as <c>var (clean, report) = ...</c>.</summary>
/// <param name="Cloud">A new cloud of the surviving splats, in their original order, with every attribute.</param>
/// <param name="Report">One row per step.</param>
public sealed record CleaningResult(GaussianCloud Cloud, CleaningReport Report);
