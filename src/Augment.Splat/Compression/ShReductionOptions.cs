namespace Augment.Splat.Compression;

/// <summary>How <see cref="ShCompressionExtensions.ReduceShDegree"/> lowers a cloud's spherical-harmonic degree.</summary>
public sealed record ShReductionOptions
{
    /// <summary>The defaults: 128 directions, clamp compensation on.</summary>
    public static ShReductionOptions Default { get; } = new();

    /// <summary>
    /// Directions on a Fibonacci sphere at which the clamped colour is sampled for the fit (default 128; at least
    /// (degree + 1)², at most 4096). More directions fit the clamp's kink better and cost proportionally more.
    /// </summary>
    public int Directions { get; init; } = 128;

    /// <summary>
    /// Refit the kept coefficients to the colour the renderer shows, max(0, SH(d) + 0.5) (default true); false is plain
    /// truncation, the least-squares answer for the unclamped colour.
    /// </summary>
    public bool CompensateClamp { get; init; } = true;

    /// <summary>Threads and memory the reduction may use.</summary>
    public ComputeBudget Budget { get; init; } = ComputeBudget.Default;
}
