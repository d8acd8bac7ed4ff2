namespace Augment.Vision;

/// <summary>One input of a <see cref="ColorGrade"/> batch and where its results go.</summary>
/// <param name="Input">An image or video file; it is not modified.</param>
/// <param name="Output">The graded file; its extension picks the format. Must differ from the input.</param>
/// <param name="Lut">Where to bake the clip's grade as a <c>.cube</c> (size <see cref="ColorGradeOptions.LutSize"/>, 33 when unset), or null for none.</param>
public sealed record GradeJob(string Input, string Output, string? Lut = null);
