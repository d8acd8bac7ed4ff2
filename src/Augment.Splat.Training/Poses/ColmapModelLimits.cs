namespace Augment.Splat.Training;

/// <summary>
/// Decode limits for COLMAP models: counts above these are reported as <see cref="InvalidMediaException"/> before anything
/// is allocated, so a corrupt or hostile count cannot exhaust memory. The defaults are far above real reconstructions.
/// </summary>
public sealed record ColmapModelLimits
{
    /// <summary>Most cameras (default 100 000).</summary>
    public int MaxCameras { get; init; } = 100_000;

    /// <summary>Most images (default 1 000 000).</summary>
    public int MaxImages { get; init; } = 1_000_000;

    /// <summary>Most 3D points (default 50 000 000).</summary>
    public int MaxPoints3D { get; init; } = 50_000_000;

    /// <summary>Most keypoints in one image (default 1 000 000).</summary>
    public int MaxPoints2DPerImage { get; init; } = 1_000_000;

    /// <summary>Most observations of one 3D point (default 1 000 000).</summary>
    public int MaxTrackLength { get; init; } = 1_000_000;

    /// <summary>Longest image name in bytes (default 4096).</summary>
    public int MaxNameBytes { get; init; } = 4096;

    /// <summary>Longest line of a text model in characters (default 64 MiB: keypoint lines can be long).</summary>
    public int MaxLineLength { get; init; } = 64 << 20;

    /// <summary>The defaults.</summary>
    public static ColmapModelLimits Default { get; } = new();
}
