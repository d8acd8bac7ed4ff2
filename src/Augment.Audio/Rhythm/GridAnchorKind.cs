namespace Augment.Audio;

/// <summary>Where a <see cref="GridAnchor"/> came from.</summary>
public enum GridAnchorKind
{
    /// <summary>A picture cut supplied by the caller.</summary>
    Cut,

    /// <summary>A peak of the motion-energy curve.</summary>
    MotionPeak,
}
