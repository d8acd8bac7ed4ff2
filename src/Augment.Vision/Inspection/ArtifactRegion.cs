namespace Augment.Vision;

/// <summary>One flagged region of an <see cref="ArtifactReport"/>: a hint for a human reviewer, not proof.</summary>
/// <param name="Bounds">The rectangle of pixels the finding covers.</param>
/// <param name="Score">How strongly the region stands out, 0 (not at all) to 1 (far beyond the check's threshold); 0.5 is the threshold.</param>
/// <param name="Kind">What was found.</param>
/// <param name="Explanation">One sentence with the measured numbers, for the reviewer.</param>
public sealed record ArtifactRegion(PixelRegion Bounds, double Score, ArtifactKind Kind, string Explanation);
