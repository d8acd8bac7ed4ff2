namespace Augment.Splat.Training;

/// <summary>Why a frame may not be selected (flags; <see cref="None"/> for a usable frame).</summary>
[Flags]
public enum FrameRejection
{
    /// <summary>Usable.</summary>
    None = 0,

    /// <summary>Sharpness below the floor (<see cref="FrameSelectionOptions.SharpnessFloor"/> times the video's median).</summary>
    Blurry = 1,

    /// <summary>Underexposed: mean luma below 0.12 or more than half the pixels clipped to black.</summary>
    Dark = 2,

    /// <summary>Overexposed: mean luma above 0.9 or more than a third of the pixels clipped to white.</summary>
    Bright = 4,
}
