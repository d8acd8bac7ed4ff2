namespace Augment.Library;

/// <summary>One result of a vector search: a shot and its similarity to the query (higher is closer).</summary>
/// <param name="Shot">The shot.</param>
/// <param name="Score">Cosine similarity of the shot's embedding to the query.</param>
public readonly record struct ShotMatch(ShotKey Shot, float Score);
