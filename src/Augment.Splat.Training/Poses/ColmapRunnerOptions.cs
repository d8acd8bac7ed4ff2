namespace Augment.Splat.Training;

/// <summary>Settings of <see cref="ColmapRunner"/>. Every step runs on the CPU (SIFT on the GPU needs an OpenGL or CUDA build).</summary>
public sealed record ColmapRunnerOptions
{
    /// <summary>The colmap executable or the folder holding it; null to use <c>AUGMENT_COLMAP</c>, then PATH.</summary>
    public string? ColmapPath { get; init; }

    /// <summary>How images are paired for matching (default exhaustive).</summary>
    public ColmapMatcher Matcher { get; init; } = ColmapMatcher.Exhaustive;

    /// <summary>Camera model COLMAP fits (default SIMPLE_RADIAL, COLMAP's own default; PINHOLE for undistorted or rendered images).</summary>
    public ColmapCameraModel CameraModel { get; init; } = ColmapCameraModel.SimpleRadial;

    /// <summary>Whether all images share one camera (default true: one phone, one zoom).</summary>
    public bool SingleCamera { get; init; } = true;

    /// <summary>Images larger than this (longest side, pixels) are downscaled for feature extraction (default 1600).</summary>
    public int MaxImageSize
    {
        get;
        init => field = value >= 16 ? value : throw new ArgumentOutOfRangeException(nameof(MaxImageSize), value, "must be at least 16 pixels.");
    } = 1600;

    /// <summary>Most SIFT features kept per image (default 8192, COLMAP's own); fewer make matching much faster on small images.</summary>
    public int MaxFeaturesPerImage
    {
        get;
        init => field = value >= 16 ? value : throw new ArgumentOutOfRangeException(nameof(MaxFeaturesPerImage), value, "must be at least 16.");
    } = 8192;

    /// <summary>Frames each frame is matched with when <see cref="Matcher"/> is sequential (default 10).</summary>
    public int SequentialOverlap
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(SequentialOverlap), value, "must be at least 1.");
    } = 10;

    /// <summary>Threads for every step (from <see cref="ComputeBudget.MaxThreads"/>).</summary>
    public ComputeBudget Budget { get; init; } = ComputeBudget.Default;

    /// <summary>Lines of colmap's output kept for the error message when a step fails (default 30).</summary>
    public int ErrorTailLines { get; init; } = 30;
}
