namespace Augment.Splat.Compression;

/// <summary>How <see cref="ShCodebook.Fit"/> clusters the splats' SH rest vectors.</summary>
public sealed record ShQuantizationOptions
{
    /// <summary>The defaults: 10 Lloyd iterations, seed 0, training on at most 65,536 splats.</summary>
    public static ShQuantizationOptions Default { get; } = new();

    /// <summary>Lloyd iterations (assignment + centroid update) after k-means++ seeding (default 10).</summary>
    public int Iterations { get; init; } = 10;

    /// <summary>Seed of the k-means++ draw; the same seed gives the same codebook at any thread count.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Splats the codebook is trained on (default 65,536): larger clouds train on an evenly spaced subset, then every
    /// splat is assigned to its nearest entry once. Cost is splats x palette x 3 x coefficients per iteration.
    /// </summary>
    public int MaxTrainingSplats { get; init; } = 65_536;

    /// <summary>Threads and memory the clustering may use.</summary>
    public ComputeBudget Budget { get; init; } = ComputeBudget.Default;
}
