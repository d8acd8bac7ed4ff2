namespace Augment.Splat.Training;

/// <summary>The scene's size at one iteration.</summary>
/// <param name="Iteration">Iterations completed.</param>
/// <param name="Count">Gaussians.</param>
public readonly record struct GaussianCountSample(int Iteration, int Count);
