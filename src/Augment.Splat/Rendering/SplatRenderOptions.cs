using System.Numerics;

namespace Augment.Splat;

/// <summary>How <see cref="SplatRenderer"/> draws a cloud.</summary>
public sealed record SplatRenderOptions
{
    /// <summary>Colour behind the splats, linear RGB in [0, 1] (default black).</summary>
    public Vector3 Background { get; init; }

    /// <summary>Highest SH degree evaluated (default: all the cloud has); 0 draws the view-independent colour.</summary>
    public int? MaxShDegree { get; init; }

    /// <summary>
    /// Variance in pixels² added to each projected 2D covariance (default 0.3, as the reference 3DGS rasteriser does, so a
    /// splat never gets thinner than about a pixel); 0 renders the exact projected Gaussian.
    /// </summary>
    public float LowPassVariance { get; init; } = 0.3f;

    /// <summary>Threads and memory the renderer may use.</summary>
    public ComputeBudget Budget { get; init; } = ComputeBudget.Default;
}
