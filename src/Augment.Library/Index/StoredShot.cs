using Augment.Vision;

namespace Augment.Library;

/// <summary>A shot as an index holds it (the thumbnail is fetched separately).</summary>
/// <param name="Key">Asset id and shot index.</param>
/// <param name="Start">Time of the first frame.</param>
/// <param name="End">The time just after the last frame (exclusive end).</param>
/// <param name="Keyframe">Time of the keyframe.</param>
/// <param name="Transition">How the shot began.</param>
/// <param name="Hashes">The keyframe's perceptual hashes, when stored.</param>
public sealed record StoredShot(ShotKey Key, TimeSpan Start, TimeSpan End, TimeSpan Keyframe, ShotTransition Transition, ImageHashes? Hashes);
