using Augment.Splat;

namespace Augment.Splat.Training;

/// <summary>The trained scene and its report.</summary>
/// <param name="Scene">The scene (rotations as trained; writers normalise them).</param>
/// <param name="Report">Quality, counts and time.</param>
public sealed record TrainingResult(GaussianCloud Scene, TrainingReport Report);
