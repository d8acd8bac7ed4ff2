namespace Augment.Library;

/// <summary>How a library search filters, weighs and cuts its results.</summary>
public sealed record SearchOptions
{
    /// <summary>Which assets may appear (duration, resolution, date, folder, kind).</summary>
    public AssetFilter Filter { get; init; } = AssetFilter.None;

    /// <summary>Most results returned (default 20).</summary>
    public int Limit { get; init; } = 20;

    /// <summary>
    /// Weight of the tag match against embedding similarity when the library has a text embedder: score =
    /// w * tag score + (1 - w) * cosine similarity. Default 0.5. Without an embedder the score is the tag score.
    /// </summary>
    public float TagWeight { get; init; } = 0.5f;

    /// <summary>What a query word found only in an asset's path counts for, 0..1 (default 0.5; a tag counts its score).</summary>
    public float PathWeight { get; init; } = 0.5f;

    /// <summary>Results scoring below this are dropped (default 0: every shot that matched something).</summary>
    public float MinScore { get; init; }

    /// <summary>The defaults.</summary>
    public static SearchOptions Default { get; } = new();
}
