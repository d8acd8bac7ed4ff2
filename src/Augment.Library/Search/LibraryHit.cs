namespace Augment.Library;

/// <summary>One search result: a time-coded range of a shot with its score and what matched.</summary>
/// <param name="Asset">The asset the shot belongs to.</param>
/// <param name="Shot">The shot.</param>
/// <param name="Score">Combined score, 0..1, higher is better.</param>
/// <param name="Start">Start of the matched range: the shot's start, or later when the matching tags hold for less.</param>
/// <param name="End">End of the matched range (exclusive: the time just after its last frame).</param>
/// <param name="MatchedTags">The tags that matched query words, best first (empty for similarity-only results).</param>
public sealed record LibraryHit(StoredAsset Asset, StoredShot Shot, float Score, TimeSpan Start, TimeSpan End, IReadOnlyList<string> MatchedTags)
{
    /// <summary>The tag part of the score: mean over the query's words of the best tag (or path) match, 0..1.</summary>
    public float TagScore { get; init; }

    /// <summary>The embedding part: cosine similarity to the query vector, or 0 when none was used.</summary>
    public float Similarity { get; init; }

    /// <summary>Length of the matched range.</summary>
    public TimeSpan Duration => End - Start;
}
