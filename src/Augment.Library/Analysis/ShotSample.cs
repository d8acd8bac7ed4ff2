namespace Augment.Library;

/// <summary>One shot as an analyser sees it.</summary>
/// <param name="ShotIndex">The shot's index within the asset.</param>
/// <param name="Start">Time of the shot's first frame.</param>
/// <param name="End">The time just after the shot's last frame (equal to <paramref name="Start"/> for a still).</param>
/// <param name="Keyframe">The keyframe, sRGB-encoded RGB, at the scan's analysis resolution (its short side is at
/// least 256 pixels unless the source is smaller).</param>
/// <param name="MotionAmount">Mean absolute luma change between consecutive analysed frames of the shot, 0..1 of full
/// scale (0 for a still).</param>
public sealed record ShotSample(int ShotIndex, TimeSpan Start, TimeSpan End, ImageFrame Keyframe, float MotionAmount);
