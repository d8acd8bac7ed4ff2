using Augment.Vision;

namespace Augment.Library;

/// <summary>The perceptual hashes of one shot's keyframe, for near-duplicate search.</summary>
/// <param name="Shot">The shot.</param>
/// <param name="Hashes">pHash and dHash of its keyframe.</param>
public readonly record struct ShotHashes(ShotKey Shot, ImageHashes Hashes);
