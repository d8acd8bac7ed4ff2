namespace Augment.Splat.Training;

/// <summary>How <see cref="FrameSelector"/> spreads the chosen frames along the video.</summary>
public enum FrameSpacing
{
    /// <summary>
    /// Along the camera's cumulative image motion (80 %) blended with time (20 %): a slow stretch of the walk gives fewer
    /// frames than a stretch where the view changes quickly, and a pause does not fill the selection with near-duplicates.
    /// Falls back to time when the camera hardly moves.
    /// </summary>
    CameraMotion,

    /// <summary>Evenly in time.</summary>
    Time,
}
