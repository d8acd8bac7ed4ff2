namespace Augment.Vision;

/// <summary>How a shot begins: the kind of transition from the shot before it.</summary>
public enum ShotTransition
{
    /// <summary>The first shot of the video: nothing comes before it.</summary>
    None,

    /// <summary>A hard cut: one frame belongs to the old shot, the next to the new one.</summary>
    Cut,

    /// <summary>A dissolve (cross-fade): the old shot blends into the new one over several frames.</summary>
    Dissolve,

    /// <summary>A fade through black: the old shot fades out to black and the new one fades in.</summary>
    Fade,
}
