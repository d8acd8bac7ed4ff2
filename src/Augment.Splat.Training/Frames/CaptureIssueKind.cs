namespace Augment.Splat.Training;

/// <summary>What a <see cref="CaptureIssue"/> is about.</summary>
public enum CaptureIssueKind
{
    /// <summary>Frames blurred while the camera moved fast (pans too quick for the shutter).</summary>
    FastMotion,

    /// <summary>Frames blurred in one direction (motion blur) although the image moved little between frames (shake).</summary>
    MotionBlur,

    /// <summary>Frames soft in every direction (out of focus, or a smeared lens).</summary>
    Blurry,

    /// <summary>Frames too dark.</summary>
    Underexposed,

    /// <summary>Frames too bright (clipped highlights).</summary>
    Overexposed,

    /// <summary>The camera rotates in place instead of moving around the subject: little parallax for reconstruction.</summary>
    LittleParallax,

    /// <summary>Fewer usable frames than asked for.</summary>
    FewUsableFrames,
}
