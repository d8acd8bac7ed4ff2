using System.Numerics;

namespace Augment.Splat.Training;

/// <summary>How <see cref="DifferentiableRasterizer"/> draws a scene (the same meaning as <see cref="SplatRenderOptions"/>).</summary>
public sealed record RasterizerOptions
{
    /// <summary>Colour behind the Gaussians, RGB (default black); it enters the image weighted by the final transmittance.</summary>
    public Vector3 Background { get; init; }

    /// <summary>
    /// Variance in pixels² added to each projected 2D covariance (default 0.3, as the reference 3DGS rasteriser and
    /// <see cref="SplatRenderer"/>); 0 renders the exact projected Gaussian.
    /// </summary>
    public float LowPassVariance { get; init; } = 0.3f;

    /// <summary>Threads and memory the passes may use.</summary>
    public ComputeBudget Budget { get; init; } = ComputeBudget.Default;
}
