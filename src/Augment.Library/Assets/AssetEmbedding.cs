namespace Augment.Library;

/// <summary>The embedding vector of one shot's keyframe from one model.</summary>
/// <param name="ShotIndex">The shot it belongs to (0 for a still).</param>
/// <param name="Vector">The vector; every embedding of one source has the same length.</param>
public sealed record AssetEmbedding(int ShotIndex, float[] Vector);
