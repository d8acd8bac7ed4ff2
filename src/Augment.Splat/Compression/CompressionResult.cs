namespace Augment.Splat.Compression;

/// <summary>The compressed cloud and what each step did; deconstructs as <c>var (small, steps) = ...</c>.</summary>
/// <param name="Cloud">A new cloud; the input is unchanged.</param>
/// <param name="Steps">One row per step, in the order they ran.</param>
public sealed record CompressionResult(GaussianCloud Cloud, IReadOnlyList<CompressionStepResult> Steps);
