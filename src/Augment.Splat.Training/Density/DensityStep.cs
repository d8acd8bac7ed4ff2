namespace Augment.Splat.Training;

/// <summary>What one densification did.</summary>
/// <param name="Cloned">Gaussians copied in place.</param>
/// <param name="Split">Gaussians replaced by smaller samples.</param>
/// <param name="Pruned">Gaussians removed (faint or oversized).</param>
/// <param name="Count">Gaussians after the step.</param>
internal readonly record struct DensityStep(int Cloned, int Split, int Pruned, int Count);
