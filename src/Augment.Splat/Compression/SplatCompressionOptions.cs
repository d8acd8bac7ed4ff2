namespace Augment.Splat.Compression;

/// <summary>How <see cref="SplatCompression.Compress(GaussianCloud, CompressionPreset, string, SplatCompressionOptions?, IProgress{AugmentProgress}?, CancellationToken)"/> writes and measures.</summary>
public sealed record SplatCompressionOptions
{
    /// <summary>The defaults: 16 views of 480 x 270.</summary>
    public static SplatCompressionOptions Default { get; } = new();

    /// <summary>
    /// Size of the source the ratio is measured against, in bytes (e.g. the input file's length); null uses the size of
    /// the input cloud written as a binary 3DGS PLY.
    /// </summary>
    public long? SourceBytes { get; init; }

    /// <summary>
    /// Views on which the written file is rendered and compared with the original (default 16, an orbit from
    /// <see cref="CameraPath.Orbit(GaussianCloud, int, int, int, float, float, System.Numerics.Vector3?)"/>); 0 measures bytes only.
    /// Ignored when <see cref="Cameras"/> is given.
    /// </summary>
    public int Views { get; init; } = 16;

    /// <summary>Width of the orbit views in pixels (default 480).</summary>
    public int ViewWidth { get; init; } = 480;

    /// <summary>Height of the orbit views in pixels (default 270).</summary>
    public int ViewHeight { get; init; } = 270;

    /// <summary>The views to measure on instead of the orbit.</summary>
    public IReadOnlyList<PinholeCamera>? Cameras { get; init; }

    /// <summary>
    /// Reference images, one per camera of <see cref="Cameras"/> (e.g. a synthetic scene's analytic ground truth, RGB in
    /// [0, 1]): the report then also gives PSNR and SSIM of the original and of the compressed render against them.
    /// </summary>
    public IReadOnlyList<ImageFrame>? ReferenceImages { get; init; }

    /// <summary>Renderer settings for the measurement; defaults (with <see cref="Budget"/>) when null.</summary>
    public SplatRenderOptions? Render { get; init; }

    /// <summary>Settings of the written format; defaults when null.</summary>
    public SplatWriteOptions? Write { get; init; }

    /// <summary>Threads and memory the compression, writing and rendering may use.</summary>
    public ComputeBudget Budget { get; init; } = ComputeBudget.Default;
}
