namespace Augment.Splat.Training;

/// <summary>How COLMAP pairs images for feature matching.</summary>
public enum ColmapMatcher
{
    /// <summary>Every pair (<c>exhaustive_matcher</c>): best for up to a few hundred unordered photos.</summary>
    Exhaustive,

    /// <summary>Neighbours in file-name order (<c>sequential_matcher</c>): for frames of a video, much faster on long captures.</summary>
    Sequential,
}
