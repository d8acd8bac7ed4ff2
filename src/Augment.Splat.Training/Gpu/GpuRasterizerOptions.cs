using System.Numerics;

namespace Augment.Splat.Training;

/// <summary>How a <see cref="GpuRasterizer"/> draws and where it runs.</summary>
public sealed record GpuRasterizerOptions
{
    /// <summary>Colour behind the Gaussians, linear RGB (default black), as SplatRenderOptions.Background.</summary>
    public Vector3 Background { get; init; }

    /// <summary>Variance in pixels² added to each projected 2D covariance (default 0.3, as the preview renderer).</summary>
    public float LowPassVariance { get; init; } = 0.3f;

    /// <summary>Threads and memory for the host-side work (tile binning and depth sort) and host buffers.</summary>
    public ComputeBudget Budget { get; init; } = ComputeBudget.Default;

    /// <summary>Accelerator the kernels run on (default CUDA).</summary>
    public GpuAccelerator Accelerator { get; init; } = GpuAccelerator.Cuda;

    /// <summary>The GPU options that draw like <paramref name="options"/> (background, low-pass variance, budget) on <paramref name="accelerator"/>.</summary>
    /// <param name="options">The CPU rasteriser's options.</param>
    /// <param name="accelerator">Where the kernels run.</param>
    public static GpuRasterizerOptions From(RasterizerOptions options, GpuAccelerator accelerator = GpuAccelerator.Cuda)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new GpuRasterizerOptions
        {
            Background = options.Background,
            LowPassVariance = options.LowPassVariance,
            Budget = options.Budget,
            Accelerator = accelerator,
        };
    }
}
